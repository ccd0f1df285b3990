/**
 * @module drift/report
 * Pure: the samples of a reference and a current window → the drift report's groups.
 *
 * - Per (agent, model), the call features: `latency-ms`, `input-tokens-per-call`,
 *   `output-tokens-per-call` (KS, log-spaced bins) and `call-error-rate` (two-proportion).
 * - Per agent, under model '', the trace features: `cost-per-trace-usd` (KS, log bins),
 *   `steps-per-trace` and `retries-per-trace` (chi-square on integer categories, Jensen-Shannon as
 *   the effect size) and `trace-error-rate` (two-proportion). Calls with no model recorded share
 *   that group too: model '' means "no single model" either way.
 *
 * Invariants: Benjamini-Hochberg runs once across every tested feature of the whole report, and a
 * feature is drifted only when pAdjusted < alpha and its effect reaches its threshold. A feature
 * with fewer than `minSamples` samples in either window is 'insufficient-data': never drifted, and
 * its statistic, effect and p-values are null. NaN never reaches the JSON: it becomes null.
 */
import { DRIFT_FEATURES, type DriftFeature, type DriftFeatureId, type DriftGroup } from '@loupe/schema'
import { quantiles as sampleQuantiles, type Percentiles } from './quantiles.ts'
import { adjustAcrossFeatures, compareContinuous, compareCounts, compareRate, type FeatureResult } from './stats.ts'

export const MIN_SAMPLES = 100
/** Most categories a counts feature is tested on; wider ranges are grouped into integer bins. */
const MAX_COUNT_BINS = 12

/** One (agent, model)'s LLM calls in one window. `errors` of `calls` failed. */
export interface CallWindowSample {
  window: 'ref' | 'cur'
  agentName: string
  model: string
  latencyMs: number[]
  inputTokens: number[]
  outputTokens: number[]
  calls: number
  errors: number
}

/** One agent's traces in one window (one value per trace). `errors` of `traces` had a failed span. */
export interface TraceWindowSample {
  window: 'ref' | 'cur'
  agentName: string
  costUsd: number[]
  steps: number[]
  retries: number[]
  traces: number
  errors: number
}

export interface ReportOptions {
  alpha: number
  minSamples?: number
}

type Histogram = NonNullable<DriftFeature['histogram']>

/** A feature tested, before the report-wide adjustment. */
interface Pending {
  id: DriftFeatureId
  test: DriftFeature['test']
  result: FeatureResult
  quantiles: { ref: Percentiles; cur: Percentiles } | null
  histogram: Histogram | null
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null)
const pct = (p: Percentiles): DriftFeature['quantiles']['ref'] =>
  Number.isFinite(p.p50) && Number.isFinite(p.p95) && Number.isFinite(p.p99) ? p : null
const percentiles = (xs: readonly number[]): Percentiles => {
  const [p50, p95, p99] = sampleQuantiles(xs, [0.5, 0.95, 0.99]) as [number, number, number]
  return { p50, p95, p99 }
}

/**
 * Ascending copy via a typed array (numeric sort without a comparator callback): the KS and
 * quantile code sort their input again, and an already sorted array sorts in one linear pass.
 * Together this makes a 5000-sample feature about three times faster.
 */
const ascending = (xs: readonly number[]): number[] => Array.from(Float64Array.from(xs).sort())

function continuous(
  id: DriftFeatureId,
  ref: readonly number[],
  cur: readonly number[],
  o: Required<ReportOptions>,
): Pending {
  const result = compareContinuous(ascending(ref), ascending(cur), {
    alpha: o.alpha,
    minSamples: o.minSamples,
    log: true,
  })
  const h = result.histogram
  return {
    id,
    test: 'ks',
    result,
    quantiles: result.quantiles,
    histogram: { edges: h.edges, labels: [], ref: h.ref, cur: h.cur, scale: h.scale },
  }
}

/**
 * Shared integer categories for a counts feature, from the pooled 5th to 95th percentile so the
 * open end categories each hold about 5% or more (chi-square wants expected counts ≥ 5 at the
 * 100-sample minimum). Wider ranges are grouped into equal integer bins, at most MAX_COUNT_BINS + 1
 * categories in all. Category i covers [lo + i·w, lo + (i+1)·w); the first also takes values below
 * lo, the last (K = ⌊span/w⌋, so it starts at or below the 95th percentile) everything from lo + K·w up.
 */
export function countBins(
  ref: readonly number[],
  cur: readonly number[],
): { index: (v: number) => number; labels: string[]; edges: number[] } {
  const pooled = [...ref, ...cur]
  if (pooled.length === 0) return { index: () => 0, labels: ['0', '≥1'], edges: [0, 1, 2] }
  const [q05, q95] = sampleQuantiles(pooled, [0.05, 0.95]) as [number, number]
  let min = Infinity
  let max = -Infinity
  for (const v of pooled) {
    if (v < min) min = v
    if (v > max) max = v
  }
  const lo = Math.floor(q05)
  const span = Math.max(1, Math.ceil(q95) - lo)
  const w = Math.ceil(span / MAX_COUNT_BINS)
  const k = Math.floor(span / w)
  const range = (a: number, b: number): string => (a === b ? String(a) : `${a}–${b}`)
  const labels = Array.from({ length: k + 1 }, (_, i) => {
    const a = lo + i * w
    if (i === k) return a >= max ? String(a) : `≥${a}`
    if (i === 0 && min < lo) return `≤${a + w - 1}`
    return range(a, a + w - 1)
  })
  const edges = Array.from({ length: k + 2 }, (_, i) =>
    i === k + 1 ? Math.max(max + 1, lo + (k + 1) * w) : lo + i * w,
  )
  edges[0] = Math.min(min, lo)
  return { index: (v) => Math.min(k, Math.max(0, Math.floor((v - lo) / w))), labels, edges }
}

function counts(
  id: DriftFeatureId,
  ref: readonly number[],
  cur: readonly number[],
  o: Required<ReportOptions>,
): Pending {
  const bins = countBins(ref, cur)
  const result = compareCounts(ref.map(bins.index), cur.map(bins.index), {
    alpha: o.alpha,
    minSamples: o.minSamples,
    maxCategory: bins.labels.length - 1,
  })
  return {
    id,
    test: 'chi-square',
    result,
    quantiles: { ref: percentiles(ref), cur: percentiles(cur) },
    histogram: {
      edges: bins.edges,
      labels: bins.labels,
      ref: result.refCounts,
      cur: result.curCounts,
      scale: 'categories',
    },
  }
}

function rate(
  id: DriftFeatureId,
  ref: { x: number; n: number },
  cur: { x: number; n: number },
  o: Required<ReportOptions>,
): Pending {
  return {
    id,
    test: 'two-proportion',
    result: compareRate(ref.x, ref.n, cur.x, cur.n, o),
    quantiles: null,
    histogram: null,
  }
}

function toFeature(p: Pending, pAdjusted: number, drifted: boolean): DriftFeature {
  const r = p.result
  const tested = r.status === 'ok'
  return {
    feature: p.id,
    test: p.test,
    status: r.status,
    nRef: r.nRef,
    nCur: r.nCur,
    statistic: tested ? num(r.statistic) : null,
    pValue: tested ? num(r.pValue) : null,
    pAdjusted: tested ? num(pAdjusted) : null,
    effectSize: tested ? num(r.effectSize) : null,
    threshold: r.threshold,
    drifted,
    quantiles: p.quantiles ? { ref: pct(p.quantiles.ref), cur: pct(p.quantiles.cur) } : { ref: null, cur: null },
    histogram: p.histogram,
    rateRef: r.kind === 'rate' ? num(r.rateRef) : null,
    rateCur: r.kind === 'rate' ? num(r.rateCur) : null,
    relativeMedianShift: r.kind === 'continuous' ? num(r.relativeMedianShift) : null,
  }
}

const EMPTY_CALLS = { latencyMs: [], inputTokens: [], outputTokens: [], calls: 0, errors: 0 }
const EMPTY_TRACES = { costUsd: [], steps: [], retries: [], traces: 0, errors: 0 }

/** Pairs each key's reference and current sample; a key seen in one window only gets an empty other. */
function pair<S extends { window: 'ref' | 'cur' }>(
  samples: readonly S[],
  key: (s: S) => string,
): Map<string, { ref?: S; cur?: S }> {
  const out = new Map<string, { ref?: S; cur?: S }>()
  for (const s of samples) {
    const k = key(s)
    const entry = out.get(k) ?? {}
    entry[s.window] = s
    out.set(k, entry)
  }
  return out
}

const groupKey = (agentName: string, model: string): string => JSON.stringify([agentName, model])

/** Builds the report's groups: drifted groups first, then by agent and model. */
export function buildDriftReport(
  samples: { calls: readonly CallWindowSample[]; traces: readonly TraceWindowSample[] },
  options: ReportOptions,
): DriftGroup[] {
  const o = { minSamples: MIN_SAMPLES, ...options }
  const groups = new Map<string, { agentName: string; model: string; pending: Pending[] }>()
  const add = (agentName: string, model: string, features: Pending[]) => {
    const k = groupKey(agentName, model)
    const g = groups.get(k) ?? { agentName, model, pending: [] }
    g.pending.push(...features)
    groups.set(k, g)
  }

  for (const [, { ref, cur }] of pair(samples.calls, (s) => groupKey(s.agentName, s.model))) {
    const any = (ref ?? cur)!
    const r = ref ?? EMPTY_CALLS
    const c = cur ?? EMPTY_CALLS
    add(any.agentName, any.model, [
      continuous('latency-ms', r.latencyMs, c.latencyMs, o),
      continuous('input-tokens-per-call', r.inputTokens, c.inputTokens, o),
      continuous('output-tokens-per-call', r.outputTokens, c.outputTokens, o),
      rate('call-error-rate', { x: r.errors, n: r.calls }, { x: c.errors, n: c.calls }, o),
    ])
  }
  for (const [, { ref, cur }] of pair(samples.traces, (s) => s.agentName)) {
    const any = (ref ?? cur)!
    const r = ref ?? EMPTY_TRACES
    const c = cur ?? EMPTY_TRACES
    add(any.agentName, '', [
      continuous('cost-per-trace-usd', r.costUsd, c.costUsd, o),
      counts('steps-per-trace', r.steps, c.steps, o),
      counts('retries-per-trace', r.retries, c.retries, o),
      rate('trace-error-rate', { x: r.errors, n: r.traces }, { x: c.errors, n: c.traces }, o),
    ])
  }

  const list = [...groups.values()]
  const adjusted = adjustAcrossFeatures(list.flatMap((g) => g.pending.map((p) => p.result)))
  let i = 0
  const order = (id: DriftFeatureId): number => DRIFT_FEATURES.indexOf(id)
  const out: DriftGroup[] = list.map((g) => {
    const features = g.pending
      .map((p) => {
        const a = adjusted[i++]!
        return toFeature(p, a.pAdjusted, a.drifted)
      })
      .sort((a, b) => order(a.feature) - order(b.feature))
    return { agentName: g.agentName, model: g.model, drifted: features.some((f) => f.drifted), features }
  })
  return out.sort(
    (a, b) => Number(b.drifted) - Number(a.drifted) || cmp(a.agentName, b.agentName) || cmp(a.model, b.model),
  )
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
