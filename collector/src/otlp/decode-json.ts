/**
 * @module otlp/decode-json
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` into `OtlpTraceRequest`.
 * Follows the OTLP JSON mapping: lowerCamelCase keys (snake_case accepted too), hex ids (base64 of
 * the right size accepted too, as some exporters send it), int64 as string or number, enums as
 * numbers or their names. Unknown keys are ignored; a known key of the wrong type is an error
 * that names its path. The readers shared with the logs decoder are in common-json.ts.
 */
import {
  arrayField,
  attributes,
  decodeResource,
  decodeScope,
  enumValue,
  id,
  object,
  optObject,
  parseRequest,
  pick,
  str,
  uint64,
} from './common-json.ts'
import type { OtlpEvent, OtlpLink, OtlpResourceSpans, OtlpScopeSpans, OtlpSpan, OtlpTraceRequest } from './types.ts'

export function decodeTraceRequestJson(body: Buffer): OtlpTraceRequest {
  const list = parseRequest(body, 'traces')
  return { resourceSpans: list.map((rs, i) => decodeResourceSpans(rs, `resourceSpans[${i}]`)) }
}

function decodeResourceSpans(v: unknown, path: string): OtlpResourceSpans {
  const o = object(v, path)
  const resource = decodeResource(o['resource'], `${path}.resource`)
  const scopeSpans = arrayField(o, 'scopeSpans', 'scope_spans', path)
  return {
    resource,
    scopeSpans: scopeSpans.map((ss, i) => decodeScopeSpans(ss, `${path}.scopeSpans[${i}]`)),
  }
}

function decodeScopeSpans(v: unknown, path: string): OtlpScopeSpans {
  const o = object(v, path)
  const scope = decodeScope(o['scope'], `${path}.scope`)
  const spans = arrayField(o, 'spans', 'spans', path)
  return {
    scope,
    spans: spans.map((s, i) => decodeSpan(s, `${path}.spans[${i}]`)),
  }
}

const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
}
const STATUS_CODE_NAMES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
}

function decodeSpan(v: unknown, path: string): OtlpSpan {
  const o = object(v, path)
  const status = optObject(o['status'], `${path}.status`)
  return {
    traceId: id(pick(o, 'traceId', 'trace_id'), `${path}.traceId`),
    spanId: id(pick(o, 'spanId', 'span_id'), `${path}.spanId`),
    parentSpanId: id(pick(o, 'parentSpanId', 'parent_span_id'), `${path}.parentSpanId`),
    traceState: str(pick(o, 'traceState', 'trace_state'), `${path}.traceState`),
    name: str(o['name'], `${path}.name`),
    kind: enumValue(o['kind'], SPAN_KIND_NAMES, `${path}.kind`),
    startTimeUnixNano: uint64(pick(o, 'startTimeUnixNano', 'start_time_unix_nano'), `${path}.startTimeUnixNano`),
    endTimeUnixNano: uint64(pick(o, 'endTimeUnixNano', 'end_time_unix_nano'), `${path}.endTimeUnixNano`),
    attributes: attributes(o['attributes'], `${path}.attributes`),
    events: arrayField(o, 'events', 'events', path).map((e, i) => decodeEvent(e, `${path}.events[${i}]`)),
    links: arrayField(o, 'links', 'links', path).map((l, i) => decodeLink(l, `${path}.links[${i}]`)),
    status: status
      ? {
          code: enumValue(status['code'], STATUS_CODE_NAMES, `${path}.status.code`),
          message: str(status['message'], `${path}.status.message`),
        }
      : { code: 0, message: '' },
  }
}

function decodeEvent(v: unknown, path: string): OtlpEvent {
  const o = object(v, path)
  return {
    timeUnixNano: uint64(pick(o, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`),
    name: str(o['name'], `${path}.name`),
    attributes: attributes(o['attributes'], `${path}.attributes`),
  }
}

function decodeLink(v: unknown, path: string): OtlpLink {
  const o = object(v, path)
  return {
    traceId: id(pick(o, 'traceId', 'trace_id'), `${path}.traceId`),
    spanId: id(pick(o, 'spanId', 'span_id'), `${path}.spanId`),
    traceState: str(pick(o, 'traceState', 'trace_state'), `${path}.traceState`),
    attributes: attributes(o['attributes'], `${path}.attributes`),
  }
}
