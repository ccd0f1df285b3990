/**
 * @module query/sessions
 * Sessions are conversations across traces: the traces sharing a session id (taken per trace, as
 * SDKs often set it on the root span only).
 */
import type { SessionListQuery, SessionSummary } from '@loupe/schema'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { SCAN_WHERE, TRACE_START_IN_RANGE, scanParams, type TimeRange } from './time-range.ts'
import { TRACE_SUMMARY_COLUMNS } from './trace-summary-sql.ts'
import type { BuiltQuery } from './traces.ts'

const SESSION_COLUMNS = `sessionId,
  count() AS traceCount,
  toString(min(startNs)) AS firstSeenUnixNano,
  max(startNs) AS lastNs,
  toString(lastNs) AS lastSeenUnixNano,
  sum(inputTokens) AS inputTokens,
  sum(outputTokens) AS outputTokens,
  toFloat64(sum(costDec)) AS costUsd,
  sum(errorCount) AS errorCount,
  arraySort(groupUniqArrayIf(userId, userId != '')) AS userIds,
  arraySort(arrayDistinct(arrayFlatten(groupArray(agentNames)))) AS agentNames`

function traceSummaries(table: string): string {
  return `SELECT ${TRACE_SUMMARY_COLUMNS} FROM ${table} FINAL WHERE ${SCAN_WHERE} GROUP BY trace_id HAVING ${TRACE_START_IN_RANGE}`
}

export function sessionListQuery(table: string, settings: string, projectId: string, q: SessionListQuery, range: TimeRange): BuiltQuery {
  const params: Record<string, unknown> = { projectId, ...scanParams(range), limit: q.limit + 1 }
  const having: string[] = []
  if (q.userId !== undefined) {
    having.push('has(userIds, {userId: String})')
    params['userId'] = q.userId
  }
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor, 'lastSeen', 'desc')
    having.push('(lastNs, sessionId) < ({cursorValue: Int64}, {cursorId: String})')
    params['cursorValue'] = c.value
    params['cursorId'] = c.id
  }
  return {
    sql: `SELECT ${SESSION_COLUMNS} FROM (${traceSummaries(table)}) WHERE sessionId != ''
      GROUP BY sessionId ${having.length > 0 ? `HAVING ${having.join(' AND ')}` : ''}
      ORDER BY lastNs DESC, sessionId DESC LIMIT {limit: UInt32} ${settings}`,
    params,
  }
}

/** The session's traces, oldest first (the turns of the conversation). */
export function sessionTracesQuery(table: string, settings: string, projectId: string, sessionId: string, range: TimeRange): BuiltQuery {
  return {
    sql: `SELECT * FROM (${traceSummaries(table)}) WHERE sessionId = {sessionId: String}
      ORDER BY startNs ASC, traceId ASC LIMIT 10000 ${settings}`,
    params: { projectId, ...scanParams(range), sessionId },
  }
}

export interface SessionRow extends Omit<SessionSummary, never> {
  lastNs: number | string
}

export function toSessionSummary(r: SessionRow): SessionSummary {
  return {
    sessionId: r.sessionId,
    traceCount: Number(r.traceCount),
    firstSeenUnixNano: r.firstSeenUnixNano,
    lastSeenUnixNano: r.lastSeenUnixNano,
    inputTokens: Number(r.inputTokens),
    outputTokens: Number(r.outputTokens),
    costUsd: Number(r.costUsd),
    errorCount: Number(r.errorCount),
    userIds: r.userIds,
    agentNames: r.agentNames,
  }
}

export function sessionPage(rows: SessionRow[], limit: number): { sessions: SessionSummary[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    sessions: page.map(toSessionSummary),
    nextCursor: rows.length > limit && last ? encodeCursor({ sort: 'lastSeen', order: 'desc', value: String(last.lastNs), id: last.sessionId }) : null,
  }
}
