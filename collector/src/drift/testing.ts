/**
 * @module drift/testing
 * Seeded random samples for the drift tests, so every draw (and every false-alarm rate measured
 * over many draws) is reproducible. Not used at runtime.
 */

/** mulberry32: a tiny seeded PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** One standard normal draw (Box-Muller; 1 − u keeps the log argument in (0, 1]). */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
}

/** n log-normal draws with median `median` and log-scale spread `sigma`. */
export function logNormals(rand: () => number, n: number, median: number, sigma: number): number[] {
  return Array.from({ length: n }, () => median * Math.exp(sigma * normal(rand)))
}

/** n Poisson draws with mean `mean` (Knuth's method; fine for the small means of step counts). */
export function poissons(rand: () => number, n: number, mean: number): number[] {
  const limit = Math.exp(-mean)
  return Array.from({ length: n }, () => {
    let k = 0
    let p = rand()
    while (p > limit) {
      k++
      p *= rand()
    }
    return k
  })
}

/** n Bernoulli draws with probability `p`, as a count of successes. */
export function successes(rand: () => number, n: number, p: number): number {
  let x = 0
  for (let i = 0; i < n; i++) if (rand() < p) x++
  return x
}
