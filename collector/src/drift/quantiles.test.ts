import { describe, expect, it } from 'vitest'
import { percentiles, quantiles } from './quantiles.ts'

describe('quantiles', () => {
  // Reference values: numpy.quantile(values, probs) (method='linear').
  it.each([
    [
      [3, 1, 4, 1, 5, 9, 2, 6],
      [0.5, 0.95, 0.99],
      [3.5, 7.95, 8.79],
    ],
    [[7], [0.5, 0.95], [7, 7]],
    [Array.from({ length: 100 }, (_, i) => i + 1), [0.5, 0.95, 0.99], [50.5, 95.05, 99.01]],
    [
      [10, 20],
      [0, 1, 0.25],
      [10, 20, 12.5],
    ],
  ])('%o at %o → %o', (values, probs, expected) => {
    quantiles(values, probs).forEach((q, i) => expect(q).toBeCloseTo(expected[i] as number, 12))
  })

  it('gives NaN for an empty sample', () => expect(quantiles([], [0.5])).toEqual([Number.NaN]))

  it('does not mutate its input', () => {
    const v = [3, 1, 2]
    quantiles(v, [0.5])
    expect(v).toEqual([3, 1, 2])
  })

  it('percentiles names p50/p95/p99', () => {
    expect(percentiles([3, 1, 4, 1, 5, 9, 2, 6])).toEqual({
      p50: 3.5,
      p95: expect.closeTo(7.95, 12),
      p99: expect.closeTo(8.79, 12),
    })
  })
})
