/**
 * @module otlp/types
 * The decoded OTLP trace and logs requests, identical whichever encoding (protobuf or JSON) they
 * came in.
 * Invariant: ids are lowercase hex of whatever length was sent (validation happens later, so it
 * can name the bad length); timestamps are decimal strings of Unix nanoseconds; attribute values
 * keep their OTLP type, with int64 as a number when it is a safe integer and as a decimal string
 * otherwise, and bytes as base64.
 */

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue }
export type Attributes = Record<string, AttrValue>

export interface OtlpEvent {
  timeUnixNano: string
  name: string
  attributes: Attributes
}

export interface OtlpLink {
  traceId: string
  spanId: string
  traceState: string
  attributes: Attributes
}

export interface OtlpSpan {
  traceId: string
  spanId: string
  /** '' at a root */
  parentSpanId: string
  traceState: string
  name: string
  kind: number
  startTimeUnixNano: string
  endTimeUnixNano: string
  attributes: Attributes
  events: OtlpEvent[]
  links: OtlpLink[]
  status: { code: number; message: string }
}

export interface OtlpScope {
  name: string
  version: string
  attributes: Attributes
}

export interface OtlpScopeSpans {
  scope: OtlpScope
  spans: OtlpSpan[]
}

export interface OtlpResourceSpans {
  resource: { attributes: Attributes }
  scopeSpans: OtlpScopeSpans[]
}

export interface OtlpTraceRequest {
  resourceSpans: OtlpResourceSpans[]
}

/**
 * One OTLP log record. Unset fields take their proto3 defaults: times '0', numbers 0, strings and
 * ids ''. A GenAI event names itself in `eventName` (LogRecord field 12) or, from older emitters,
 * in an `event.name` attribute, which is kept among the attributes as sent.
 */
export interface OtlpLogRecord {
  timeUnixNano: string
  observedTimeUnixNano: string
  /** SeverityNumber: 0 unspecified, 1–4 trace, 5–8 debug, 9–12 info, 13–16 warn, 17–20 error, 21–24 fatal */
  severityNumber: number
  severityText: string
  /** the AnyValue body, decoded as attribute values are; null when absent */
  body: AttrValue
  attributes: Attributes
  /** W3C trace flags in the low byte */
  flags: number
  /** '' without trace context */
  traceId: string
  spanId: string
  eventName: string
}

export interface OtlpScopeLogs {
  scope: OtlpScope
  logRecords: OtlpLogRecord[]
}

export interface OtlpResourceLogs {
  resource: { attributes: Attributes }
  scopeLogs: OtlpScopeLogs[]
}

export interface OtlpLogsRequest {
  resourceLogs: OtlpResourceLogs[]
}
