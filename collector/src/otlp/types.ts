/**
 * @module otlp/types
 * The decoded OTLP trace request, identical whichever encoding (protobuf or JSON) it came in.
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

interface OtlpScope {
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
