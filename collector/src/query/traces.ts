/**
 * @module query/traces
 * The trace list over settled summaries (pure SQL builder and row mapping). Trace-level filters:
 * a trace matches when any of its spans has the service, agent, model or provider. Text search
 * (`q`) looks in the spans themselves.
 */
import type { TraceListQuery, TraceSummary } from '@loupe/schema'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { SPANS_OF_RANGE, scanParams, type TimeRange } from './time-range.ts'
import { SUMMARIES_IN_RANGE, SUMMARY_SELECT, toTraceSummary, type TraceSummaryRow } from './trace-summary-sql.ts'

/** Sort expression (a select alias), its ClickHouse type for the cursor, and how to read the value. */
const SORTS: Record<TraceListQuery['sort'], { expr: string; type: string; value: (r: TraceSummaryRow) => string }> = {
  startTime: { expr: 'startNs', type: 'Int64', value: (r) => String(r.startNs) },
  durationMs: { expr: 'durationMs', type: 'Float64', value: (r) => String(r.durationMs) },
  costUsd: { expr: 'costUnits', type: 'Int64', value: (r) => r.costUnitsText },
  spanCount: { expr: 'spanCount', type: 'UInt32', value: (r) => String(r.spanCount) },
}

export interface BuiltQuery {
  sql: string
  params: Record<string, unknown>
}

export function traceListQuery(
  tables: { spans: string; summaries: string },
  settings: string,
  projectId: string,
  q: TraceListQuery,
  range: TimeRange,
): BuiltQuery {
  const sort = SORTS[q.sort]
  const dir = q.order === 'asc' ? 'ASC' : 'DESC'
  const where = [SUMMARIES_IN_RANGE]
  const params: Record<string, unknown> = { projectId, ...scanParams(range), limit: q.limit + 1 }
  const arrayFilter = (param: string, column: string, value: string | undefined) => {
    if (value === undefined) return
    where.push(`has(${column}, {${param}: String})`)
    params[param] = value
  }
  arrayFilter('service', 'service_names', q.service)
  arrayFilter('agent', 'agent_names', q.agent)
  arrayFilter('model', 'models', q.model)
  arrayFilter('provider', 'providers', q.provider)
  if (q.userId !== undefined) {
    where.push('user_id = {userId: String}')
    params['userId'] = q.userId
  }
  if (q.sessionId !== undefined) {
    where.push('session_id = {sessionId: String}')
    params['sessionId'] = q.sessionId
  }
  if (q.status === 'error') where.push('error_count > 0')
  if (q.minCostUsd !== undefined) {
    where.push('cost_units >= {minCostUnits: Int64}')
    params['minCostUnits'] = Math.round(q.minCostUsd * 1e12)
  }
  if (q.minDurationMs !== undefined) {
    where.push('durationMs >= {minDurationMs: Float64}')
    params['minDurationMs'] = q.minDurationMs
  }
  if (q.hasFindings !== undefined) where.push(q.hasFindings ? 'finding_count > 0' : 'finding_count = 0')
  if (q.state !== undefined) where.push(q.state === 'running' ? 'running' : 'NOT running')
  if (q.q !== undefined) {
    // A trace starts with its earliest span, so the spans of a trace that starts in the range start
    // at `from` or later: the scan need not reach MAX_TRACE_MS before it (half the spans read for a day).
    where.push(`trace_id IN (SELECT trace_id FROM ${tables.spans} WHERE ${SPANS_OF_RANGE}
      AND (positionCaseInsensitiveUTF8(name, {q: String}) > 0 OR positionCaseInsensitiveUTF8(tool_name, {q: String}) > 0
        OR positionCaseInsensitiveUTF8(input, {q: String}) > 0 OR positionCaseInsensitiveUTF8(output, {q: String}) > 0
        OR positionCaseInsensitiveUTF8(tool_arguments, {q: String}) > 0 OR positionCaseInsensitiveUTF8(tool_result, {q: String}) > 0))`)
    params['q'] = q.q
  }
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor, q.sort, q.order)
    where.push(
      `(${sort.expr}, traceId) ${q.order === 'asc' ? '>' : '<'} ({cursorValue: ${sort.type}}, {cursorId: String})`,
    )
    params['cursorValue'] = c.value
    params['cursorId'] = c.id
  }
  const sql = `SELECT ${SUMMARY_SELECT}
    FROM ${tables.summaries} FINAL
    WHERE ${where.join('\n      AND ')}
    ORDER BY ${sort.expr} ${dir}, traceId ${dir}
    LIMIT {limit: UInt32}
    ${settings}`
  return { sql, params }
}

/** Turns the fetched page (limit + 1 rows) into summaries and the next cursor. */
export function tracePage(
  rows: TraceSummaryRow[],
  q: TraceListQuery,
): { traces: TraceSummary[]; nextCursor: string | null } {
  const page = rows.slice(0, q.limit)
  const last = page[page.length - 1]
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor({ sort: q.sort, order: q.order, value: SORTS[q.sort].value(last), id: last.traceId })
      : null
  return { traces: page.map(toTraceSummary), nextCursor }
}
