/**
 * @module drift/quantiles
 * Sample quantiles with linear interpolation between order statistics: numpy's default
 * (`method='linear'`, R type 7), so the UI's p50/p95/p99 agree with what an analyst gets in a
 * notebook from the same rows.
 */

/**
 * Quantiles of `values` at each probability in `probs` (each in [0, 1]).
 * Position h = (n − 1)·p; result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * Empty input gives NaN for every probability.
 */
export function quantiles(values: readonly number[], probs: readonly number[]): number[] {
  const sorted = [...values].sort((x, y) => x - y)
  const n = sorted.length
  return probs.map((p) => {
    if (n === 0) return Number.NaN
    const h = (n - 1) * Math.min(1, Math.max(0, p))
    const lo = Math.floor(h)
    const x0 = sorted[lo] as number
    const x1 = sorted[Math.min(lo + 1, n - 1)] as number
    return x0 + (h - lo) * (x1 - x0)
  })
}

export interface Percentiles {
  p50: number
  p95: number
  p99: number
}

/** The three percentiles a drift feature reports for each window. */
export function percentiles(values: readonly number[]): Percentiles {
  const [p50, p95, p99] = quantiles(values, [0.5, 0.95, 0.99]) as [number, number, number]
  return { p50, p95, p99 }
}
