/**
 * @module query/alerts
 * Reads of alerts and their deliveries (migration 008), and the sums windowed alert rules compare
 * with their thresholds. Each returns a query for `SpanStore.select`; values are bound only
 * through placeholders.
 */
import type { AlertsQuery } from '@loupe/schema'
import type { AlertRule, Per } from '../alerts/rules.ts'
import { READ_SETTINGS } from '../store/sql.ts'
import type { TimeRange } from './time-range.ts'
import type { BuiltQuery } from './traces.ts'

export interface AlertTables {
  alerts: string
  deliveries: string
  facts: string
  summaries: string
}

const ALERT_FIELDS = `project_id AS projectId, alert_id AS id, version, rule, state, subject_kind AS subjectKind,
  subject_value AS subjectValue, detail, trace_id AS traceId, value, threshold, message, link, stop,
  toUnixTimestamp64Milli(fired_at) AS firedAtMs, toUnixTimestamp64Milli(resolved_at) AS resolvedAtMs`

/** An alert as these queries return it (store/alert-rows.ts AlertRecord, flattened). */
export interface AlertRowOut {
  projectId: string
  id: string
  version: number
  rule: string
  state: string
  subjectKind: string
  subjectValue: string
  detail: string
  traceId: string
  value: number
  threshold: number
  message: string
  link: string
  stop: boolean | number
  firedAtMs: number
  resolvedAtMs: number | null
}

/** A project's alerts fired in the range, newest first, filtered by rule, state and subject. */
export function alertHistoryQuery(
  tables: AlertTables,
  projectId: string,
  q: AlertsQuery,
  range: TimeRange,
): BuiltQuery {
  const clauses = [
    'project_id = {projectId: String}',
    'fired_at >= fromUnixTimestamp64Milli({fromMs: Int64}) AND fired_at < fromUnixTimestamp64Milli({toMs: Int64})',
  ]
  const params: Record<string, unknown> = { projectId, fromMs: range.fromMs, toMs: range.toMs, limit: q.limit }
  if (q.rule !== undefined) {
    clauses.push('rule = {rule: String}')
    params['rule'] = q.rule
  }
  if (q.state !== undefined) {
    clauses.push('state = {state: String}')
    params['state'] = q.state
  }
  if (q.subject !== undefined) {
    clauses.push('subject_value = {subject: String}')
    params['subject'] = q.subject
  }
  return {
    sql: `SELECT ${ALERT_FIELDS} FROM ${tables.alerts} FINAL WHERE ${clauses.join(' AND ')}
      ORDER BY fired_at DESC, alert_id LIMIT {limit: UInt32} ${READ_SETTINGS}`,
    params,
  }
}

/**
 * What the engine must remember across a restart: every alert still firing that a window or a
 * schedule may resolve, and trace alerts of the last `traceMs` (the guard's stop rules and the
 * rules' state).
 */
export function activeAlertsQuery(tables: AlertTables, sinceMs: number): BuiltQuery {
  return {
    sql: `SELECT ${ALERT_FIELDS} FROM ${tables.alerts} FINAL
      WHERE state = 'firing' AND (subject_kind != 'trace' OR fired_at >= fromUnixTimestamp64Milli({sinceMs: Int64}))
      ${READ_SETTINGS}`,
    params: { sinceMs },
  }
}

/** Which of these alert ids are already stored (an alert is never written, or sent, twice). */
export function storedAlertIdsQuery(tables: AlertTables, projectId: string, ids: readonly string[]): BuiltQuery {
  return {
    sql: `SELECT DISTINCT alert_id AS id FROM ${tables.alerts}
      WHERE project_id = {projectId: String} AND alert_id IN {ids: Array(String)} ${READ_SETTINGS}`,
    params: { projectId, ids },
  }
}

const DELIVERY_FIELDS = `project_id AS projectId, alert_id AS alertId, event, channel, version, channel_type AS channelType,
  status, attempts, last_error AS lastError, payload, toUnixTimestamp64Milli(fired_at) AS firedAtMs,
  toUnixTimestamp64Milli(next_attempt_at) AS nextAttemptAtMs, toUnixTimestamp64Milli(delivered_at) AS deliveredAtMs`

export interface DeliveryRowOut {
  projectId: string
  alertId: string
  event: string
  channel: string
  version: number
  channelType: string
  status: string
  attempts: number
  lastError: string
  payload: string
  firedAtMs: number
  nextAttemptAtMs: number
  deliveredAtMs: number | null
}

/** The deliveries of these alerts, every event and channel. */
export function deliveriesQuery(tables: AlertTables, projectId: string, alertIds: readonly string[]): BuiltQuery {
  return {
    sql: `SELECT ${DELIVERY_FIELDS} FROM ${tables.deliveries} FINAL
      WHERE project_id = {projectId: String} AND alert_id IN {alertIds: Array(String)}
      ORDER BY alert_id, event, channel ${READ_SETTINGS}`,
    params: { projectId, alertIds },
  }
}

/** Deliveries still to be tried, in every project: what a restarted collector goes on sending. */
export function pendingDeliveriesQuery(tables: AlertTables): BuiltQuery {
  return {
    sql: `SELECT ${DELIVERY_FIELDS} FROM ${tables.deliveries} FINAL WHERE status = 'pending' ${READ_SETTINGS}`,
    params: {},
  }
}

const PER_EXPR: Record<Per, string> = {
  userId: 'user_id',
  sessionId: 'session_id',
  agent: 'agent_name',
  service: 'service_name',
  project: "''",
}

const FILTER_EXPR: Record<keyof AlertRule['filter'], string> = {
  project: 'project_id',
  service: 'service_name',
  agent: 'agent_name',
  model: 'model',
  userId: 'user_id',
  sessionId: 'session_id',
}

export interface WindowRowOut {
  projectId: string
  subject: string
  costUnitsText: string
  calls: number
  errors: number
}

/**
 * A windowed rule's sums per subject, in every project: the current version of each trace that
 * started in the range (running ones included, as in cost reports), grouped by the rule's `per`.
 */
export function alertWindowQuery(
  tables: AlertTables,
  per: Per,
  filter: AlertRule['filter'],
  range: TimeRange,
): BuiltQuery {
  const clauses = [
    'trace_start >= fromUnixTimestamp64Milli({fromMs: Int64}) AND trace_start < fromUnixTimestamp64Milli({toMs: Int64})',
    `(project_id, trace_id, version) IN (SELECT project_id, trace_id, version FROM ${tables.summaries} FINAL
      WHERE start_time >= fromUnixTimestamp64Milli({fromMs: Int64}) AND start_time < fromUnixTimestamp64Milli({toMs: Int64}))`,
  ]
  const params: Record<string, unknown> = { fromMs: range.fromMs, toMs: range.toMs }
  for (const key of Object.keys(FILTER_EXPR) as Array<keyof typeof FILTER_EXPR>) {
    const value = filter[key]
    if (value === undefined) continue
    clauses.push(`${FILTER_EXPR[key]} = {f_${key}: String}`)
    params[`f_${key}`] = value
  }
  return {
    sql: `SELECT project_id AS projectId, ${PER_EXPR[per]} AS subject, toString(sum(cost_units)) AS costUnitsText,
        sum(llm_calls) + sum(tool_calls) AS calls, sum(call_errors) AS errors
      FROM ${tables.facts}
      WHERE ${clauses.join('\n        AND ')}
      GROUP BY projectId, subject
      ${READ_SETTINGS}`,
    params,
  }
}

/** Projects with traces in the range: whose readiness and drift scheduled rules look at. */
export function activeProjectsQuery(tables: AlertTables, range: TimeRange): BuiltQuery {
  return {
    sql: `SELECT DISTINCT project_id AS projectId FROM ${tables.summaries}
      WHERE start_time >= fromUnixTimestamp64Milli({fromMs: Int64}) AND start_time < fromUnixTimestamp64Milli({toMs: Int64})
      ${READ_SETTINGS}`,
    params: { fromMs: range.fromMs, toMs: range.toMs },
  }
}
