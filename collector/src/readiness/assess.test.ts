import { ReadinessAgent } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { assessReadiness } from './assess.ts'
import { POLICY, Run, tid } from './testing.ts'
import type { Policy } from './types.ts'

const policy: Policy = {
  source: 'loupe-policy.json',
  defaults: { ...POLICY, budgetUsd: 0.05 },
  agents: { researcher: { ...POLICY, budgetUsd: 1, maxSteps: 10, allowedTools: ['search'] } },
}

/** support-bot/triage: sends email without approval; trace 2 goes over the $0.05 default budget. */
const triage = (trace: number, llmCalls: number): Run => {
  const r = new Run(trace, 'triage', 'support-bot')
  for (let i = 0; i < llmCalls; i++) r.llm()
  r.tool('send_email')
  return r
}

/** research/researcher under a root of no agent, with a guardrail. */
const research = (trace: number): Run => {
  const r = new Run(trace, 'researcher', 'research', { agentName: null })
  r.other({ kind: 'guardrail', name: 'input_guardrail', attributes: { 'guardrail.decision': 'allow' } })
  return r.turns(2)
}

describe('assessReadiness', () => {
  const agents = assessReadiness(
    [...research(11).spans, ...triage(2, 6).spans, ...research(12).spans, ...triage(1, 2).spans],
    policy,
  )

  it('gives one row per (service, agent), worst first, that the schema accepts', () => {
    expect(agents.map((a) => [a.serviceName, a.agentName, a.verdict, a.traces, a.spans])).toEqual([
      ['support-bot', 'triage', 'fail', 2, 12],
      ['research', '', 'warn', 2, 2],
      ['research', 'researcher', 'unknown', 2, 10],
    ])
    for (const a of agents) {
      expect(ReadinessAgent.parse(a)).toEqual(a)
      expect(a.checks.map((c) => c.id)).toEqual([
        'step-limit',
        'cost-budget',
        'tool-timeouts',
        'human-approval',
        'tool-allowlist',
        'observability',
        'graceful-degradation',
        'rate-limiting',
        'fallback',
        'guardrails',
      ])
    }
  })

  it('judges each agent against its own policy', () => {
    const [tr, , re] = agents
    const verdicts = (a: ReadinessAgent | undefined): Record<string, string> =>
      Object.fromEntries(a?.checks.map((c) => [c.id, c.verdict]) ?? [])
    expect(verdicts(tr)).toEqual({
      'step-limit': 'warn',
      'cost-budget': 'fail',
      'tool-timeouts': 'pass',
      'human-approval': 'fail',
      'tool-allowlist': 'unknown',
      observability: 'pass',
      'graceful-degradation': 'unknown',
      'rate-limiting': 'pass',
      fallback: 'unknown',
      guardrails: 'warn',
    })
    expect(tr?.counts).toEqual({ pass: 3, warn: 2, fail: 2, unknown: 3 })
    expect(tr?.checks[1]).toMatchObject({
      figures: { budgetUsd: 0.05, tracesOverBudget: 1, costMaxUsd: 0.06 },
      exampleTraceIds: [tid(2)],
    })
    expect(tr?.checks[3]).toMatchObject({
      figures: { riskyCalls: 2, ungatedCalls: 2 },
      exampleTraceIds: [tid(1), tid(2)],
    })
    expect(verdicts(re)).toEqual({
      'step-limit': 'pass',
      'cost-budget': 'pass',
      'tool-timeouts': 'pass',
      'human-approval': 'pass',
      'tool-allowlist': 'pass',
      observability: 'pass',
      'graceful-degradation': 'unknown',
      'rate-limiting': 'pass',
      fallback: 'unknown',
      guardrails: 'pass',
    })
    expect(re?.counts).toEqual({ pass: 8, warn: 0, fail: 0, unknown: 2 })
    expect(re?.checks[0]?.summary).toBe(
      'No run went past the configured limit of 10 steps (p50 4, p95 4, max 4 steps).',
    )
  })

  it('is empty without spans', () => {
    expect(assessReadiness([], policy)).toEqual([])
  })
})
