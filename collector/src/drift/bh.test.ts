import { describe, expect, it } from 'vitest'
import { benjaminiHochberg } from './bh.ts'

describe('benjaminiHochberg', () => {
  it.each([
    // Ranks: 0.005→1, 0.01→2, 0.03→3, 0.04→4; p·n/r = 0.02, 0.02, 0.04, 0.04.
    [[0.01, 0.04, 0.03, 0.005], 0.05, [0.02, 0.04, 0.04, 0.02], [true, true, true, true]],
    // Sorted 0.01, 0.04, 0.2, 0.5, 0.9 → 0.05, 0.1, 0.333, 0.625, 0.9 (already monotone).
    [[0.2, 0.9, 0.01, 0.5, 0.04], 0.05, [1 / 3, 0.9, 0.05, 0.625, 0.1], [false, false, true, false, false]],
    // Step-up: raw p·n/r = 0.03, 0.03, 0.03.
    [[0.01, 0.02, 0.03], 0.05, [0.03, 0.03, 0.03], [true, true, true]],
    // Capped at 1.
    [[0.9, 0.95], 0.05, [0.95, 0.95], [false, false]],
    [[], 0.05, [], []],
  ])('%o (q=%f) → adjusted %o', (p, q, adjusted, rejected) => {
    const r = benjaminiHochberg(p, q)
    r.adjusted.forEach((a, i) => expect(a).toBeCloseTo(adjusted[i] as number, 12))
    expect(r.rejected).toEqual(rejected)
  })

  it('passes NaN (untested) through and leaves it out of n', () => {
    const r = benjaminiHochberg([0.02, Number.NaN, 0.04])
    expect(r.adjusted[0]).toBeCloseTo(0.04, 12)
    expect(r.adjusted[1]).toBeNaN()
    expect(r.adjusted[2]).toBeCloseTo(0.04, 12)
    expect(r.rejected).toEqual([true, false, true])
  })

  it('never exceeds 1 and is monotone in p', () => {
    const p = [0.5, 0.8, 0.99, 0.7]
    const { adjusted } = benjaminiHochberg(p)
    expect(Math.max(...adjusted)).toBeLessThanOrEqual(1)
    const byP = p.map((x, i) => [x, adjusted[i] as number]).sort((u, v) => (u[0] as number) - (v[0] as number))
    for (let i = 1; i < byP.length; i++) expect(byP[i]?.[1]).toBeGreaterThanOrEqual(byP[i - 1]?.[1] as number)
  })
})
