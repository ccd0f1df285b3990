/**
 * @module store/log-rows
 * Log records as rows of `logs` (migration 009): JSON arrays, columns in the order listed. Pure.
 */
import type { LogRecord } from '../normalise/log-record.ts'

export const LOG_COLUMNS = [
  'project_id',
  'trace_id',
  'span_id',
  'time',
  'log_id',
  'observed_time',
  'severity_number',
  'severity_text',
  'event_name',
  'service_name',
  'scope_name',
  'body',
  'attributes',
  'resource_attributes',
] as const

export function logRow(r: LogRecord): unknown[] {
  return [
    r.projectId,
    r.traceId,
    r.spanId,
    r.timeUnixNano,
    r.logId,
    r.observedTimeUnixNano,
    r.severityNumber,
    r.severityText,
    r.eventName,
    r.serviceName,
    r.scopeName,
    r.body,
    r.attributes,
    r.resourceAttributes,
  ]
}
