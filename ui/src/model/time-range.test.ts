import { describe, expect, it } from 'vitest'
import { followsNow, intervalFor, rangeParams, refreshInterval, resolveRange, slideWindow } from './time-range.ts'

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

describe('following now', () => {
  it.each([
    ['traces', '', true],
    ['costs', 'range=1h', true],
    ['findings', 'range=bogus', true],
    ['sessions', 'range=7d', true],
    ['alerts', 'range=15m', true],
    ['alerts', 'range=custom&from=1000&to=2000', false],
    ['traces', 'range=custom&from=1000&to=2000', false],
    // a heavier report refreshes on the user's interval; a trace's detail follows its own state
    ['readiness', '', false],
    ['drift', '', false],
    ['trace', '', false],
  ])('%s with %s → %s', (view, search, live) => {
    expect(followsNow(view, new URLSearchParams(search))).toBe(live)
  })

  it('slides a window and the windows derived from it by the time since the anchor', () => {
    const range = rangeParams({ fromMs: NOW - 3_600_000 + 0.4, toMs: NOW - 0.4 })
    expect(range).toEqual({ from: NOW - 3_600_000, to: NOW })
    expect(slideWindow({ ...range, limit: 50, q: 'x' }, NOW, NOW + 2500)).toEqual({
      from: NOW - 3_600_000 + 2500,
      to: NOW + 2500,
      limit: 50,
      q: 'x',
    })
    // the previous period ends where the range starts, and still does once both slid
    const previous = { from: NOW - 7_200_000, to: NOW - 3_600_000 }
    expect(slideWindow(previous, NOW, NOW + 2500)).toEqual({ from: NOW - 7_200_000 + 2500, to: NOW - 3_600_000 + 2500 })
    // a clock that went back never slides a window backwards
    expect(slideWindow(range, NOW, NOW - 5000)).toEqual(range)
  })
})
