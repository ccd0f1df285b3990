import { describe, expect, it } from 'vitest'
import { detectFindings } from './detect.ts'
import { TraceBuilder } from './testing.ts'
import type { Finding } from './types.ts'

const only = (b: TraceBuilder): Finding[] => detectFindings(b.spans).filter((f) => f.detector === 'repeated-tool-call')
const paris = { city: 'Paris' }

describe('repeated-tool-call', () => {
  it.each([
    ['3 identical calls', 3, 'warning'],
    ['5 identical calls', 5, 'critical'],
    ['7 identical calls', 7, 'critical'],
  ] as const)('%s → %s', (_, n, severity) => {
    const b = new TraceBuilder().repeat(n, 'get_weather', paris, { temp: 21 })
    const [f, ...rest] = only(b)
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      severity,
      count: n,
      message: `get_weather({"city":"Paris"}) called ${n} times with identical arguments and the same result`,
    })
    expect(f?.spanIds).toHaveLength(n)
  })

  it('is not reset by other tools in between, and counts calls without a recorded result', () => {
    const b = new TraceBuilder()
    b.turn('get_weather', paris, null)
    b.turn('search', { q: 'a' }, 'x')
    b.turn('get_weather', paris, null)
    b.turn('search', { q: 'b' }, 'y')
    b.turn('get_weather', paris, null)
    expect(only(b)).toMatchObject([{ count: 3, firstSpanId: b.spans[1]?.spanId, lastSpanId: b.spans[9]?.spanId }])
  })

  it('ignores volatile values: timestamps, UUIDs, request ids', () => {
    const b = new TraceBuilder()
    b.turn('lookup', { id: 7, request_id: 'r1', at: '2024-05-01T10:00:00Z' }, 'ok')
    b.turn('lookup', { id: 7, request_id: 'r2', at: '2024-05-01T10:00:05Z' }, 'ok')
    b.turn('lookup', { request_id: 'r3', id: 7, at: '2024-05-01T10:00:09Z' }, 'ok')
    expect(only(b)).toMatchObject([{ count: 3 }])
  })

  it('counts the requesting LLM turns after the first as waste', () => {
    const b = new TraceBuilder().repeat(3, 'get_weather', paris, 'sunny')
    expect(only(b)[0]).toMatchObject({ wastedTokens: 2200, wastedCostUsd: 0.02 })
  })

  it('counts parallel identical calls of one turn once', () => {
    const b = new TraceBuilder()
    b.parallel([
      ['get_weather', paris, 'sunny'],
      ['get_weather', paris, 'sunny'],
    ])
    b.parallel([
      ['get_weather', paris, 'sunny'],
      ['get_weather', paris, 'sunny'],
    ])
    b.turn('get_weather', paris, 'sunny')
    expect(only(b)).toMatchObject([{ count: 3 }])
    expect(only(b)[0]?.spanIds).toHaveLength(5)
  })

  it.each<[string, (b: TraceBuilder) => void]>([
    [
      'the same tool with different arguments',
      (b) => ['Paris', 'London', 'Rome', 'Oslo'].forEach((city) => b.turn('get_weather', { city }, 'sunny')),
    ],
    [
      'retries that succeed',
      (b) => {
        b.turn('fetch', { url: 'u' }, null, { status: 'error', errorType: 'Timeout' })
        b.turn('fetch', { url: 'u' }, null, { status: 'error', errorType: 'Timeout' })
        b.turn('fetch', { url: 'u' }, 'page')
      },
    ],
    [
      'polling whose result changes',
      (b) => ['10%', '40%', '80%', 'done'].forEach((r) => b.turn('job_status', { job: 1 }, r)),
    ],
    ['pagination', (b) => [0, 20, 40, 60, 80].forEach((offset) => b.turn('list', { offset, limit: 20 }, [offset]))],
    ['two identical calls', (b) => b.repeat(2, 'get_weather', paris, 'sunny')],
    [
      'three parallel identical calls in one turn',
      (b) =>
        b.parallel([
          ['get_weather', paris, 's'],
          ['get_weather', paris, 's'],
          ['get_weather', paris, 's'],
        ]),
    ],
    [
      'identical sequential calls with distinct results',
      (b) => ['a', 'b', 'c'].forEach((r) => b.turn('random', {}, r)),
    ],
  ])('does not fire on %s', (_, build) => {
    const b = new TraceBuilder()
    build(b)
    expect(only(b)).toEqual([])
  })
})
