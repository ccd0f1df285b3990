import { describe, expect, it } from 'vitest'
import { Run, rspan, runCheck, tid } from '../testing.ts'
import { isTimeoutError, toolTimeouts } from './tool-timeouts.ts'

const slow = (trace: number, ...calls: Array<[tool: string, ms: number, errorType?: string]>): Run => {
  const r = new Run(trace)
  for (const [tool, durationMs, errorType] of calls) {
    r.tool(tool, errorType === undefined ? { durationMs } : { durationMs, status: 'error', errorType })
  }
  return r
}

describe('tool-timeouts', () => {
  it.each<[string, boolean]>([
    ['TimeoutError', true],
    ['asyncio.TimeoutError', true],
    ['DeadlineExceeded', true],
    ['ValueError', false],
  ])('isTimeoutError(%s) = %s', (errorType, yes) => {
    expect(isTimeoutError(rspan({ kind: 'tool', status: 'error', errorType }))).toBe(yes)
  })

  it('is unknown without tool calls', () => {
    expect(runCheck(toolTimeouts, [new Run(1).turns(0)])).toMatchObject({
      verdict: 'unknown',
      figures: { toolCalls: 0 },
    })
  })

  it('fails when a call ran past the timeout, with a per-tool table', () => {
    const c = runCheck(toolTimeouts, [
      slow(1, ['search', 1000], ['search', 3000]),
      slow(2, ['browse', 45_000], ['search', 2000]),
      slow(3, ['browse', 31_000, 'TimeoutError']),
    ])
    expect(c.verdict).toBe('fail')
    expect(c.figures).toEqual({
      toolCalls: 5,
      durationP95Ms: 42200,
      durationMaxMs: 45000,
      timeoutMs: 30000,
      callsOverTimeout: 1,
      timeoutErrors: 1,
    })
    expect(c.table).toEqual({
      columns: ['tool', 'calls', 'p95 ms', 'max ms', 'over timeout', 'timeout errors'],
      rows: [
        ['browse', 2, 44300, 45000, 1, 1],
        ['search', 3, 2900, 3000, 0, 0],
      ],
    })
    expect(c.exampleTraceIds).toEqual([tid(2)])
    expect(c.summary).toBe(
      '1 tool call ran longer than the 30 s timeout without being stopped (longest 45 s, browse), so no timeout is enforced.',
    )
  })

  it.each<[string, Run[], number, string]>([
    [
      'fast calls',
      [slow(1, ['search', 900]), slow(2, ['search', 1200])],
      0,
      'No tool call ran longer than the 30 s timeout (p95 1.2 s, max 1.2 s).',
    ],
    [
      'timeouts that fire',
      [slow(1, ['search', 900]), slow(2, ['search', 30_050, 'TimeoutError'])],
      1,
      'No tool call ran longer than the 30 s timeout (p95 28.6 s, max 30.1 s); 1 timeout error shows the limit fires.',
    ],
  ])('passes with %s', (_, runs, errors, summary) => {
    const c = runCheck(toolTimeouts, runs)
    expect(c).toMatchObject({ verdict: 'pass', figures: { callsOverTimeout: 0, timeoutErrors: errors }, summary })
    expect(c.exampleTraceIds).toEqual([tid(2), tid(1)])
  })

  it('applies the policy timeout', () => {
    expect(runCheck(toolTimeouts, [slow(1, ['search', 900])], { toolTimeoutMs: 500 }).verdict).toBe('fail')
  })
})
