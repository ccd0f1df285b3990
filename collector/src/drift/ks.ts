/**
 * @module drift/ks
 * Two-sample Kolmogorov-Smirnov test for continuous features (latency, tokens, cost).
 * The p-value is the asymptotic one with the Stephens small-sample correction, as in Numerical
 * Recipes `kstwo` and older SciPy `ks_2samp(method='asymp')`:
 *   en = sqrt(n·m/(n+m)),  p = Q_KS((en + 0.12 + 0.11/en) · D).
 * It is slightly conservative at the sample sizes we gate on (≥ 100 per window), which is the
 * direction we want for an alarm.
 */

export interface KsResult {
  /** sup |F_a − F_b|, in [0, 1]; also the effect size */
  statistic: number
  pValue: number
}

/**
 * Kolmogorov survival function Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, clamped to [0, 1].
 * For small λ the alternating series converges too slowly to be summed, but Q is 1 to double
 * precision there (Q(0.2) = 1 − 5e−13), so we return 1.
 */
export function kolmogorovSf(lambda: number): number {
  if (!(lambda > 0.18)) return 1
  let sum = 0
  let sign = 1
  for (let k = 1; k <= 100; k++) {
    const term = sign * Math.exp(-2 * k * k * lambda * lambda)
    sum += term
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) break
    sign = -sign
  }
  return Math.min(1, Math.max(0, 2 * sum))
}

const ascending = (x: number, y: number): number => x - y

/**
 * Exact D by walking both sorted samples. Ties: all copies of a value are consumed from both
 * samples before the ECDFs are compared, so D is measured only between distinct values (comparing
 * mid-tie would overstate D). Empty samples give D = 0, p = 1.
 */
export function ksTwoSample(a: readonly number[], b: readonly number[]): KsResult {
  const n = a.length
  const m = b.length
  if (n === 0 || m === 0) return { statistic: 0, pValue: 1 }
  const sa = [...a].sort(ascending)
  const sb = [...b].sort(ascending)
  let i = 0
  let j = 0
  let d = 0
  while (i < n && j < m) {
    const x = Math.min(sa[i] as number, sb[j] as number)
    while (i < n && sa[i] === x) i++
    while (j < m && sb[j] === x) j++
    d = Math.max(d, Math.abs(i / n - j / m))
  }
  const en = Math.sqrt((n * m) / (n + m))
  return { statistic: d, pValue: kolmogorovSf((en + 0.12 + 0.11 / en) * d) }
}
