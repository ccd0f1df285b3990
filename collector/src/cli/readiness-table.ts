/**
 * @module cli/readiness-table
 * Pure: a readiness report → text for people. First a table, one row per service and agent in the
 * server's order (worst first) with its overall verdict and one column per check; then the checks
 * that failed or warned, each with its title, its one-sentence summary and the example traces to
 * open, so the reason for a verdict is on screen without a second command.
 */
import {
  CHECK_IDS,
  type ReadinessAgent,
  type ReadinessCheck,
  type ReadinessResponse,
  type Verdict,
} from '@loupe/schema'
import { dimensionCell, renderTable, type Column } from './table.ts'

/** Worse is higher; `unknown` counts as better than `warn`, as the report's own overall verdict does. */
export const VERDICT_RANK: Record<Verdict, number> = { pass: 0, unknown: 1, warn: 2, fail: 3 }

/** `shop-api / planner`; `(none)` for spans that belong to no agent. */
export function agentLabel(a: Pick<ReadinessAgent, 'serviceName' | 'agentName'>): string {
  return `${dimensionCell(a.serviceName)} / ${dimensionCell(a.agentName)}`
}

/** The fail and warn checks of one agent, fails first, otherwise in checklist order. */
export function failingChecks(agent: ReadinessAgent): ReadinessCheck[] {
  return agent.checks
    .filter((c) => VERDICT_RANK[c.verdict] >= VERDICT_RANK.warn)
    .sort((a, b) => VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict])
}

const COLUMNS: readonly Column[] = [
  { header: 'service', align: 'left' },
  { header: 'agent', align: 'left' },
  { header: 'verdict', align: 'left' },
  ...CHECK_IDS.map((id) => ({ header: id, align: 'left' as const })),
]

export function readinessTable(report: ReadinessResponse): string {
  const rows = report.agents.map((a) => [
    dimensionCell(a.serviceName),
    dimensionCell(a.agentName),
    a.verdict,
    // a check the server left out (an older collector) shows as a dash, not as a shifted column
    ...CHECK_IDS.map((id) => a.checks.find((c) => c.id === id)?.verdict ?? '-'),
  ])
  return `${renderTable(COLUMNS, rows)}\n${failingSection(report)}`
}

/**
 * ```
 * Failing checks:
 *
 * shop-api / reckless
 *   fail  Step limit
 *         The longest run took 30 steps; the policy allows 12.
 *         traces: 0af7651916cd43dd8448eb211c80319c, …
 * ```
 * Trace ids are printed whole: people paste them into the UI.
 */
function failingSection(report: ReadinessResponse): string {
  const blocks = report.agents.flatMap((a) => {
    const checks = failingChecks(a)
    if (checks.length === 0) return []
    const width = Math.max(...checks.map((c) => c.verdict.length))
    const indent = ' '.repeat(2 + width + 2)
    const lines = checks.flatMap((c) => [
      `  ${c.verdict.padEnd(width)}  ${c.title}`,
      `${indent}${c.summary}`,
      ...(c.exampleTraceIds.length > 0 ? [`${indent}traces: ${c.exampleTraceIds.join(', ')}`] : []),
    ])
    return [[agentLabel(a), ...lines].join('\n')]
  })
  if (blocks.length === 0) return 'No check failed or warned.\n'
  return `Failing checks:\n\n${blocks.join('\n\n')}\n`
}
