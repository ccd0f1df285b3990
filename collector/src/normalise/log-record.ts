/**
 * @module normalise/log-record
 * OTLP log records as Loupe stores them: one row each, with its trace context, its event name
 * (the LogRecord's `event_name`, or the older `event.name` attribute) and its body and attributes
 * as text. Pure.
 */
import { SERVICE_NAME_KEY } from '@loupe/schema'
import { shortHash } from '../detect/scrub.ts'
import type { AttrValue, OtlpLogsRequest } from '../otlp/types.ts'
import { flattenAttributes, stringify } from './attributes.ts'

/** The attribute older emitters name their event with. */
const EVENT_NAME_ATTRIBUTE = 'event.name'

export interface LogRecord {
  projectId: string
  /** '' without trace context */
  traceId: string
  spanId: string
  /** Unix nanoseconds, decimal: the record's time, or when it was observed when that is unset */
  timeUnixNano: string
  observedTimeUnixNano: string
  severityNumber: number
  severityText: string
  eventName: string
  serviceName: string
  scopeName: string
  /** the body as text: a string as it is, anything else as JSON; '' when absent */
  body: string
  attributes: Record<string, string>
  resourceAttributes: Record<string, string>
  /** what makes a record one: a retried export of it gets the same id */
  logId: string
}

/** Every record of a validated request, for one project. */
export function toLogRecords(req: OtlpLogsRequest, projectId: string): LogRecord[] {
  const out: LogRecord[] = []
  for (const rl of req.resourceLogs) {
    const resource = flattenAttributes(rl.resource.attributes)
    const serviceName = resource[SERVICE_NAME_KEY] ?? ''
    for (const sl of rl.scopeLogs) {
      for (const r of sl.logRecords) {
        const time = r.timeUnixNano !== '0' ? r.timeUnixNano : r.observedTimeUnixNano
        const attributes = flattenAttributes(r.attributes)
        const body = r.body === null ? '' : stringify(r.body as AttrValue)
        const eventName = r.eventName || attributes[EVENT_NAME_ATTRIBUTE] || ''
        out.push({
          projectId,
          traceId: r.traceId,
          spanId: r.spanId,
          timeUnixNano: time,
          observedTimeUnixNano: r.observedTimeUnixNano !== '0' ? r.observedTimeUnixNano : time,
          severityNumber: r.severityNumber,
          severityText: r.severityText,
          eventName,
          serviceName,
          scopeName: sl.scope.name,
          body,
          attributes,
          resourceAttributes: resource,
          // only records of one span at one nanosecond share the rest of the key: 64 bits are plenty
          logId: shortHash(time, eventName, String(r.severityNumber), body, JSON.stringify(attributes)),
        })
      }
    }
  }
  return out
}
