/**
 * @module drift/stats
 * One drift feature = one reference window vs one current window, judged with the test that fits
 * the feature's kind: KS for continuous values, chi-square (with Jensen-Shannon as effect size) for
 * small counts, a two-proportion z-test for rates. A feature is "drifted" only when it is both
 * significant and large (p < alpha and effect ≥ threshold): with thousands of calls per window,
 * significance alone flags differences nobody cares about.
 */
import { benjaminiHochberg } from './bh.ts'
import { chiSquareCounts, jensenShannon } from './chi-square.ts'
import { sharedHistogram, type SharedHistogram } from './histogram.ts'
import { ksTwoSample } from './ks.ts'
import { twoProportion } from './proportions.ts'
import { percentiles, type Percentiles } from './quantiles.ts'

type FeatureStatus = 'ok' | 'insufficient-data'

export interface CompareOptions {
  alpha?: number
  /** minimum effect size: KS D, |p2 − p1|, or JS divergence (bits) by kind */
  minEffect?: number
  /** below this many samples in either window the feature is not tested */
  minSamples?: number
}

interface FeatureBase {
  nRef: number
  nCur: number
  statistic: number
  /** NaN when status is 'insufficient-data' */
  pValue: number
  effectSize: number
  threshold: number
  alpha: number
  drifted: boolean
  status: FeatureStatus
}

export interface ContinuousFeature extends FeatureBase {
  kind: 'continuous'
  /** (median_cur − median_ref)/|median_ref|; NaN when the reference median is 0 */
  relativeMedianShift: number
  quantiles: { ref: Percentiles; cur: Percentiles }
  histogram: SharedHistogram
}

export interface CountsFeature extends FeatureBase {
  kind: 'counts'
  df: number
  /** category labels: "0", "1", …, "≥max" */
  categories: string[]
  refCounts: number[]
  curCounts: number[]
  quantiles: { ref: Percentiles; cur: Percentiles }
}

export interface RateFeature extends FeatureBase {
  kind: 'rate'
  rateRef: number
  rateCur: number
}

export type FeatureResult = ContinuousFeature | CountsFeature | RateFeature

const DEFAULTS = { alpha: 0.05, minSamples: 100 }

function verdict(
  nRef: number,
  nCur: number,
  pValue: number,
  effect: number,
  alpha: number,
  minEffect: number,
  minSamples: number,
): { status: FeatureStatus; pValue: number; drifted: boolean } {
  if (nRef < minSamples || nCur < minSamples) return { status: 'insufficient-data', pValue: Number.NaN, drifted: false }
  return { status: 'ok', pValue, drifted: pValue < alpha && Math.abs(effect) >= minEffect }
}

/** KS comparison of a continuous feature; `log` asks for log-spaced histogram bins (latency, cost). */
export function compareContinuous(
  ref: readonly number[],
  cur: readonly number[],
  options: CompareOptions & { bins?: number; log?: boolean } = {},
): ContinuousFeature {
  const { alpha = DEFAULTS.alpha, minEffect = 0.1, minSamples = DEFAULTS.minSamples, bins = 20, log = false } = options
  const ks = ksTwoSample(ref, cur)
  const q = { ref: percentiles(ref), cur: percentiles(cur) }
  const v = verdict(ref.length, cur.length, ks.pValue, ks.statistic, alpha, minEffect, minSamples)
  return {
    kind: 'continuous',
    nRef: ref.length,
    nCur: cur.length,
    statistic: ks.statistic,
    effectSize: ks.statistic,
    threshold: minEffect,
    alpha,
    ...v,
    relativeMedianShift: q.ref.p50 === 0 ? Number.NaN : (q.cur.p50 - q.ref.p50) / Math.abs(q.ref.p50),
    quantiles: q,
    histogram: sharedHistogram(ref, cur, { bins, log }),
  }
}

/** Pooled two-proportion test of a rate (x events out of n) in each window. */
export function compareRate(x1: number, n1: number, x2: number, n2: number, options: CompareOptions = {}): RateFeature {
  const { alpha = DEFAULTS.alpha, minEffect = 0.02, minSamples = DEFAULTS.minSamples } = options
  const t = twoProportion(x1, n1, x2, n2)
  return {
    kind: 'rate',
    nRef: n1,
    nCur: n2,
    statistic: t.z,
    effectSize: t.effect,
    threshold: minEffect,
    alpha,
    ...verdict(n1, n2, t.pValue, t.effect, alpha, minEffect, minSamples),
    rateRef: n1 > 0 ? x1 / n1 : Number.NaN,
    rateCur: n2 > 0 ? x2 / n2 : Number.NaN,
  }
}

/**
 * Integer values (steps or retries per trace) → category counts 0, 1, …, max−1, "≥max".
 * The open top category keeps one runaway trace from adding a near-empty column, which would
 * break the chi-square approximation (expected counts ≪ 5).
 */
export function countCategories(values: readonly number[], max: number): number[] {
  const counts = new Array<number>(max + 1).fill(0)
  for (const v of values) {
    const i = Math.min(max, Math.max(0, Math.round(v)))
    counts[i] = (counts[i] ?? 0) + 1
  }
  return counts
}

/** Chi-square homogeneity test of a count feature, with Jensen-Shannon divergence as effect size. */
export function compareCounts(
  ref: readonly number[],
  cur: readonly number[],
  options: CompareOptions & { maxCategory?: number } = {},
): CountsFeature {
  const { alpha = DEFAULTS.alpha, minEffect = 0.01, minSamples = DEFAULTS.minSamples, maxCategory = 10 } = options
  const refCounts = countCategories(ref, maxCategory)
  const curCounts = countCategories(cur, maxCategory)
  const chi = chiSquareCounts(refCounts, curCounts)
  const js = jensenShannon(refCounts, curCounts)
  return {
    kind: 'counts',
    nRef: ref.length,
    nCur: cur.length,
    statistic: chi.statistic,
    df: chi.df,
    effectSize: js,
    threshold: minEffect,
    alpha,
    ...verdict(ref.length, cur.length, chi.pValue, js, alpha, minEffect, minSamples),
    categories: refCounts.map((_, i) => (i === maxCategory ? `≥${maxCategory}` : String(i))),
    refCounts,
    curCounts,
    quantiles: { ref: percentiles(ref), cur: percentiles(cur) },
  }
}

/**
 * BH across the features of one report (one agent × model): each tested feature gets its
 * adjusted p-value, and `drifted` is re-decided on it against the feature's own alpha (used as the
 * FDR level q). Untested features keep NaN and are never drifted.
 */
export function adjustAcrossFeatures<F extends FeatureResult>(
  features: readonly F[],
): Array<F & { pAdjusted: number }> {
  const { adjusted } = benjaminiHochberg(features.map((f) => (f.status === 'ok' ? f.pValue : Number.NaN)))
  return features.map((f, i) => {
    const pAdjusted = adjusted[i] ?? Number.NaN
    const drifted = f.status === 'ok' && pAdjusted < f.alpha && Math.abs(f.effectSize) >= f.threshold
    return { ...f, pAdjusted, drifted }
  })
}
