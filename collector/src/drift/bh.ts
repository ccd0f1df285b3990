/**
 * @module drift/bh
 * Benjamini-Hochberg false-discovery-rate control across the features of one drift report, so
 * that checking seven features per agent × model does not multiply false alarms.
 */

export interface BhResult {
  /** BH-adjusted p-values (q-values), in input order */
  adjusted: number[]
  /** adjusted ≤ q, in input order */
  rejected: boolean[]
}

/**
 * Step-up BH: adjusted p of rank r (1-based, ascending) is min over ranks ≥ r of p·n/rank, capped
 * at 1. The running minimum from the largest p down keeps the adjusted values monotone in p.
 * NaN p-values (untested features) are passed through as NaN and never rejected; they do not
 * count towards n.
 */
export function benjaminiHochberg(pValues: readonly number[], q = 0.05): BhResult {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((x, y) => x.p - y.p)
  const n = order.length
  const adjusted = pValues.map(() => Number.NaN)
  let running = 1
  for (let r = n; r >= 1; r--) {
    const { p, i } = order[r - 1] as { p: number; i: number }
    running = Math.min(running, (p * n) / r)
    adjusted[i] = running
  }
  return { adjusted, rejected: adjusted.map((a) => a <= q) }
}
