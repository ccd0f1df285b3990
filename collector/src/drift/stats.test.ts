import { describe, expect, it } from 'vitest'
import { adjustAcrossFeatures, compareContinuous, compareCounts, compareRate, countCategories } from './stats.ts'
import { mulberry32 } from './testing.ts'

/** Standard normal draws via Box-Muller (1 − u keeps the log argument in (0, 1]). */
function normals(rand: () => number, n: number, mean = 0): number[] {
  return Array.from({ length: n }, () => mean + Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()))
}

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i))

describe('compareContinuous', () => {
  it('false-alarm rate under the null stays near alpha (asymptotic KS is slightly conservative)', () => {
    const rand = mulberry32(42)
    let alarms = 0
    for (let i = 0; i < 200; i++) if (compareContinuous(normals(rand, 300), normals(rand, 300)).pValue < 0.05) alarms++
    expect(alarms / 200).toBeGreaterThanOrEqual(0.02)
    expect(alarms / 200).toBeLessThanOrEqual(0.09)
  })

  it('detects a +0.5 sd shift in ≥ 95% of draws', () => {
    const rand = mulberry32(7)
    let hits = 0
    for (let i = 0; i < 200; i++) if (compareContinuous(normals(rand, 300), normals(rand, 300, 0.5)).drifted) hits++
    expect(hits / 200).toBeGreaterThanOrEqual(0.95)
  })

  it('reports sizes, D as effect, threshold, percentiles, relative median shift and a shared histogram', () => {
    const ref = range(200, (i) => i + 1)
    const cur = range(200, (i) => i + 101)
    const f = compareContinuous(ref, cur, { minEffect: 0.2, log: true })
    expect(f).toMatchObject({ kind: 'continuous', nRef: 200, nCur: 200, status: 'ok', threshold: 0.2, drifted: true })
    expect(f.statistic).toBeCloseTo(0.5, 12)
    expect(f.effectSize).toBe(f.statistic)
    expect(f.quantiles.ref.p50).toBeCloseTo(100.5, 12)
    expect(f.relativeMedianShift).toBeCloseTo(100 / 100.5, 12)
    expect(f.histogram.scale).toBe('log')
    expect(f.histogram.ref.reduce((s, x) => s + x, 0)).toBe(200)
  })

  it('significant but smaller than minEffect is not drifted', () => {
    const ref = range(20000, (i) => i)
    const cur = range(20000, (i) => i + 600) // D = 0.03, p ≈ 3e-8
    const f = compareContinuous(ref, cur, { minEffect: 0.05 })
    expect(f.pValue).toBeLessThan(1e-6)
    expect(f.drifted).toBe(false)
  })

  it.each([
    [99, 500],
    [500, 99],
    [0, 0],
  ])('insufficient data with %i / %i samples', (nRef, nCur) => {
    const f = compareContinuous(
      range(nRef, (i) => i),
      range(nCur, (i) => i + 1000),
    )
    expect(f.status).toBe('insufficient-data')
    expect(f.pValue).toBeNaN()
    expect(f.drifted).toBe(false)
  })
})

describe('compareRate', () => {
  it.each([
    // 5% → 15% error rate: z = 3.33, p = 8.6e-4, effect 0.10 ≥ 0.02.
    [10, 200, 30, 200, 'ok', true],
    // Same rate: not drifted.
    [10, 200, 10, 200, 'ok', false],
    // Effect 0.01 < minEffect 0.02 even if it were significant.
    [1000, 100000, 2000, 100000, 'ok', false],
    [1, 50, 20, 50, 'insufficient-data', false],
  ])('%i/%i → %i/%i: %s, drifted %s', (x1, n1, x2, n2, status, drifted) => {
    const f = compareRate(x1, n1, x2, n2)
    expect(f).toMatchObject({ kind: 'rate', status, drifted, nRef: n1, nCur: n2 })
    expect(f.rateCur - f.rateRef).toBeCloseTo(f.effectSize, 12)
  })
})

describe('countCategories', () => {
  it.each([
    [[0, 1, 1, 2, 7, 30], 3, [1, 2, 1, 2]],
    [[], 2, [0, 0, 0]],
  ])('%o with max %i → %o', (values, max, counts) => expect(countCategories(values, max)).toEqual(counts))
})

describe('compareCounts', () => {
  it('flags a shift in steps per trace with chi-square p and JS effect', () => {
    const ref = range(300, (i) => i % 4) // uniform on 0..3
    const cur = range(300, (i) => 2 + (i % 4)) // uniform on 2..5
    const f = compareCounts(ref, cur, { maxCategory: 10 })
    expect(f).toMatchObject({ kind: 'counts', status: 'ok', drifted: true, df: 5 })
    expect(f.effectSize).toBeCloseTo(0.5, 12)
    expect(f.categories.at(-1)).toBe('≥10')
  })

  it('same distribution → p = 1, JS 0, not drifted', () => {
    const xs = range(300, (i) => i % 5)
    expect(compareCounts(xs, xs)).toMatchObject({ pValue: 1, effectSize: 0, drifted: false })
  })
})

describe('adjustAcrossFeatures', () => {
  it('adjusts p across features and re-decides drifted; untested features stay NaN', () => {
    const drifted = compareRate(10, 200, 30, 200)
    const same = compareRate(10, 200, 11, 200)
    const small = compareRate(1, 50, 20, 50)
    const [a, b, c] = adjustAcrossFeatures([drifted, same, small])
    expect(a?.pAdjusted).toBeCloseTo(drifted.pValue * 2, 12)
    expect(a?.drifted).toBe(true)
    expect(b?.drifted).toBe(false)
    expect(c?.pAdjusted).toBeNaN()
    expect(c?.drifted).toBe(false)
  })
})
