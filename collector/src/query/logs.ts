/**
 * @module query/logs
 * A trace's log records for its detail, one row per record however often it was sent.
 */
import type { TraceLog } from '@loupe/schema'
import { READ_SETTINGS } from '../store/sql.ts'
import type { BuiltQuery } from './traces.ts'

/** Enough for any trace a person reads; a trace with more shows its first ones. */
const MAX_TRACE_LOGS = 5000

export interface TraceLogRow {
  spanId: string
  timeUnixNano: string
  severityNumber: number
  severityText: string
  eventName: string
  body: string
  attributes: Record<string, string>
}

export function traceLogsQuery(logs: string, projectId: string, traceId: string): BuiltQuery {
  return {
    sql: `SELECT span_id AS spanId, toString(toUnixTimestamp64Nano(time)) AS timeUnixNano, severity_number AS severityNumber,
        severity_text AS severityText, event_name AS eventName, body, attributes
      FROM ${logs}
      WHERE project_id = {projectId: String} AND trace_id = {traceId: String}
      ORDER BY time, span_id, log_id, ingested_at DESC LIMIT 1 BY span_id, time, log_id
      LIMIT ${MAX_TRACE_LOGS}
      ${READ_SETTINGS}, prefer_column_name_to_alias = 1`,
    params: { projectId, traceId },
  }
}

export function toTraceLog(r: TraceLogRow): TraceLog {
  return {
    spanId: r.spanId === '' ? null : r.spanId,
    timeUnixNano: r.timeUnixNano,
    severityNumber: Number(r.severityNumber),
    severityText: r.severityText,
    eventName: r.eventName,
    body: r.body,
    attributes: r.attributes,
  }
}
