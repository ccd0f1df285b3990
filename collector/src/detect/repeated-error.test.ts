import { describe, expect, it } from 'vitest'
import { detectFindings } from './detect.ts'
import { TraceBuilder } from './testing.ts'
import type { DetectSpan, Finding } from './types.ts'

const only = (b: TraceBuilder): Finding[] => detectFindings(b.spans).filter((f) => f.detector === 'repeated-error')
const fail = (errorType: string): Partial<DetectSpan> => ({
  status: 'error',
  errorType,
  statusMessage: `${errorType} while fetching`,
})
const url = { url: 'https://example.com' }

describe('repeated-error', () => {
  it.each([
    [3, 'warning'],
    [4, 'warning'],
    [5, 'critical'],
  ] as const)('%i identical failures in a row → %s', (n, severity) => {
    const b = new TraceBuilder()
    for (let i = 0; i < n; i++) b.turn('fetch', url, null, fail('Timeout'))
    expect(only(b)).toMatchObject([
      {
        severity,
        count: n,
        message: `fetch({"url":"https://example.com"}) failed ${n} times in a row with Timeout`,
        wastedTokens: (n - 1) * 1100,
      },
    ])
  })

  it('is not broken by other tools in between', () => {
    const b = new TraceBuilder()
    for (let i = 0; i < 3; i++) {
      b.turn('fetch', url, null, fail('Timeout'))
      b.turn('log', { i }, 'ok')
    }
    expect(only(b)).toMatchObject([{ count: 3 }])
  })

  it('reports a long run even when a retry finally succeeds', () => {
    const b = new TraceBuilder()
    for (let i = 0; i < 5; i++) b.turn('fetch', url, null, fail('Timeout'))
    b.turn('fetch', url, 'page')
    expect(only(b)).toMatchObject([{ count: 5, severity: 'critical' }])
  })

  it.each<[string, (b: TraceBuilder) => void]>([
    [
      'retries that succeed',
      (b) => {
        b.turn('fetch', url, null, fail('Timeout'))
        b.turn('fetch', url, null, fail('Timeout'))
        b.turn('fetch', url, 'page')
      },
    ],
    [
      'three failures, then success',
      (b) => {
        for (let i = 0; i < 3; i++) b.turn('fetch', url, null, fail('Timeout'))
        b.turn('fetch', url, 'page')
      },
    ],
    ['different errors', (b) => ['Timeout', 'HTTP404', 'Timeout'].forEach((e) => b.turn('fetch', url, null, fail(e)))],
    [
      'failures with different arguments',
      (b) => ['a', 'b', 'c'].forEach((u) => b.turn('fetch', { url: u }, null, fail('Timeout'))),
    ],
    [
      'a success between failures',
      (b) => {
        b.turn('fetch', url, null, fail('Timeout'))
        b.turn('fetch', url, null, fail('Timeout'))
        b.turn('fetch', url, 'ok')
        b.turn('fetch', url, null, fail('Timeout'))
      },
    ],
  ])('does not fire on %s', (_, build) => {
    const b = new TraceBuilder()
    build(b)
    expect(only(b)).toEqual([])
  })
})
