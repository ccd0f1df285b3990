import { describe, expect, it } from 'vitest'
import { kolmogorovSf, ksTwoSample } from './ks.ts'

/** Oracle for D: evaluate both ECDFs at every pooled value by brute force (O((n+m)²)). */
function bruteForceD(a: readonly number[], b: readonly number[]): number {
  const ecdf = (xs: readonly number[], t: number): number => xs.filter((x) => x <= t).length / xs.length
  return Math.max(...[...a, ...b].map((t) => Math.abs(ecdf(a, t) - ecdf(b, t))))
}

const A = [
  0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28,
  2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47,
]
const B = A.map((x) => x + 1.0)

describe('kolmogorovSf', () => {
  // Reference values: scipy.special.kolmogorov (independent implementation).
  it.each([
    [0.5, 0.9639452436648751],
    [1.0, 0.26999967167735456],
    [1.36, 0.049485876755377876],
    [2.0, 0.0006709252557796953],
    [0.2, 0.999999999999495],
  ])('Q_KS(%f) = %f', (lambda, q) => expect(kolmogorovSf(lambda)).toBeCloseTo(q, 10))

  it.each([0, -1, 0.1, Number.NaN])(
    'Q_KS(%f) = 1 (series would not converge; Q is 1 to double precision)',
    (lambda) => {
      expect(kolmogorovSf(lambda)).toBe(1)
    },
  )

  it('is clamped to [0, 1] and decreasing', () => {
    const xs = Array.from({ length: 60 }, (_, i) => 0.1 * i)
    const qs = xs.map(kolmogorovSf)
    for (let i = 1; i < qs.length; i++) expect(qs[i]).toBeLessThanOrEqual(qs[i - 1] as number)
    expect(Math.min(...qs)).toBeGreaterThanOrEqual(0)
  })
})

describe('ksTwoSample', () => {
  it('finds the D of the fixed sample shifted by +1.0 (0.44 = 11/25) and its corrected asymptotic p', () => {
    const r = ksTwoSample(A, B)
    expect(r.statistic).toBeCloseTo(bruteForceD(A, B), 12)
    expect(r.statistic).toBeCloseTo(0.44, 12)
    // en = sqrt(25·25/50) = 3.5355; λ = (en + 0.12 + 0.11/en)·0.44 = 1.6219;
    // scipy.special.kolmogorov(λ) = 0.010363878041822386.
    expect(r.pValue).toBeCloseTo(0.010363878041822386, 9)
  })

  it.each([
    ['ties across samples', [1, 2, 2, 3, 3, 3], [2, 3, 3, 4, 4, 5, 5], 4 / 7],
    ['identical samples', [1, 2, 3], [1, 2, 3], 0],
    ['all tied', [5, 5, 5], [5, 5], 0],
    ['disjoint', [1, 2], [3, 4, 5], 1],
    ['unequal sizes with duplicates (at t=1: 5/6 − 1/4)', [0, 0, 1, 1, 1, 2], [1, 2, 2, 2], 7 / 12],
  ])('%s: D matches the brute-force ECDF difference', (_, a, b, d) => {
    expect(ksTwoSample(a, b).statistic).toBeCloseTo(d, 12)
    expect(ksTwoSample(a, b).statistic).toBeCloseTo(bruteForceD(a, b), 12)
  })

  it('is symmetric and does not mutate its inputs', () => {
    const a = [3, 1, 2]
    const b = [2, 5, 4, 0]
    expect(ksTwoSample(a, b)).toEqual(ksTwoSample(b, a))
    expect(a).toEqual([3, 1, 2])
  })

  it.each([
    [[], [1, 2]],
    [[1], []],
  ])('empty sample → D 0, p 1', (a, b) => expect(ksTwoSample(a, b)).toEqual({ statistic: 0, pValue: 1 }))

  it('identical samples have p = 1', () => expect(ksTwoSample(A, A).pValue).toBe(1))
})
