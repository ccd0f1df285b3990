/**
 * @module otlp/decode-json
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` into `OtlpTraceRequest`.
 * Follows the OTLP JSON mapping: lowerCamelCase keys (snake_case accepted too), hex ids (base64 of
 * the right size accepted too, as some exporters send it), int64 as string or number, enums as
 * numbers or their names. Unknown keys are ignored; a known key of the wrong type is an error
 * that names its path.
 */
import { MAX_VALUE_DEPTH, OtlpDecodeError } from './decode-error.ts'
import type {
  Attributes,
  AttrValue,
  OtlpEvent,
  OtlpLink,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpTraceRequest,
} from './types.ts'

type Json = Record<string, unknown>

export function decodeTraceRequestJson(body: Buffer): OtlpTraceRequest {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch (err) {
    throw new OtlpDecodeError(`invalid JSON: ${(err as Error).message}`)
  }
  if (!isObject(parsed)) throw new OtlpDecodeError('not an OTLP trace request: expected a JSON object')
  if (!('resourceSpans' in parsed) && !('resource_spans' in parsed)) {
    if ('resourceLogs' in parsed || 'resource_logs' in parsed) {
      throw new OtlpDecodeError(
        'not an OTLP trace request: this is an OTLP logs request (resourceLogs); send logs to /v1/logs',
      )
    }
    if ('resourceMetrics' in parsed || 'resource_metrics' in parsed) {
      throw new OtlpDecodeError(
        'not an OTLP trace request: this is an OTLP metrics request (resourceMetrics); send metrics to /v1/metrics',
      )
    }
    if (Object.keys(parsed).length > 0) {
      throw new OtlpDecodeError('not an OTLP trace request: no "resourceSpans" field')
    }
  }
  const list = arrayField(parsed, 'resourceSpans', 'resource_spans', 'request')
  return { resourceSpans: list.map((rs, i) => decodeResourceSpans(rs, `resourceSpans[${i}]`)) }
}

function decodeResourceSpans(v: unknown, path: string): OtlpResourceSpans {
  const o = object(v, path)
  const resource = optObject(o['resource'], `${path}.resource`)
  const scopeSpans = arrayField(o, 'scopeSpans', 'scope_spans', path)
  return {
    resource: { attributes: resource ? attributes(resource['attributes'], `${path}.resource.attributes`) : {} },
    scopeSpans: scopeSpans.map((ss, i) => decodeScopeSpans(ss, `${path}.scopeSpans[${i}]`)),
  }
}

function decodeScopeSpans(v: unknown, path: string): OtlpScopeSpans {
  const o = object(v, path)
  const scope = optObject(o['scope'], `${path}.scope`)
  const spans = arrayField(o, 'spans', 'spans', path)
  return {
    scope: {
      name: scope ? str(scope['name'], `${path}.scope.name`) : '',
      version: scope ? str(scope['version'], `${path}.scope.version`) : '',
      attributes: scope ? attributes(scope['attributes'], `${path}.scope.attributes`) : {},
    },
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

function attributes(v: unknown, path: string, depth = 0): Attributes {
  const out: Attributes = {}
  if (v === undefined || v === null) return out
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${path}: expected an array of key/value pairs`)
  for (let i = 0; i < v.length; i++) {
    const kv = object(v[i], `${path}[${i}]`)
    out[str(kv['key'], `${path}[${i}].key`)] = anyValue(kv['value'], `${path}[${i}].value`, depth)
  }
  return out
}

function anyValue(v: unknown, path: string, depth: number): AttrValue {
  if (v === undefined || v === null) return null
  if (depth >= MAX_VALUE_DEPTH) {
    // the path grows a step per level: its head names the span and the attribute
    throw new OtlpDecodeError(
      `${path.slice(0, 100)}…: an attribute value nests deeper than ${MAX_VALUE_DEPTH} levels of arrays and key/value lists`,
    )
  }
  const o = object(v, path)
  if ('stringValue' in o || 'string_value' in o) return str(pick(o, 'stringValue', 'string_value'), path)
  if ('boolValue' in o || 'bool_value' in o) {
    const b = pick(o, 'boolValue', 'bool_value')
    if (typeof b !== 'boolean') throw new OtlpDecodeError(`${path}.boolValue: expected a boolean`)
    return b
  }
  if ('intValue' in o || 'int_value' in o) return int64(pick(o, 'intValue', 'int_value'), `${path}.intValue`)
  if ('doubleValue' in o || 'double_value' in o) {
    const d = pick(o, 'doubleValue', 'double_value')
    if (typeof d === 'number') return d
    // the proto3 JSON mapping writes non-finite doubles as "NaN", "Infinity" and "-Infinity"
    if (d === 'NaN') return Number.NaN
    if (typeof d === 'string' && d.trim() !== '' && !Number.isNaN(Number(d))) return Number(d)
    throw new OtlpDecodeError(`${path}.doubleValue: expected a number`)
  }
  if ('arrayValue' in o || 'array_value' in o) {
    const arr = optObject(pick(o, 'arrayValue', 'array_value'), `${path}.arrayValue`)
    const values = arr ? arr['values'] : undefined
    if (values === undefined || values === null) return []
    if (!Array.isArray(values)) throw new OtlpDecodeError(`${path}.arrayValue.values: expected an array`)
    return values.map((x, i) => anyValue(x, `${path}.arrayValue.values[${i}]`, depth + 1))
  }
  if ('kvlistValue' in o || 'kvlist_value' in o) {
    const kv = optObject(pick(o, 'kvlistValue', 'kvlist_value'), `${path}.kvlistValue`)
    return attributes(kv ? kv['values'] : undefined, `${path}.kvlistValue.values`, depth + 1)
  }
  if ('bytesValue' in o || 'bytes_value' in o) return str(pick(o, 'bytesValue', 'bytes_value'), `${path}.bytesValue`)
  return null
}

/** Ids are hex in OTLP/JSON; base64 of 8 or 16 bytes is accepted as a courtesy. */
function id(v: unknown, path: string): string {
  if (v === undefined || v === null || v === '') return ''
  if (typeof v !== 'string') throw new OtlpDecodeError(`${path}: expected a hex string`)
  if (/^[0-9a-fA-F]*$/.test(v) && v.length % 2 === 0) return v.toLowerCase()
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(v)) {
    const bytes = Buffer.from(v, 'base64')
    if (bytes.length === 8 || bytes.length === 16) return bytes.toString('hex')
  }
  throw new OtlpDecodeError(`${path}: "${v.slice(0, 40)}" is not a hex id`)
}

function uint64(v: unknown, path: string): string {
  if (v === undefined || v === null) return '0'
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return BigInt(v).toString()
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) {
    const n = BigInt(v)
    if (n <= 18446744073709551615n) return n.toString()
  }
  throw new OtlpDecodeError(`${path}: expected an unsigned 64-bit integer (a decimal string)`)
}

function int64(v: unknown, path: string): number | string {
  if (typeof v === 'number' && Number.isInteger(v)) return v
  if (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) {
    const n = Number(v)
    return Number.isSafeInteger(n) ? n : BigInt.asIntN(64, BigInt(v)).toString()
  }
  throw new OtlpDecodeError(`${path}: expected a 64-bit integer`)
}

function enumValue(v: unknown, names: Record<string, number>, path: string): number {
  if (v === undefined || v === null) return 0
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v
  if (typeof v === 'string') {
    const n = names[v]
    if (n !== undefined) return n
    if (/^\d+$/.test(v)) return Number(v)
  }
  throw new OtlpDecodeError(`${path}: unknown value ${JSON.stringify(v)}`)
}

function str(v: unknown, path: string): string {
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string') throw new OtlpDecodeError(`${path}: expected a string`)
  // JSON can escape half a surrogate pair ("\ud800"), which no UTF-8 store can hold (ClickHouse
  // refuses the whole insert): it becomes U+FFFD, as an invalid byte does in the protobuf decoder.
  return v.isWellFormed() ? v : v.toWellFormed()
}

function pick(o: Json, camel: string, snake: string): unknown {
  return o[camel] !== undefined ? o[camel] : o[snake]
}

function arrayField(o: Json, camel: string, snake: string, path: string): unknown[] {
  const v = pick(o, camel, snake)
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${path}.${camel}: expected an array`)
  return v
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function object(v: unknown, path: string): Json {
  if (!isObject(v)) throw new OtlpDecodeError(`${path}: expected an object`)
  return v
}

function optObject(v: unknown, path: string): Json | undefined {
  if (v === undefined || v === null) return undefined
  return object(v, path)
}
