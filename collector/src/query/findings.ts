/**
 * @module query/findings
 * Stored findings (written by the settler) of traces that start in the range; only each trace's
 * current version counts. Wasted cost is kept in pico-dollars like every other cost.
 */
import type { FindingRow, FindingsQuery, FindingsResponse } from '@loupe/schema'
import { unitsToUsd } from '../settle/settle-span.ts'
import { scanParams, type TimeRange } from './time-range.ts'
import { SUMMARIES_IN_RANGE } from './trace-summary-sql.ts'
import type { BuiltQuery } from './traces.ts'

function where(summaries: string, q: FindingsQuery, params: Record<string, unknown>): string {
  const clauses = [
    'project_id = {projectId: String}',
    'trace_start >= fromUnixTimestamp64Milli({fromMs: Int64}) AND trace_start < fromUnixTimestamp64Milli({toMs: Int64})',
    `(trace_id, version) IN (SELECT trace_id, version FROM ${summaries} FINAL WHERE ${SUMMARIES_IN_RANGE})`,
  ]
  const eq = (column: string, param: string, value: string | undefined) => {
    if (value === undefined) return
    clauses.push(`${column} = {${param}: String}`)
    params[param] = value
  }
  eq('detector', 'detector', q.detector)
  eq('severity', 'severity', q.severity)
  eq('service_name', 'service', q.service)
  eq('agent_name', 'agent', q.agent)
  return clauses.join('\n      AND ')
}

export function findingsQueries(
  tables: { findings: string; summaries: string },
  settings: string,
  projectId: string,
  q: FindingsQuery,
  range: TimeRange,
): { rows: BuiltQuery; totals: BuiltQuery } {
  const params: Record<string, unknown> = { projectId, ...scanParams(range), limit: q.limit }
  const w = where(tables.summaries, q, params)
  return {
    rows: {
      sql: `SELECT trace_id AS traceId, toString(toUnixTimestamp64Nano(trace_start)) AS traceStartUnixNano, detector, severity, message,
          span_ids AS spanIds, first_span_id AS firstSpanId, last_span_id AS lastSpanId, count, wasted_tokens AS wastedTokens,
          toString(wasted_cost_units) AS wastedUnits, service_name AS serviceName, agent_name AS agentName, running
        FROM ${tables.findings} WHERE ${w}
        ORDER BY wasted_cost_units DESC, trace_start DESC, trace_id, detector LIMIT {limit: UInt32} ${settings}`,
      params,
    },
    totals: {
      // per detector, and (the row grouping() marks) over all of them: traces are distinct overall
      sql: `SELECT detector, count() AS findings, uniqExact(trace_id) AS traces, sum(wasted_tokens) AS wastedTokens,
          toString(sum(wasted_cost_units)) AS wastedUnits, grouping(detector) != 0 AS isTotal
        FROM ${tables.findings} WHERE ${w} GROUP BY GROUPING SETS ((detector), ()) ORDER BY isTotal, detector ${settings}`,
      params,
    },
  }
}

type Row = Omit<FindingRow, 'wastedCostUsd' | 'provisional'> & { wastedUnits: string; running: boolean | number }
type TotalRow = {
  detector: FindingRow['detector']
  findings: number
  traces: number
  wastedTokens: number
  wastedUnits: string
  isTotal: boolean | number
}

/** Pure: rows and grouped totals (per detector plus the overall row) → the response. */
export function toFindingsResponse(rows: Row[], totals: TotalRow[]): FindingsResponse {
  const overall = totals.find((t) => Boolean(t.isTotal))
  return {
    findings: rows.map(({ wastedUnits, running, ...r }) => ({
      ...r,
      provisional: Boolean(running),
      count: Number(r.count),
      wastedTokens: Number(r.wastedTokens),
      wastedCostUsd: unitsToUsd(BigInt(wastedUnits)),
    })),
    totals: {
      findings: Number(overall?.findings ?? 0),
      traces: Number(overall?.traces ?? 0),
      wastedTokens: Number(overall?.wastedTokens ?? 0),
      wastedCostUsd: unitsToUsd(BigInt(overall?.wastedUnits ?? '0')),
      byDetector: totals
        .filter((t) => !t.isTotal)
        .map((t) => ({
          detector: t.detector,
          findings: Number(t.findings),
          wastedCostUsd: unitsToUsd(BigInt(t.wastedUnits)),
        })),
    },
  }
}
