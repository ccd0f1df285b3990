import { describe, expect, it } from 'vitest'
import { Run, runCheck, tid } from '../testing.ts'
import { costBudget } from './cost-budget.ts'

/** A run whose LLM calls cost these amounts. */
const costs = (trace: number, ...usd: Array<number | null>): Run => {
  const r = new Run(trace)
  for (const costUsd of usd) r.llm({ costUsd })
  return r
}
/** A run whose one LLM call reports no usage, so it has no cost. */
const blind = (trace: number): Run => {
  const r = new Run(trace)
  r.llm({ inputTokens: 0, outputTokens: 0, costUsd: null })
  return r
}
const window = (): Run[] => [costs(1, 0.1, 0.2), costs(2, 0.1), costs(3, 0.5, 0.4)]

describe('cost-budget', () => {
  it('sums per trace exactly and is unknown without a budget', () => {
    const c = runCheck(costBudget, window())
    expect(c.verdict).toBe('unknown')
    expect(c.figures).toEqual({
      traces: 3,
      costP50Usd: 0.3,
      costP95Usd: 0.84,
      costMaxUsd: 0.9,
      budgetUsd: null,
      tracesOverBudget: null,
      unpricedCalls: 0,
      callsWithoutUsage: 0,
    })
    expect(c.summary).toBe(
      'No budget configured (p50 $0.30, p95 $0.84, max $0.90 per trace); set LOUPE_BUDGET_USD or budgetUsd in LOUPE_POLICY_FILE.',
    )
    expect(c.exampleTraceIds).toEqual([tid(3), tid(1), tid(2)])
  })

  it.each<[number, 'pass' | 'warn' | 'fail', number, string[]]>([
    [2, 'pass', 0, [tid(3), tid(1), tid(2)]],
    [1, 'warn', 0, [tid(3), tid(1), tid(2)]],
    [0.25, 'fail', 2, [tid(3), tid(1)]],
  ])('budget $%s → %s', (budgetUsd, verdict, over, examples) => {
    const c = runCheck(costBudget, window(), { budgetUsd })
    expect(c).toMatchObject({ verdict, figures: { budgetUsd, tracesOverBudget: over }, exampleTraceIds: examples })
  })

  it('names the over-budget count and the warn share', () => {
    expect(runCheck(costBudget, window(), { budgetUsd: 0.25 }).summary).toBe(
      '2 traces of 3 went over the $0.25 budget (p50 $0.30, p95 $0.84, max $0.90 per trace).',
    )
    expect(runCheck(costBudget, window(), { budgetUsd: 1 }).summary).toContain(
      'The most expensive trace cost $0.90, 90% of the $1.00 budget',
    )
  })

  it('ignores rollups and other agents, and warns when unpriced calls understate a pass', () => {
    const r = costs(1, 0.1, null)
    r.llm({ isRollup: true, costUsd: 5 })
    r.llm({ agentName: 'critic', costUsd: 5 })
    const c = runCheck(costBudget, [r], { budgetUsd: 1 })
    expect(c.figures).toMatchObject({ costMaxUsd: 0.1, unpricedCalls: 1, tracesOverBudget: 0 })
    expect(c.verdict).toBe('warn')
    expect(c.summary).toContain('1 call without a cost (unpriced or no token usage) so costs are understated')
  })

  it.each<[string, Run[]]>([
    ['no LLM calls', [new Run(1).turns(0)]],
    ['only unpriced calls', [costs(1, null, null)]],
    ['calls that report no token usage', [blind(1), blind(2)]],
  ])('is unknown with %s', (_, runs) => {
    expect(runCheck(costBudget, runs, { budgetUsd: 1 }).verdict).toBe('unknown')
  })
})
