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

/** OTLP Span.SpanKind */
export const OTLP_SPAN_KIND = {
  unspecified: 0,
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
} as const

/** OTLP Status.StatusCode */
export const OTLP_STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const

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
