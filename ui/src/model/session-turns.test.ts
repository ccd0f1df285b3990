import type { TraceSummary } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { formatElapsed, sessionTurns, sessionWindow, SESSION_LOOKBACK_MS } from './session-turns.ts'

const trace = (id: string, startMs: number, durationMs: number, costUsd: number): TraceSummary => ({
  traceId: id.padEnd(32, '0'),
  rootName: `turn ${id}`,
  serviceNames: [],
  agentNames: [],
  models: [],
  startTimeUnixNano: `${startMs}000000`,
  durationMs,
  spanCount: 1,
  llmCalls: 0,
  toolCalls: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  reasoningTokens: 0,
  costUsd,
  unpricedCalls: 0,
  errorCount: 0,
  sessionId: 's',
  userId: null,
  findingCount: 0,
  running: false,
})

//   a: 1000 ─── 3000
//   b:              5000 ── 6000        (gap 2000)
//   c:                 5500 ──────── 9000 (overlaps b: gap 0)
//   d:                                 9500 (gap 500 from c's end, not b's)
const turns = sessionTurns([
  trace('d', 9_500, 100, 0.5),
  trace('b', 5_000, 1_000, 0.25),
  trace('a', 1_000, 2_000, 0.125),
  trace('c', 5_500, 3_500, 0),
])

describe('sessionTurns', () => {
  it.each<[number, { n: number; id: string; offsetMs: number; gapMs: number | null; cumulativeCostUsd: number }]>([
    [0, { n: 1, id: 'a', offsetMs: 0, gapMs: null, cumulativeCostUsd: 0.125 }],
    [1, { n: 2, id: 'b', offsetMs: 4_000, gapMs: 2_000, cumulativeCostUsd: 0.375 }],
    [2, { n: 3, id: 'c', offsetMs: 4_500, gapMs: 0, cumulativeCostUsd: 0.375 }],
    [3, { n: 4, id: 'd', offsetMs: 8_500, gapMs: 500, cumulativeCostUsd: 0.875 }],
  ])('turn %i', (i, expected) => {
    const t = turns[i]!
    expect({
      n: t.n,
      id: t.trace.rootName.slice(5),
      offsetMs: t.offsetMs,
      gapMs: t.gapMs,
      cumulativeCostUsd: t.cumulativeCostUsd,
    }).toEqual(expected)
  })

  it('has no turns for no traces', () => {
    expect(sessionTurns([])).toEqual([])
  })
})

describe('sessionWindow', () => {
  const to = 100 * 86_400_000
  it.each<[string, number, number]>([
    ['a short range widens to 30 days', to - 3_600_000, to - SESSION_LOOKBACK_MS],
    ['a longer range stays', to - 60 * 86_400_000, to - 60 * 86_400_000],
  ])('%s', (_, from, expectedFrom) => {
    expect(sessionWindow({ from, to })).toEqual({ from: expectedFrom, to })
  })
})

describe('formatElapsed', () => {
  it.each([
    [0, '0ms'],
    [450, '450ms'],
    [45_000, '45s'],
    [59_600, '1m 0s'],
    [725_000, '12m 5s'],
    [12_000_000, '3h 20m'],
    [187_200_000, '2d 4h'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text)
  })
})
