/**
 * @module query/traces
 * Trace list and trace summary queries (pure SQL builders and row mapping).
 */
import type { TraceListQuery, TraceSummary } from '@loupe/schema'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { traceFilterClauses } from './filters.ts'
import { SCAN_WHERE, TRACE_START_IN_RANGE, scanParams, type TimeRange } from './time-range.ts'
import { TRACE_SUMMARY_COLUMNS, toTraceSummary, type TraceSummaryRow } from './trace-summary-sql.ts'

/** Sort expression (a select alias), its ClickHouse type for the cursor, and how to read the value. */
const SORTS: Record<TraceListQuery['sort'], { expr: string; type: string; value: (r: TraceSummaryRow) => string }> = {
  startTime: { expr: 'startNs', type: 'Int64', value: (r) => String(r.startNs) },
  durationMs: { expr: 'durationMs', type: 'Float64', value: (r) => String(r.durationMs) },
  costUsd: { expr: 'costDec', type: 'Decimal128(12)', value: (r) => String(r.costDec) },
  spanCount: { expr: 'spanCount', type: 'UInt64', value: (r) => String(r.spanCount) },
}

export interface BuiltQuery {
  sql: string
  params: Record<string, unknown>
}

export function traceListQuery(table: string, settings: string, projectId: string, q: TraceListQuery, range: TimeRange): BuiltQuery {
  const sort = SORTS[q.sort]
  const dir = q.order === 'asc' ? 'ASC' : 'DESC'
  const filters = traceFilterClauses(q)
  const having = [TRACE_START_IN_RANGE, ...filters.clauses]
  const params: Record<string, unknown> = { projectId, ...scanParams(range), ...filters.params, limit: q.limit + 1 }
  if (q.status === 'error') having.push('errorCount > 0')
  if (q.minCostUsd !== undefined) {
    having.push('costUsd >= {minCostUsd: Float64}')
    params['minCostUsd'] = q.minCostUsd
  }
  if (q.minDurationMs !== undefined) {
    having.push('durationMs >= {minDurationMs: Float64}')
    params['minDurationMs'] = q.minDurationMs
  }
  if (q.q !== undefined) {
    having.push(`countIf(positionCaseInsensitiveUTF8(name, {q: String}) > 0 OR positionCaseInsensitiveUTF8(tool_name, {q: String}) > 0
      OR positionCaseInsensitiveUTF8(input, {q: String}) > 0 OR positionCaseInsensitiveUTF8(output, {q: String}) > 0
      OR positionCaseInsensitiveUTF8(tool_arguments, {q: String}) > 0 OR positionCaseInsensitiveUTF8(tool_result, {q: String}) > 0) > 0`)
    params['q'] = q.q
  }
  if (q.hasFindings !== undefined) having.push(q.hasFindings ? 'findingCount > 0' : 'findingCount = 0')
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor, q.sort, q.order)
    having.push(`(${sort.expr}, traceId) ${q.order === 'asc' ? '>' : '<'} ({cursorValue: ${sort.type}}, {cursorId: String})`)
    params['cursorValue'] = c.value
    params['cursorId'] = c.id
  }
  const sql = `SELECT ${TRACE_SUMMARY_COLUMNS}
    FROM ${table} FINAL
    WHERE ${SCAN_WHERE}
    GROUP BY trace_id
    HAVING ${having.join('\n      AND ')}
    ORDER BY ${sort.expr} ${dir}, traceId ${dir}
    LIMIT {limit: UInt32}
    ${settings}`
  return { sql, params }
}

/** Turns the fetched page (limit + 1 rows) into summaries and the next cursor. */
export function tracePage(rows: TraceSummaryRow[], q: TraceListQuery): { traces: TraceSummary[]; nextCursor: string | null } {
  const page = rows.slice(0, q.limit)
  const last = page[page.length - 1]
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor({ sort: q.sort, order: q.order, value: SORTS[q.sort].value(last), id: last.traceId })
      : null
  return { traces: page.map(toTraceSummary), nextCursor }
}

/** One trace's summary, whatever its time (trace detail). */
export function traceSummaryQuery(table: string, settings: string, projectId: string, traceId: string): BuiltQuery {
  return {
    sql: `SELECT ${TRACE_SUMMARY_COLUMNS} FROM ${table} FINAL
      WHERE project_id = {projectId: String} AND trace_id = {traceId: String}
      GROUP BY trace_id ${settings}`,
    params: { projectId, traceId },
  }
}
