/**
 * @module cli/gate
 * Pure: a report and its `--fail-on` threshold → null when the gate passes, or one line saying
 * what tripped it. `run` prints the report in full first, then this line to stderr, and exits
 * EXIT.gate, so a CI log shows both the reason and the evidence. A report with nothing in it (no
 * traces in the range) passes: there is no failed check to point at.
 */
import type { DriftResponse, ReadinessResponse } from '@loupe/schema'
import type { ReadinessFailOn } from './args.ts'
import { driftRows } from './drift-table.ts'
import { agentLabel, VERDICT_RANK } from './readiness-table.ts'
import { dimensionCell } from './table.ts'

/** Trips on any check with the `failOn` verdict or a worse one (`unknown` never trips it). */
export function readinessGate(report: ReadinessResponse, failOn: ReadinessFailOn): string | null {
  const tripped = report.agents.flatMap((a) => {
    const ids = a.checks
      .filter((c) => VERDICT_RANK[c.verdict] >= VERDICT_RANK[failOn])
      .map((c) => `${c.id} ${c.verdict}`)
    return ids.length > 0 ? [{ agent: agentLabel(a), ids }] : []
  })
  if (tripped.length === 0) return null
  const count = tripped.reduce((n, t) => n + t.ids.length, 0)
  const what = failOn === 'fail' ? 'failed' : 'failed or warned'
  const where = tripped.map((t) => `${t.agent}: ${t.ids.join(', ')}`).join('; ')
  return `--fail-on ${failOn}: ${count} check${count === 1 ? '' : 's'} ${what} (${where})`
}

/** Trips on any drifted feature. */
export function driftGate(report: DriftResponse): string | null {
  const drifted = driftRows(report).filter((r) => r.verdict === 'drifted')
  if (drifted.length === 0) return null
  const where = drifted
    .map(
      (r) =>
        `${dimensionCell(r.agentName)} ${r.model === '' ? '(all models)' : dimensionCell(r.model)} ${r.feature.feature}`,
    )
    .join(', ')
  return `--fail-on drift: ${drifted.length} feature${drifted.length === 1 ? '' : 's'} drifted (${where})`
}
