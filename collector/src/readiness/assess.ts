/**
 * @module readiness/assess
 * The production-readiness checklist, per (service, agent): pure over the spans read for the
 * window and the policy in force. Each agent is judged against its own policy entry, or the
 * defaults. Agents come worst first (fail, warn, unknown, pass), then by service and agent name.
 *
 * @example
 *   const agents = assessReadiness(spans, policy)
 *   agents[0]?.checks.find((c) => c.id === 'cost-budget')?.verdict // 'fail'
 */
import { CHECK_IDS, type CheckId, type ReadinessAgent } from '@loupe/schema'
import { cmp, VERDICT_RANK, worstVerdict, type CheckFn } from './check.ts'
import { costBudget } from './checks/cost-budget.ts'
import { gracefulDegradation } from './checks/degradation.ts'
import { fallback } from './checks/fallback.ts'
import { guardrails } from './checks/guardrails.ts'
import { humanApproval } from './checks/human-approval.ts'
import { observability } from './checks/observability.ts'
import { rateLimiting } from './checks/rate-limiting.ts'
import { stepLimit } from './checks/step-limit.ts'
import { toolAllowlist } from './checks/tool-allowlist.ts'
import { toolTimeouts } from './checks/tool-timeouts.ts'
import { buildAgentViews } from './trace-view.ts'
import { policyFor, type Policy, type ReadinessSpan } from './types.ts'

const CHECKS: Readonly<Record<CheckId, CheckFn>> = {
  'step-limit': stepLimit,
  'cost-budget': costBudget,
  'tool-timeouts': toolTimeouts,
  'human-approval': humanApproval,
  'tool-allowlist': toolAllowlist,
  observability,
  'graceful-degradation': gracefulDegradation,
  'rate-limiting': rateLimiting,
  fallback,
  guardrails,
}

export function assessReadiness(spans: readonly ReadinessSpan[], policy: Policy): ReadinessAgent[] {
  return buildAgentViews(spans)
    .map((view): ReadinessAgent => {
      const agentPolicy = policyFor(policy, view.agentName)
      const checks = CHECK_IDS.map((id) => CHECKS[id](view, agentPolicy))
      const counts = { pass: 0, warn: 0, fail: 0, unknown: 0 }
      for (const c of checks) counts[c.verdict] += 1
      return {
        serviceName: view.serviceName,
        agentName: view.agentName,
        traces: view.traces.length,
        spans: view.spanCount,
        verdict: worstVerdict(checks.map((c) => c.verdict)),
        counts,
        checks,
      }
    })
    .sort(
      (a, b) =>
        VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
        cmp(a.serviceName, b.serviceName) ||
        cmp(a.agentName, b.agentName),
    )
}
