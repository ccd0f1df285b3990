/**
 * @module query/sessions
 * Sessions are conversations across traces: the settled traces sharing a session id.
 */
import type { SessionListQuery, SessionSummary } from '@loupe/schema'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { scanParams, type TimeRange } from './time-range.ts'
import { SUMMARIES_IN_RANGE, SUMMARY_SELECT } from './trace-summary-sql.ts'
import type { BuiltQuery } from './traces.ts'
import { unitsToUsd } from '../settle/settle-span.ts'

const SESSION_COLUMNS = `session_id AS sessionId,
  count() AS traceCount,
  toString(min(toUnixTimestamp64Nano(start_time))) AS firstSeenUnixNano,
  max(toUnixTimestamp64Nano(start_time)) AS lastNs,
  toString(lastNs) AS lastSeenUnixNano,
  sum(input_tokens) AS inputTokens,
  sum(output_tokens) AS outputTokens,
  toString(sum(cost_units)) AS costUnitsText,
  sum(error_count) AS errorCount,
  arraySort(groupUniqArrayIf(user_id, user_id != '')) AS userIds,
  arraySort(groupUniqArrayArray(agent_names)) AS agentNames,
  countIf(running) AS runningTraces`

export function sessionListQuery(
  summaries: string,
  settings: string,
  projectId: string,
  q: SessionListQuery,
  range: TimeRange,
): BuiltQuery {
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
    sql: `SELECT ${SESSION_COLUMNS} FROM ${summaries} FINAL WHERE ${SUMMARIES_IN_RANGE} AND session_id != ''
      GROUP BY session_id ${having.length > 0 ? `HAVING ${having.join(' AND ')}` : ''}
      ORDER BY lastNs DESC, sessionId DESC LIMIT {limit: UInt32} ${settings}`,
    params,
  }
}

/** The session's traces, oldest first (the turns of the conversation). */
export function sessionTracesQuery(
  summaries: string,
  settings: string,
  projectId: string,
  sessionId: string,
  range: TimeRange,
): BuiltQuery {
  return {
    sql: `SELECT ${SUMMARY_SELECT} FROM ${summaries} FINAL WHERE ${SUMMARIES_IN_RANGE} AND session_id = {sessionId: String}
      ORDER BY startNs ASC, traceId ASC LIMIT 10000 ${settings}`,
    params: { projectId, ...scanParams(range), sessionId },
  }
}

export interface SessionRow extends Omit<SessionSummary, 'costUsd'> {
  lastNs: number | string
  costUnitsText: string
}

function toSessionSummary(r: SessionRow): SessionSummary {
  return {
    sessionId: r.sessionId,
    traceCount: Number(r.traceCount),
    firstSeenUnixNano: r.firstSeenUnixNano,
    lastSeenUnixNano: r.lastSeenUnixNano,
    inputTokens: Number(r.inputTokens),
    outputTokens: Number(r.outputTokens),
    costUsd: unitsToUsd(BigInt(r.costUnitsText)),
    errorCount: Number(r.errorCount),
    userIds: r.userIds,
    agentNames: r.agentNames,
    runningTraces: Number(r.runningTraces),
  }
}

export function sessionPage(
  rows: SessionRow[],
  limit: number,
): { sessions: SessionSummary[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    sessions: page.map(toSessionSummary),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ sort: 'lastSeen', order: 'desc', value: String(last.lastNs), id: last.sessionId })
        : null,
  }
}
