import { describe, expect, it } from 'vitest'
import { erfc, normalSf, twoProportion } from './proportions.ts'

describe('normalSf', () => {
  // Reference values: 2 · scipy.stats.norm.sf(z). Relative tolerance, since the point is small p.
  it.each([
    [1.959964, 0.049999998192884795],
    [2.575829, 0.010000008778481622],
    [0, 1],
    [1, 0.31731050786291415],
    [3, 0.0026997960632601866],
    [5, 5.733031437583866e-7],
    [8, 1.244192114854348e-15],
  ])('two-sided p at z = %f is %f', (z, p) => expect(Math.abs((2 * normalSf(z)) / p - 1)).toBeLessThan(2e-7))

  it.each([0.3, 1.7, 4])('erfc(−x) = 2 − erfc(x) at %f', (x) => expect(erfc(-x)).toBeCloseTo(2 - erfc(x), 14))
})

describe('twoProportion', () => {
  it('matches a hand-worked pooled z-test', () => {
    // p1 = 10/200 = 0.05, p2 = 30/200 = 0.15, pooled = 0.1,
    // se = sqrt(0.1·0.9·(2/200)) = 0.03, z = 0.1/0.03 = 3.3333; two-sided p = 8.5812e-4 (scipy).
    const r = twoProportion(10, 200, 30, 200)
    expect(r.z).toBeCloseTo(10 / 3, 10)
    expect(r.effect).toBeCloseTo(0.1, 12)
    expect(r.pValue).toBeCloseTo(2 * 0.0004290603331968372, 9)
  })

  it('is antisymmetric in the windows', () => {
    const a = twoProportion(12, 300, 20, 250)
    const b = twoProportion(20, 250, 12, 300)
    expect(b.z).toBeCloseTo(-a.z, 12)
    expect(b.pValue).toBeCloseTo(a.pValue, 12)
  })

  it.each([
    ['no events anywhere', 0, 100, 0, 100],
    ['all events everywhere', 100, 100, 50, 50],
    ['an empty window', 0, 0, 5, 100],
  ])('%s → z 0, p 1', (_, x1, n1, x2, n2) => expect(twoProportion(x1, n1, x2, n2)).toMatchObject({ z: 0, pValue: 1 }))
})
