import { describe, expect, it } from 'vitest'
import { Run, rspan, runCheck, tid } from '../testing.ts'
import { backsOff, isRateLimited, rateLimiting } from './rate-limiting.ts'

const limited = { status: 'error', errorType: 'openai.RateLimitError', statusMessage: 'Error code: 429' } as const

/** LLM calls at these start times (100 ms each); `x` marks a rate-limited one. */
const calls = (trace: number, ...starts: Array<number | `${number}x`>): Run => {
  const r = new Run(trace)
  for (const s of starts) {
    const startMs = Number(String(s).replace('x', ''))
    r.llm({ startMs, durationMs: 100, ...(String(s).endsWith('x') ? limited : {}) })
  }
  return r
}

describe('isRateLimited', () => {
  it.each<[string, Parameters<typeof rspan>[0], boolean]>([
    ['a RateLimitError', { status: 'error', errorType: 'RateLimitError' }, true],
    ['a 429 message', { status: 'error', statusMessage: 'HTTP 429' }, true],
    ['a quota message', { status: 'error', statusMessage: 'Resource has been exhausted (e.g. check quota).' }, true],
    ['Too Many Requests', { status: 'error', statusMessage: 'Too Many Requests' }, true],
    ['an http status code attribute', { status: 'error', attributes: { 'http.response.status_code': '429' } }, true],
    ['another error', { status: 'error', errorType: 'ValueError' }, false],
    ['a successful span', { status: 'ok', attributes: { 'http.response.status_code': '429' } }, false],
  ])('%s → %s', (_, over, yes) => expect(isRateLimited(rspan(over))).toBe(yes))
})

describe('backsOff', () => {
  it.each<[number[], boolean]>([
    [[], false],
    [[1000, 1500], true],
    [[200, 400, 800], true],
    [[500], false],
    [[500, 500], false],
    [[50, 200], false],
  ])('%j → %s', (spacings, yes) => expect(backsOff(spacings)).toBe(yes))
})

describe('rate-limiting', () => {
  it('passes without rate-limit errors', () => {
    expect(runCheck(rateLimiting, [calls(1, 1000, 2000)])).toMatchObject({
      verdict: 'pass',
      figures: { rateLimited: 0, retried: 0 },
      summary: 'No 429 or rate-limit errors in the window.',
    })
  })

  it('passes when retries back off', () => {
    const c = runCheck(rateLimiting, [calls(1, '1000x', 3100), calls(2, '1000x', '1300x', '1800x', 2700)])
    expect(c).toMatchObject({
      verdict: 'pass',
      figures: {
        rateLimited: 4,
        retried: 4,
        notRetried: 0,
        immediateRetries: 0,
        spacingMedianMs: 600,
        spacingMinMs: 200,
        chainsBackingOff: 2,
      },
      summary: 'All 4 retries after 4 rate-limit errors backed off (median spacing 600 ms, min 200 ms).',
    })
    expect(c.table).toEqual({
      columns: ['operation', 'rate-limited', 'retried', 'immediate', 'min spacing ms', 'median spacing ms'],
      rows: [['llm gpt-4o', 4, 4, 0, 200, 600]],
    })
  })

  it('fails on immediate retries, the hammering trace first', () => {
    const c = runCheck(rateLimiting, [calls(1, '1000x', 3100), calls(2, '1000x', '1120x', 1240)])
    expect(c).toMatchObject({
      verdict: 'fail',
      exampleTraceIds: [tid(2), tid(1)],
      figures: { rateLimited: 3, retried: 3, immediateRetries: 2, spacingMinMs: 20 },
    })
    expect(c.summary).toBe(
      '2 retries of 3 rate-limit errors came within 100 ms (median spacing 20 ms, min 20 ms): no backoff.',
    )
  })

  it.each<[string, Run[], Record<string, number>, string]>([
    [
      'constant spacing',
      [calls(1, '1000x', '1600x', 2200)],
      { retried: 2, spacingMedianMs: 500 },
      '2 rate-limit errors: retries are spaced but show no backoff (median spacing 500 ms, min 500 ms).',
    ],
    [
      'no retry',
      [calls(1, 1000, '2000x')],
      { retried: 0, notRetried: 1 },
      '1 rate-limit error, none retried: the run gave up instead of backing off.',
    ],
  ])('warns on %s', (_, runs, figures, summary) => {
    expect(runCheck(rateLimiting, runs)).toMatchObject({ verdict: 'warn', figures, summary })
  })

  it('pairs a rate-limited call only with the same operation', () => {
    const r = calls(1, '1000x')
    r.llm({ startMs: 1110, model: 'claude-sonnet-4' })
    r.llm({ startMs: 4100 })
    expect(runCheck(rateLimiting, [r]).figures).toMatchObject({ retried: 1, spacingMinMs: 3000, immediateRetries: 0 })
  })
})
