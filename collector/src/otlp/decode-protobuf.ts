/**
 * @module otlp/decode-protobuf
 * Decodes `ExportTraceServiceRequest` protobuf bytes into `OtlpTraceRequest`. Unknown fields are
 * skipped (OTLP requires it); a known field with the wrong wire type is rejected, and the common
 * mix-up of sending logs or metrics to the traces endpoint is named in the error.
 *
 * Field map (opentelemetry/proto, trace v1; Resource, InstrumentationScope, KeyValue and AnyValue
 * are in common-protobuf.ts):
 *   ExportTraceServiceRequest  1 resource_spans[]
 *   ResourceSpans              1 resource, 2 scope_spans[], 3 schema_url
 *   ScopeSpans                 1 scope, 2 spans[], 3 schema_url
 *   Span                       1 trace_id, 2 span_id, 3 trace_state, 4 parent_span_id, 5 name,
 *                              6 kind, 7 start_time_unix_nano (fixed64), 8 end_time_unix_nano
 *                              (fixed64), 9 attributes[], 10 dropped_attributes_count, 11 events[],
 *                              12 dropped_events_count, 13 links[], 14 dropped_links_count,
 *                              15 status, 16 flags (fixed32)
 *   Span.Event                 1 time_unix_nano (fixed64), 2 name, 3 attributes[]
 *   Span.Link                  1 trace_id, 2 span_id, 3 trace_state, 4 attributes[], 6 flags
 *   Status                     2 message, 3 code
 *   In logs, LogRecord 1 is time_unix_nano (fixed64): a Span field 1 of wire type 1 means logs.
 */
import { OtlpDecodeError } from './decode-error.ts'
import { decodeResource, decodeScope, expectWire, readKeyValue } from './common-protobuf.ts'
import { ProtobufReader, WIRE } from './protobuf-reader.ts'
import type {
  Attributes,
  OtlpEvent,
  OtlpLink,
  OtlpResourceSpans,
  OtlpScope,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpTraceRequest,
} from './types.ts'

export function decodeTraceRequestProtobuf(body: Buffer): OtlpTraceRequest {
  const r = new ProtobufReader(body)
  const resourceSpans: OtlpResourceSpans[] = []
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1) {
      expectWire('trace', 'ExportTraceServiceRequest', field, wt, WIRE.bytes)
      resourceSpans.push(decodeResourceSpans(r.message()))
    } else r.skip(wt)
  }
  return { resourceSpans }
}

function decodeResourceSpans(r: ProtobufReader): OtlpResourceSpans {
  let attributes: Attributes = {}
  const scopeSpans: OtlpScopeSpans[] = []
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.bytes) attributes = decodeResource(r.message())
    else if (field === 2 && wt === WIRE.bytes) scopeSpans.push(decodeScopeSpans(r.message()))
    else r.skip(wt)
  }
  return { resource: { attributes }, scopeSpans }
}

function decodeScopeSpans(r: ProtobufReader): OtlpScopeSpans {
  const scope: OtlpScope = { name: '', version: '', attributes: {} }
  const spans: OtlpSpan[] = []
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.bytes) decodeScope(r.message(), scope)
    else if (field === 2) {
      expectWire('trace', 'ScopeSpans', field, wt, WIRE.bytes)
      spans.push(decodeSpan(r.message()))
    } else r.skip(wt)
  }
  return { scope, spans }
}

/** Expected wire type of each Span field we read. */
const SPAN_WIRE: Record<number, number> = {
  1: WIRE.bytes,
  2: WIRE.bytes,
  3: WIRE.bytes,
  4: WIRE.bytes,
  5: WIRE.bytes,
  6: WIRE.varint,
  7: WIRE.fixed64,
  8: WIRE.fixed64,
  9: WIRE.bytes,
  11: WIRE.bytes,
  13: WIRE.bytes,
  15: WIRE.bytes,
}

function decodeSpan(r: ProtobufReader): OtlpSpan {
  const span: OtlpSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    name: '',
    kind: 0,
    startTimeUnixNano: '0',
    endTimeUnixNano: '0',
    attributes: {},
    events: [],
    links: [],
    status: { code: 0, message: '' },
  }
  while (!r.done()) {
    const [field, wt] = r.tag()
    const expected = SPAN_WIRE[field]
    if (expected === undefined) {
      r.skip(wt)
      continue
    }
    if (wt !== expected) throw wrongSpanWire(field, wt, expected)
    switch (field) {
      case 1:
        span.traceId = r.hex()
        break
      case 2:
        span.spanId = r.hex()
        break
      case 3:
        span.traceState = r.string()
        break
      case 4:
        span.parentSpanId = r.hex()
        break
      case 5:
        span.name = r.string()
        break
      case 6:
        span.kind = r.uint32()
        break
      case 7:
        span.startTimeUnixNano = r.fixed64String()
        break
      case 8:
        span.endTimeUnixNano = r.fixed64String()
        break
      case 9:
        readKeyValue(r.message(), span.attributes)
        break
      case 11:
        span.events.push(decodeEvent(r.message()))
        break
      case 13:
        span.links.push(decodeLink(r.message()))
        break
      case 15:
        span.status = decodeStatus(r.message())
        break
    }
  }
  return span
}

function decodeEvent(r: ProtobufReader): OtlpEvent {
  const event: OtlpEvent = { timeUnixNano: '0', name: '', attributes: {} }
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.fixed64) event.timeUnixNano = r.fixed64String()
    else if (field === 2 && wt === WIRE.bytes) event.name = r.string()
    else if (field === 3 && wt === WIRE.bytes) readKeyValue(r.message(), event.attributes)
    else r.skip(wt)
  }
  return event
}

function decodeLink(r: ProtobufReader): OtlpLink {
  const link: OtlpLink = { traceId: '', spanId: '', traceState: '', attributes: {} }
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.bytes) link.traceId = r.hex()
    else if (field === 2 && wt === WIRE.bytes) link.spanId = r.hex()
    else if (field === 3 && wt === WIRE.bytes) link.traceState = r.string()
    else if (field === 4 && wt === WIRE.bytes) readKeyValue(r.message(), link.attributes)
    else r.skip(wt)
  }
  return link
}

function decodeStatus(r: ProtobufReader): { code: number; message: string } {
  const status = { code: 0, message: '' }
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 2 && wt === WIRE.bytes) status.message = r.string()
    else if (field === 3 && wt === WIRE.varint) status.code = r.uint32()
    else r.skip(wt)
  }
  return status
}

function wrongSpanWire(field: number, got: number, expected: number): OtlpDecodeError {
  if (field === 1 && got === WIRE.fixed64) {
    return new OtlpDecodeError(
      'not an OTLP trace request: this looks like an OTLP logs request (ExportLogsServiceRequest); send logs to /v1/logs',
    )
  }
  if ((field === 7 || field === 8) && got === WIRE.bytes) {
    return new OtlpDecodeError(
      'not an OTLP trace request: this looks like an OTLP metrics request (ExportMetricsServiceRequest); send metrics to /v1/metrics',
    )
  }
  return new OtlpDecodeError(
    `not an OTLP trace request: Span field ${field} has wire type ${got}, expected ${expected}`,
  )
}
