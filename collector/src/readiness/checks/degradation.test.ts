import { describe, expect, it } from 'vitest'
import { Run, runCheck, tid } from '../testing.ts'
import { gracefulDegradation } from './degradation.ts'

type Kind = 'ok' | 'recovered' | 'failed' | 'silent'

/** ok: no failure; recovered: a tool failed, the root answered; failed: root failed too; silent: root ok but no output. */
const run = (trace: number, kind: Kind): Run => {
  const root =
    kind === 'failed' ? { status: 'error' as const, hasOutput: false } : kind === 'silent' ? { hasOutput: false } : {}
  const r = new Run(trace, 'planner', 'svc', root)
  r.llm()
  r.tool('search', kind === 'ok' ? {} : { status: 'error', errorType: 'HTTPError' })
  r.llm()
  return r
}
const runs = (...kinds: Kind[]): Run[] => kinds.map((k, i) => run(i + 1, k))

describe('graceful-degradation', () => {
  it('is unknown without step failures', () => {
    const c = runCheck(gracefulDegradation, [run(1, 'ok'), new Run(2, 'planner', 'svc', { status: 'error' })])
    expect(c).toMatchObject({
      verdict: 'unknown',
      figures: { tracesWithStepFailures: 0, runsFailed: 1, recoveredShare: null },
      exampleTraceIds: [tid(2)],
    })
    expect(c.summary).toBe(
      'No step failed in the window (1 run failed at the root), so there is no failure to see the agent recover from.',
    )
  })

  it.each<[Kind[], 'pass' | 'warn' | 'fail', Record<string, number>, string[]]>([
    [
      ['recovered', 'recovered', 'recovered', 'recovered', 'failed', 'ok'],
      'pass',
      { tracesWithStepFailures: 5, recovered: 4, failedOutright: 1, recoveredShare: 0.8 },
      [tid(1), tid(2), tid(3), tid(4)],
    ],
    [
      ['recovered', 'failed', 'silent', 'recovered'],
      'warn',
      { recovered: 2, failedOutright: 1, noAnswer: 1, recoveredShare: 0.5 },
      [tid(2), tid(3), tid(1), tid(4)],
    ],
    [
      ['failed', 'failed', 'recovered'],
      'fail',
      { recovered: 1, failedOutright: 2, recoveredShare: 0.3333, runsFailed: 2 },
      [tid(1), tid(2), tid(3)],
    ],
  ])('%j → %s', (kinds, verdict, figures, examples) => {
    const c = runCheck(gracefulDegradation, runs(...kinds))
    expect(c).toMatchObject({ verdict, figures, exampleTraceIds: examples })
  })

  it('names the split in its summary', () => {
    expect(runCheck(gracefulDegradation, runs('recovered', 'failed', 'silent', 'recovered')).summary).toBe(
      '2 of 4 traces with a failed step (50%) still answered; 1 failed outright, 1 ended without an answer.',
    )
  })

  it('judges by status alone when no root records output', () => {
    const c = runCheck(gracefulDegradation, [run(1, 'silent'), run(2, 'silent')])
    expect(c).toMatchObject({ verdict: 'pass', figures: { recovered: 2, noAnswer: 0 } })
  })

  it('judges a sub-agent by the run root, which belongs to no agent', () => {
    const r = new Run(1, 'planner', 'svc', { agentName: null })
    r.tool('search', { status: 'error' })
    const c = runCheck(gracefulDegradation, [r])
    expect(c).toMatchObject({ verdict: 'pass', figures: { traces: 1, recovered: 1 } })
  })
})
