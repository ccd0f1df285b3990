/**
 * @module query/filters
 * Filters as SQL fragments with bound parameters. Trace-level filters go in HAVING over the
 * per-trace aggregate (a trace matches when any of its spans does); span-level filters go in
 * WHERE, for reports that count only the matching spans.
 */
import type { FilterQuery } from '@loupe/schema'
import type { z } from 'zod'

type Filters = z.infer<typeof FilterQuery>

export interface SqlPart {
  clauses: string[]
  params: Record<string, unknown>
}

const SPAN_COLUMN: Record<keyof Filters, string> = {
  service: 'service_name',
  agent: 'agent_name',
  model: 'model',
  provider: 'provider',
  userId: 'user_id',
  sessionId: 'session_id',
}

/** HAVING clauses: the trace has at least one span with each given value. */
export function traceFilterClauses(f: Filters): SqlPart {
  const clauses: string[] = []
  const params: Record<string, unknown> = {}
  for (const key of Object.keys(SPAN_COLUMN) as Array<keyof Filters>) {
    const value = f[key]
    if (value === undefined) continue
    clauses.push(`countIf(${SPAN_COLUMN[key]} = {f_${key}: String}) > 0`)
    params[`f_${key}`] = value
  }
  return { clauses, params }
}

/**
 * WHERE clauses for span-level filtering. User and session are trace-level facts (SDKs often put
 * them on the root span only), so they are matched on the trace's value (`t_user`, `t_session`).
 */
export function spanFilterClauses(f: Filters): SqlPart {
  const clauses: string[] = []
  const params: Record<string, unknown> = {}
  for (const key of Object.keys(SPAN_COLUMN) as Array<keyof Filters>) {
    const value = f[key]
    if (value === undefined) continue
    const column = key === 'userId' ? 'user' : key === 'sessionId' ? 'session' : SPAN_COLUMN[key]
    clauses.push(`${column} = {f_${key}: String}`)
    params[`f_${key}`] = value
  }
  return { clauses, params }
}
