import { describe, expect, it } from 'vitest'
import { detectFindings } from './detect.ts'
import { TraceBuilder } from './testing.ts'
import type { Finding } from './types.ts'

const only = (b: TraceBuilder): Finding[] => detectFindings(b.spans).filter((f) => f.detector === 'no-progress')

describe('no-progress', () => {
  it.each([
    [5, 'warning'],
    [10, 'critical'],
  ] as const)('%i differently-worded searches with the same empty result → %s', (n, severity) => {
    const b = new TraceBuilder()
    for (let i = 0; i < n; i++) b.turn('search', { q: `flights to Paris option ${i}` }, { results: [] })
    expect(only(b)).toMatchObject([{ severity, count: n, firstSpanId: b.spans[1]?.spanId }])
    expect(only(b)[0]?.message).toMatch(/^search returned the same result \d+ times in a row with changing arguments/)
  })

  it('treats results that differ only by a timestamp as the same', () => {
    const b = new TraceBuilder()
    for (let i = 0; i < 5; i++)
      b.turn(
        'job_status',
        { job: i % 2, ts: 1714550400 + i },
        { state: 'pending', checkedAt: `2024-05-01T10:00:0${i}Z` },
      )
    expect(only(b)).toMatchObject([{ count: 5 }])
  })

  it.each<[string, (b: TraceBuilder) => void]>([
    [
      'polling whose result changes',
      (b) =>
        ['queued', 'running', 'running 50%', 'running 90%', 'done'].forEach((r, i) =>
          b.turn('job_status', { job: 1, attempt: i }, r),
        ),
    ],
    ['four identical results', (b) => [1, 2, 3, 4].forEach((i) => b.turn('search', { q: `x${i}` }, []))],
    [
      'pagination',
      (b) => [1, 2, 3, 4, 5, 6].forEach((page) => b.turn('list', { page }, { items: [page * 10, page * 10 + 1] })),
    ],
    ['identical arguments (repeated-tool-call reports those)', (b) => b.repeat(5, 'search', { q: 'x' }, [])],
    ['calls without a recorded result', (b) => [1, 2, 3, 4, 5].forEach((i) => b.turn('notify', { to: i }, null))],
    [
      'a changed result breaking the run',
      (b) => ['[]', '[]', '[]', '[1]', '[]', '[]'].forEach((r, i) => b.turn('search', { q: i }, r)),
    ],
  ])('does not fire on %s', (_, build) => {
    const b = new TraceBuilder()
    build(b)
    expect(only(b)).toEqual([])
  })
})
