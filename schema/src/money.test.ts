import { describe, expect, it } from 'vitest'
import { formatUsd, usdDecimals } from './money.ts'

describe('formatUsd', () => {
  it.each<[number, string]>([
    [0, '$0'],
    [0.00067, '$0.00067'],
    [0.000674, '$0.00067'],
    [0.0000021, '$0.0000021'],
    [0.00725, '$0.0073'],
    [0.0075, '$0.0075'],
    [0.0526, '$0.053'],
    [0.05, '$0.05'],
    [0.25, '$0.25'],
    [0.3, '$0.30'],
    [0.007, '$0.007'],
    [0.787, '$0.787'],
    [0.5, '$0.50'],
    [0.9996, '$1.00'],
    [1, '$1.00'],
    [12.345, '$12.35'],
    [1234.5, '$1,234.50'],
    [-0.25, '-$0.25'],
    [1.23e-12, '$0.0000000000012'],
  ])('%d → %s', (usd, text) => expect(formatUsd(usd)).toBe(text))

  it('takes the decimals of a column', () => {
    expect([formatUsd(0, 4), formatUsd(0.3, 4), formatUsd(12.5, 4)]).toEqual(['$0.0000', '$0.3000', '$12.5000'])
  })

  it.each<[number, number]>([
    [0, 2],
    [3, 2],
    [0.5, 2],
    [0.787, 3],
    [0.01, 2],
    [0.0075, 4],
    [0.00067, 5],
    [1e-15, 15],
  ])('usdDecimals(%d) = %d', (usd, d) => {
    expect(usdDecimals(usd)).toBe(d)
  })
})
