import { describe, expect, it } from 'vitest'
import { Run, rspan, runCheck, tid } from '../testing.ts'
import { guardrailDecision, guardrails, isGuardrail } from './guardrails.ts'

describe('isGuardrail', () => {
  it.each<[string, Parameters<typeof rspan>[0], boolean]>([
    ['an OpenInference GUARDRAIL span', { kind: 'guardrail', name: 'check' }, true],
    ['apply_guardrail', { name: 'apply_guardrail' }, true],
    ['an input guard', { name: 'input_guard' }, true],
    ['gen_ai.guardrail attributes', { name: 'moderate', attributes: { 'gen_ai.guardrail.name': 'pii' } }, true],
    ['a vanguard tool', { name: 'vanguard_lookup' }, false],
    ['a plain span', { name: 'chat' }, false],
  ])('%s → %s', (_, over, yes) => expect(isGuardrail(rspan(over))).toBe(yes))
})

describe('guardrailDecision', () => {
  it.each<[Parameters<typeof rspan>[0], string]>([
    [{ attributes: { 'gen_ai.guardrail.result.type': 'BLOCKED', 'gen_ai.guardrail.result.value': 'pii' } }, 'blocked'],
    [{ attributes: { 'guardrail.decision': 'allow' } }, 'allow'],
    [{ attributes: { 'guardrail.passed': 'false' } }, 'block'],
    [{ attributes: { 'guardrail.tripwire_triggered': 'false' } }, 'pass'],
    [{ attributes: { 'guardrail.tripwire_triggered': 'true' } }, 'block'],
    [{ status: 'error' }, 'error'],
    [{}, 'unknown'],
  ])('%j → %s', (over, decision) => expect(guardrailDecision(rspan(over))).toBe(decision))
})

describe('guardrails', () => {
  it('warns without guardrail spans', () => {
    expect(runCheck(guardrails, [new Run(1).turns(1), new Run(2).turns(1)])).toMatchObject({
      verdict: 'warn',
      figures: { guardrailSpans: 0, tracesWithGuardrails: 0, guardrailTraceShare: 0 },
      exampleTraceIds: [],
      summary:
        'No guardrail spans in 2 traces: no input or output guardrail is traced (OpenInference GUARDRAIL, apply_guardrail, gen_ai.guardrail.*).',
    })
  })

  it('tallies decisions, counting run-level guardrails of no agent, interventions first', () => {
    const a = new Run(1).turns(1)
    a.other({ kind: 'guardrail', name: 'pii', attributes: { 'guardrail.decision': 'allow' } })
    const b = new Run(2).turns(1)
    b.other({ kind: 'guardrail', name: 'pii', attributes: { 'guardrail.decision': 'block' } })
    b.other({ name: 'apply_guardrail', agentName: null })
    b.other({ kind: 'guardrail', name: 'critic_guard', agentName: 'critic' })
    const c = runCheck(guardrails, [a, b, new Run(3).turns(1)])
    expect(c).toMatchObject({
      verdict: 'pass',
      exampleTraceIds: [tid(2), tid(1)],
      figures: {
        guardrailSpans: 3,
        tracesWithGuardrails: 2,
        guardrailTraceShare: 0.6667,
        interventions: 1,
        unknownDecisions: 1,
      },
      summary: '3 guardrail spans in 2 of 3 traces, 1 intervention, 1 with no recorded decision.',
    })
    expect(c.table).toEqual({
      columns: ['guardrail', 'decision', 'spans'],
      rows: [
        ['apply_guardrail', 'unknown', 1],
        ['pii', 'allow', 1],
        ['pii', 'block', 1],
      ],
    })
  })
})
