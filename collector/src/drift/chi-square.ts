/**
 * @module drift/chi-square
 * Tests for count-valued features (steps per trace, retries per trace): chi-square homogeneity on
 * a 2×k table, its tail via the regularized upper incomplete gamma function (Numerical Recipes
 * gser/gcf), and the Jensen-Shannon divergence used as the effect size.
 */

/** ln Γ(x) for x > 0, Lanczos approximation (Numerical Recipes gammln, |ε| < 2e-10). */
export function lnGamma(x: number): number {
  const cof = [
    76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2,
    -0.5395239384953e-5,
  ]
  let y = x
  const tmp0 = x + 5.5
  const tmp = tmp0 - (x + 0.5) * Math.log(tmp0)
  let ser = 1.000000000190015
  for (const c of cof) ser += c / ++y
  return -tmp + Math.log((2.5066282746310007 * ser) / x)
}

const EPS = 1e-15
const TINY = 1e-300

/** Series for P(a, x); converges quickly for x < a + 1. */
function gammaPSeries(a: number, x: number): number {
  let ap = a
  let del = 1 / a
  let sum = del
  for (let n = 0; n < 1000; n++) {
    del *= x / ++ap
    sum += del
    if (Math.abs(del) < Math.abs(sum) * EPS) break
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a))
}

/** Continued fraction for Q(a, x) (modified Lentz); converges quickly for x ≥ a + 1. */
function gammaQFraction(a: number, x: number): number {
  let b = x + 1 - a
  let c = 1 / TINY
  let d = 1 / b
  let h = d
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < TINY) d = TINY
    c = b + an / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < EPS) break
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a), a > 0, x ≥ 0. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQFraction(a, x)
}

/** P(χ²_df > x). */
export function chiSquareSf(x: number, df: number): number {
  return df <= 0 ? 1 : Math.min(1, Math.max(0, gammaQ(df / 2, x / 2)))
}

export interface ChiSquareResult {
  statistic: number
  df: number
  pValue: number
}

/**
 * Chi-square test of homogeneity on the 2×k table [refCounts; curCounts], without continuity
 * correction (matches SciPy chi2_contingency(correction=False) for k > 2). Columns empty in both
 * windows carry no information and are dropped; with fewer than two columns left, or an empty
 * window, there is nothing to test and the result is statistic 0, p = 1.
 */
export function chiSquareCounts(refCounts: readonly number[], curCounts: readonly number[]): ChiSquareResult {
  const cols: Array<[number, number]> = []
  for (let i = 0; i < Math.max(refCounts.length, curCounts.length); i++) {
    const r = refCounts[i] ?? 0
    const c = curCounts[i] ?? 0
    if (r + c > 0) cols.push([r, c])
  }
  const nRef = cols.reduce((s, [r]) => s + r, 0)
  const nCur = cols.reduce((s, [, c]) => s + c, 0)
  const df = cols.length - 1
  if (df < 1 || nRef === 0 || nCur === 0) return { statistic: 0, df: Math.max(df, 0), pValue: 1 }
  const total = nRef + nCur
  let statistic = 0
  for (const [r, c] of cols) {
    const eRef = (nRef * (r + c)) / total
    const eCur = (nCur * (r + c)) / total
    statistic += (r - eRef) ** 2 / eRef + (c - eCur) ** 2 / eCur
  }
  return { statistic, df, pValue: chiSquareSf(statistic, df) }
}

/**
 * Jensen-Shannon divergence in bits (in [0, 1]) between two count vectors, each normalised to a
 * distribution first. An empty vector has no distribution: the divergence is then 0 if both are
 * empty, else 1, so a window with no data never reads as "no change".
 */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  const sp = p.reduce((s, v) => s + v, 0)
  const sq = q.reduce((s, v) => s + v, 0)
  if (sp === 0 || sq === 0) return sp === sq ? 0 : 1
  let js = 0
  for (let i = 0; i < Math.max(p.length, q.length); i++) {
    const pi = (p[i] ?? 0) / sp
    const qi = (q[i] ?? 0) / sq
    const mi = (pi + qi) / 2
    if (pi > 0) js += 0.5 * pi * Math.log2(pi / mi)
    if (qi > 0) js += 0.5 * qi * Math.log2(qi / mi)
  }
  return Math.min(1, Math.max(0, js))
}
