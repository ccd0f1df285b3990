import { describe, expect, it } from 'vitest'
import { formatCost, formatDuration, formatTime, formatTimeMs, formatTokens } from './format.ts'

describe('format', () => {
  it.each([
    [null, '—'],
    [0, '$0'],
    [0.00725, '$0.0073'],
    [0.0526, '$0.053'],
    [3.456, '$3.46'],
    [1234.5, '$1,234.50'],
  ])('cost %s → %s', (v, s) => {
    expect(formatCost(v)).toBe(s)
  })
  it.each([
    [950, '950'],
    [9999, '9,999'],
    [12_345, '12k'],
    [1_234_567, '1.2M'],
  ])('tokens %s → %s', (v, s) => {
    expect(formatTokens(v)).toBe(s)
  })
  it.each([
    [0.5, '500µs'],
    [5.25, '5.3ms'],
    [250, '250ms'],
    [1500, '1.50s'],
    [65_000, '1m 5s'],
  ])('duration %s → %s', (v, s) => {
    expect(formatDuration(v)).toBe(s)
  })
  // the local date-time (time zone dependent) then the milliseconds, zero-padded
  it.each([
    ['1735725600042999999', '.042'],
    ['1735725600000000000', '.000'],
    ['1735725600999000000', '.999'],
  ])('time with ms %s ends %s', (ns, end) => {
    expect(formatTimeMs(ns)).toBe(`${formatTime(ns)}${end}`)
  })
})
