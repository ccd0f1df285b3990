/**
 * @module readiness/checks/cost-budget
 * Cost per trace (this agent's non-rollup spans, summed in pico-dollars so sums are exact) against
 * the per-trace budget. Unknown without a budget. Fail when a trace went over it; warn when the
 * most expensive trace came within 80% of it, or when unpriced calls mean the costs are understated
 * (a pass we cannot stand behind); pass otherwise. A call that succeeded but has no cost (no token
 * usage reported, or a model without a price) is unmeasured; when every call is, cost is unknown.
 */
import { costUnits, isCall, unitsToUsd } from '../../settle/settle-span.ts'
import { fmtUsd, makeCheck, plural, rankTraces, round, spread, type CheckFn } from '../check.ts'

const BUDGET_WARN_SHARE = 0.8

export const costBudget: CheckFn = (view, policy) => {
  let calls = 0
  let unpriced = 0
  let noUsage = 0
  const costs = view.traces.map((t) => {
    let units = 0n
    for (const s of t.spans) {
      if (s.isRollup) continue
      units += costUnits(s.costUsd)
      if (!isCall(s)) continue
      calls += 1
      if (s.costUsd !== null || s.status === 'error') continue
      if (s.inputTokens + s.outputTokens > 0) unpriced += 1
      else noUsage += 1
    }
    return { traceId: t.traceId, score: unitsToUsd(units) }
  })
  const { p50, p95, max } = spread(costs.map((c) => c.score))
  const budget = policy.budgetUsd
  const over = budget === null ? [] : costs.filter((c) => c.score > budget)
  const figures = {
    traces: costs.length,
    costP50Usd: round(p50, 8),
    costP95Usd: round(p95, 8),
    costMaxUsd: max,
    budgetUsd: budget,
    tracesOverBudget: budget === null ? null : over.length,
    unpricedCalls: unpriced,
    callsWithoutUsage: noUsage,
  }
  const priciest = rankTraces(costs)
  const dist = `p50 ${fmtUsd(p50)}, p95 ${fmtUsd(p95)}, max ${fmtUsd(max)} per trace`
  const unmeasured = unpriced + noUsage
  const unpricedNote = [
    unpriced > 0 ? `; ${plural(unpriced, 'call')} unpriced (add the models with LOUPE_PRICES_FILE)` : '',
    noUsage > 0 ? `; ${plural(noUsage, 'call')} without token usage` : '',
  ].join('')
  if (calls === 0) {
    return makeCheck('cost-budget', {
      verdict: 'unknown',
      figures,
      summary: 'No LLM calls in the window, so there is no cost to judge.',
    })
  }
  if (calls === unmeasured) {
    return makeCheck('cost-budget', {
      verdict: 'unknown',
      figures,
      summary:
        noUsage === 0
          ? `All ${plural(calls, 'LLM call')} are unpriced; add their models with LOUPE_PRICES_FILE to measure cost.`
          : `None of the ${plural(calls, 'LLM call')} has a cost (${noUsage} report no token usage, ${unpriced} unpriced): record gen_ai.usage.* to measure cost.`,
    })
  }
  if (budget === null) {
    return makeCheck('cost-budget', {
      verdict: 'unknown',
      figures,
      examples: priciest,
      summary: `No budget configured (${dist}); set LOUPE_BUDGET_USD or budgetUsd in LOUPE_POLICY_FILE${unpricedNote}.`,
    })
  }
  if (over.length > 0) {
    return makeCheck('cost-budget', {
      verdict: 'fail',
      figures,
      examples: rankTraces(over),
      summary: `${plural(over.length, 'trace')} of ${costs.length} went over the ${fmtUsd(budget)} budget (${dist})${unpricedNote}.`,
    })
  }
  if (max !== null && max >= BUDGET_WARN_SHARE * budget) {
    return makeCheck('cost-budget', {
      verdict: 'warn',
      figures,
      examples: priciest,
      summary: `The most expensive trace cost ${fmtUsd(max)}, ${Math.round((max / budget) * 100)}% of the ${fmtUsd(budget)} budget (${dist})${unpricedNote}.`,
    })
  }
  return makeCheck('cost-budget', {
    verdict: unmeasured > 0 ? 'warn' : 'pass',
    figures,
    examples: priciest,
    summary: `Every trace stayed under the ${fmtUsd(budget)} budget (${dist})${unmeasured > 0 ? `, but ${plural(unmeasured, 'call')} without a cost (unpriced or no token usage) so costs are understated` : ''}.`,
  })
}
