import { describe, expect, it } from 'vitest'
import { intervalFor, refreshInterval, resolveRange } from './time-range.ts'

const NOW = 1_800_000_000_000

describe('resolveRange', () => {
  it.each([
    ['', '24h', 86_400_000],
    ['range=15m', '15m', 900_000],
    ['range=7d', '7d', 7 * 86_400_000],
    ['range=bogus', '24h', 86_400_000],
  ])('%s → %s', (search, key, span) => {
    const r = resolveRange(new URLSearchParams(search), NOW)
    expect(r.key).toBe(key)
    expect(r.toMs - r.fromMs).toBe(span)
    expect(r.toMs).toBe(NOW)
  })
  it('takes a custom range and rejects an inverted one', () => {
    expect(resolveRange(new URLSearchParams('range=custom&from=1000&to=2000'), NOW)).toEqual({
      key: 'custom',
      fromMs: 1000,
      toMs: 2000,
    })
    expect(resolveRange(new URLSearchParams('range=custom&from=3000&to=2000'), NOW).key).toBe('24h')
  })
  it('picks refresh and chart intervals', () => {
    expect(refreshInterval(new URLSearchParams('refresh=30s'))).toBe(30_000)
    expect(refreshInterval(new URLSearchParams('refresh=nope'))).toBe(false)
    expect(intervalFor({ key: '1h', fromMs: 0, toMs: 3_600_000 })).toBe('minute')
    expect(intervalFor({ key: '7d', fromMs: 0, toMs: 7 * 86_400_000 })).toBe('hour')
    expect(intervalFor({ key: '30d', fromMs: 0, toMs: 30 * 86_400_000 })).toBe('day')
  })
})
