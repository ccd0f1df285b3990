import { describe, expect, it } from 'vitest'
import { chiSquareCounts, chiSquareSf, gammaQ, jensenShannon, lnGamma } from './chi-square.ts'

describe('chiSquareSf', () => {
  // Reference values: scipy.stats.chi2.sf.
  it.each([
    [3.841459, 1, 0.04999999465319563],
    [5.991465, 2, 0.04999998867770084],
    [11.0705, 5, 0.0499999554280436],
    [0.5, 3, 0.9188914116546758],
    [0.001, 1, 0.9747728793699604],
    [20, 30, 0.9165415270653372],
  ])('P(χ² > %f | df=%i) = %f', (x, df, p) => expect(chiSquareSf(x, df)).toBeCloseTo(p, 8))

  it('keeps relative precision deep in the tail', () => {
    const p = chiSquareSf(100, 10)
    expect(Math.abs(p / 5.4497019829205215e-17 - 1)).toBeLessThan(1e-6)
  })

  it.each([
    [0, 3, 1],
    [-1, 2, 1],
  ])('x ≤ 0 → 1', (x, df, p) => expect(chiSquareSf(x, df)).toBe(p))
})

describe('gammaQ / lnGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [5, Math.log(24)],
    [0.5, Math.log(Math.sqrt(Math.PI))],
  ])('lnΓ(%f) = %f', (x, v) => expect(lnGamma(x)).toBeCloseTo(v, 9))

  // Q(1, x) = e^{−x}; Q(a, x) is continuous across the series/fraction switch at x = a + 1.
  it.each([0.1, 1, 1.999, 2.001, 5, 30])('Q(1, %f) = e^-x', (x) => expect(gammaQ(1, x)).toBeCloseTo(Math.exp(-x), 12))
})

describe('chiSquareCounts', () => {
  // Reference values: scipy.stats.chi2_contingency(table, correction=False).
  it.each([
    [[10, 20, 30], [20, 20, 20], 5.333333333333334, 2, 0.0694834512228015],
    [[15, 25, 40, 20], [30, 25, 25, 20], 8.461538461538462, 3, 0.0373766667837786],
    // An all-zero column is dropped: same answer as the 2×3 table above.
    [[10, 0, 20, 30], [20, 0, 20, 20], 5.333333333333334, 2, 0.0694834512228015],
  ])('%o vs %o → χ² %f, df %i, p %f', (ref, cur, stat, df, p) => {
    const r = chiSquareCounts(ref, cur)
    expect(r.statistic).toBeCloseTo(stat, 10)
    expect(r.df).toBe(df)
    expect(r.pValue).toBeCloseTo(p, 8)
  })

  it.each([
    ['a single non-empty column', [5, 0], [7, 0]],
    ['an empty window', [0, 0, 0], [3, 4, 5]],
    ['no columns', [], []],
  ])('%s → nothing to test, p = 1', (_, ref, cur) => {
    expect(chiSquareCounts(ref, cur)).toMatchObject({ statistic: 0, pValue: 1 })
  })
})

describe('jensenShannon', () => {
  // Reference values: scipy.spatial.distance.jensenshannon(p, q, base=2) ** 2.
  it.each([
    ['identical', [1, 2, 3], [2, 4, 6], 0],
    ['disjoint', [1, 0], [0, 1], 1],
    ['known pair', [1, 2, 3], [3, 2, 1], 0.1258145836939115],
    ['half overlap', [1, 1, 0], [0, 1, 1], 0.5],
    ['both empty', [0, 0], [0, 0], 0],
    ['one empty', [0, 0], [1, 0], 1],
  ])('%s → %f', (_, p, q, js) => expect(jensenShannon(p, q)).toBeCloseTo(js, 12))
})
