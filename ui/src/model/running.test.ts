import { describe, expect, it } from 'vitest'
import { formatAgo, runningDurationMs, sinceLastSpanMs } from './running.ts'

const START_MS = 1_800_000_000_000
//   first span starts at START_MS ─── last stored span ends 4 s later ─── now
const trace = { startTimeUnixNano: `${START_MS}000000`, durationMs: 4000 }

describe('a running trace against the clock', () => {
  it.each([
    ['now is past the last span', START_MS + 10_000, 10_000, 6000],
    ['now is just at the last span', START_MS + 4000, 4000, 0],
    // the agent's clock runs ahead of the browser's: never less than what is known, never negative
    ['the agent clock is ahead', START_MS + 1000, 4000, 0],
  ])('%s', (_, now, duration, since) => {
    expect(runningDurationMs(trace, now)).toBe(duration)
    expect(sinceLastSpanMs(trace, now)).toBe(since)
  })
})

describe('formatAgo', () => {
  it.each([
    [0, 'just now'],
    [999, 'just now'],
    [3400, '3 s ago'],
    [59_999, '59 s ago'],
    [60_000, '1 min ago'],
    [3_599_999, '59 min ago'],
    [7_200_000, '2 h ago'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatAgo(ms)).toBe(text)
  })
})
