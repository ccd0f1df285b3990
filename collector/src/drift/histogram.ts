/**
 * @module drift/histogram
 * Histograms of the reference and current windows on one set of bin edges, so the UI can draw
 * them overlaid and the bars are comparable.
 */

export interface SharedHistogram {
  /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last bin also includes its upper edge */
  edges: number[]
  ref: number[]
  cur: number[]
  scale: 'linear' | 'log'
}

export interface HistogramOptions {
  bins?: number
  /** log-spaced edges for heavy-tailed features; honoured only when every value is > 0 */
  log?: boolean
}

/**
 * Bins span the union range [min, max] of both windows. A degenerate range (all values equal, or
 * no values) gets one bin of width 1 around the value so counts are still drawable.
 */
export function sharedHistogram(
  a: readonly number[],
  b: readonly number[],
  options: HistogramOptions = {},
): SharedHistogram {
  const { bins = 20, log = false } = options
  const all = [...a, ...b]
  if (all.length === 0) return { edges: [0, 1], ref: [0], cur: [0], scale: 'linear' }
  // A loop, not Math.min(...all): spreading a large window overflows the call stack.
  let lo = Infinity
  let hi = -Infinity
  for (const x of all) {
    if (x < lo) lo = x
    if (x > hi) hi = x
  }
  if (lo === hi) return { edges: [lo - 0.5, hi + 0.5], ref: [a.length], cur: [b.length], scale: 'linear' }
  const scale = log && lo > 0 ? 'log' : 'linear'
  const k = Math.max(1, Math.floor(bins))
  const f = scale === 'log' ? Math.log : (x: number): number => x
  const fLo = f(lo)
  const width = (f(hi) - fLo) / k
  const edges = Array.from({ length: k + 1 }, (_, i) => (scale === 'log' ? Math.exp(fLo + i * width) : lo + i * width))
  // Pin the ends exactly: exp(log(x)) need not round-trip, and a max value must land in the last bin.
  edges[0] = lo
  edges[k] = hi
  const count = (xs: readonly number[]): number[] => {
    const counts = new Array<number>(k).fill(0)
    for (const x of xs) {
      const idx = Math.min(k - 1, Math.max(0, Math.floor((f(x) - fLo) / width)))
      counts[idx] = (counts[idx] ?? 0) + 1
    }
    return counts
  }
  return { edges, ref: count(a), cur: count(b), scale }
}
