import { describe, expect, it } from 'vitest'
import { buildPolicy } from '../readiness/policy.ts'
import { guardDecision, type StopAlert, type TraceSnapshot } from './guard.ts'

const TRACE = '0af7651916cd43dd8448eb211c80319c'

const snap = (over: Partial<TraceSnapshot> = {}): TraceSnapshot => ({
  projectId: 'default',
  traceId: TRACE,
  running: true,
  costUsd: 0.4,
  steps: 12,
  agentNames: ['planner'],
  serviceNames: ['support'],
  userId: 'u1',
  sessionId: 's1',
  findings: [],
  ...over,
})

const NO_POLICY = buildPolicy(null, null)
const BUDGETED = buildPolicy({ budgetUsd: 1, maxSteps: 50, agents: { planner: { budgetUsd: 0.25 } } }, 'policy.yaml')

describe('guardDecision', () => {
  it('lets an unknown trace go on: its first spans may still be on their way', () => {
    expect(guardDecision(TRACE, undefined, BUDGETED, [])).toEqual({
      traceId: TRACE,
      action: 'continue',
      reasons: [],
      costUsd: 0,
      steps: 0,
      findings: [],
      known: false,
      running: false,
    })
  })

  it('lets a healthy trace go on, and says what it knows', () => {
    expect(guardDecision(TRACE, snap(), NO_POLICY, [])).toMatchObject({
      action: 'continue',
      reasons: [],
      costUsd: 0.4,
      steps: 12,
      known: true,
      running: true,
    })
  })

  it("holds each agent to its own budget, and the trace to the lowest of its agents' limits", () => {
    const planner = guardDecision(TRACE, snap(), BUDGETED, [])
    expect(planner.action).toBe('stop')
    expect(planner.reasons).toEqual(['cost $0.40 is past the budget of $0.25 per trace'])
    // an agent without its own entry has the file's $1
    expect(guardDecision(TRACE, snap({ agentNames: ['helper'] }), BUDGETED, []).action).toBe('continue')
    expect(guardDecision(TRACE, snap({ agentNames: ['helper'], steps: 51 }), BUDGETED, []).reasons).toEqual([
      '51 steps are past the step limit of 50',
    ])
  })

  it('stops on a critical loop, not on a warning or a critical step budget', () => {
    const loop = { detector: 'cycle', severity: 'critical' as const, message: 'a → b → a, 6 times' }
    expect(guardDecision(TRACE, snap({ findings: [loop] }), NO_POLICY, []).reasons).toEqual([
      'critical cycle: a → b → a, 6 times',
    ])
    const others = [
      { ...loop, severity: 'warning' as const },
      { detector: 'step-budget', severity: 'critical' as const, message: '400 steps, 20 times the median' },
    ]
    expect(guardDecision(TRACE, snap({ findings: others }), NO_POLICY, []).action).toBe('continue')
  })

  it('stops on a firing stop rule for the trace, its user, session, agent, service or project, in its project only', () => {
    const alert = (kind: StopAlert['subject']['kind'], value: string, projectId = 'default'): StopAlert => ({
      projectId,
      rule: 'r',
      subject: { kind, value },
      message: 'm',
    })
    for (const a of [
      alert('trace', TRACE),
      alert('userId', 'u1'),
      alert('sessionId', 's1'),
      alert('agent', 'planner'),
      alert('service', 'support'),
      alert('project', 'default'),
    ])
      expect(guardDecision(TRACE, snap(), NO_POLICY, [a]).reasons).toEqual(['alert r: m'])
    for (const a of [alert('userId', 'u2'), alert('agent', 'helper'), alert('userId', 'u1', 'other')])
      expect(guardDecision(TRACE, snap(), NO_POLICY, [a]).action).toBe('continue')
  })
})
