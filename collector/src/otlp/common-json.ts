/**
 * @module otlp/common-json
 * OTLP/JSON reading shared by the trace and logs decoders: the request envelope, the messages
 * every signal shares (Resource, InstrumentationScope, KeyValue, AnyValue) and the proto3 JSON
 * scalars. Keys are lowerCamelCase with snake_case accepted too; a known key of the wrong type is
 * an `OtlpDecodeError` that names its path.
 */
import { MAX_VALUE_DEPTH, OtlpDecodeError } from './decode-error.ts'
import type { Attributes, AttrValue, OtlpScope } from './types.ts'

export type Json = Record<string, unknown>

/** The OTLP signals, by the top-level key of their export request. */
const SIGNALS = {
  traces: { request: 'trace', camel: 'resourceSpans', snake: 'resource_spans', path: '/v1/traces' },
  logs: { request: 'logs', camel: 'resourceLogs', snake: 'resource_logs', path: '/v1/logs' },
  metrics: { request: 'metrics', camel: 'resourceMetrics', snake: 'resource_metrics', path: '/v1/metrics' },
} as const

/**
 * Parses an export request of `signal` and returns its top-level list. A request of another
 * signal is named, so that an exporter pointed at the wrong path is told which path to use.
 */
export function parseRequest(body: Buffer, signal: 'traces' | 'logs'): unknown[] {
  const own = SIGNALS[signal]
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch (err) {
    throw new OtlpDecodeError(`invalid JSON: ${(err as Error).message}`)
  }
  const not = `not an OTLP ${own.request} request`
  if (!isObject(parsed)) throw new OtlpDecodeError(`${not}: expected a JSON object`)
  if (!(own.camel in parsed) && !(own.snake in parsed)) {
    for (const [name, other] of Object.entries(SIGNALS)) {
      if (other !== own && (other.camel in parsed || other.snake in parsed)) {
        throw new OtlpDecodeError(
          `${not}: this is an OTLP ${name} request (${other.camel}); send ${name} to ${other.path}`,
        )
      }
    }
    if (Object.keys(parsed).length > 0) throw new OtlpDecodeError(`${not}: no "${own.camel}" field`)
  }
  return arrayField(parsed, own.camel, own.snake, 'request')
}

export function decodeResource(v: unknown, path: string): { attributes: Attributes } {
  const resource = optObject(v, path)
  return { attributes: resource ? attributes(resource['attributes'], `${path}.attributes`) : {} }
}

export function decodeScope(v: unknown, path: string): OtlpScope {
  const scope = optObject(v, path)
  return {
    name: scope ? str(scope['name'], `${path}.name`) : '',
    version: scope ? str(scope['version'], `${path}.version`) : '',
    attributes: scope ? attributes(scope['attributes'], `${path}.attributes`) : {},
  }
}

/** What the depth-limit error calls the value being read: attributes, unless told otherwise. */
const ATTRIBUTE = 'an attribute value'

export function attributes(v: unknown, path: string, depth = 0, what = ATTRIBUTE): Attributes {
  const out: Attributes = {}
  if (v === undefined || v === null) return out
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${path}: expected an array of key/value pairs`)
  for (let i = 0; i < v.length; i++) {
    const kv = object(v[i], `${path}[${i}]`)
    out[str(kv['key'], `${path}[${i}].key`)] = anyValue(kv['value'], `${path}[${i}].value`, depth, what)
  }
  return out
}

/**
 * An AnyValue: null when absent or when no variant is set, kvlists as objects, bytes as base64.
 * `what` names the value in the depth-limit error (a log body is an AnyValue too).
 */
export function anyValue(v: unknown, path: string, depth: number, what = ATTRIBUTE): AttrValue {
  if (v === undefined || v === null) return null
  if (depth >= MAX_VALUE_DEPTH) {
    // the path grows a step per level: its head names the span or record and the attribute
    throw new OtlpDecodeError(
      `${path.slice(0, 100)}…: ${what} nests deeper than ${MAX_VALUE_DEPTH} levels of arrays and key/value lists`,
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
    return values.map((x, i) => anyValue(x, `${path}.arrayValue.values[${i}]`, depth + 1, what))
  }
  if ('kvlistValue' in o || 'kvlist_value' in o) {
    const kv = optObject(pick(o, 'kvlistValue', 'kvlist_value'), `${path}.kvlistValue`)
    return attributes(kv ? kv['values'] : undefined, `${path}.kvlistValue.values`, depth + 1, what)
  }
  if ('bytesValue' in o || 'bytes_value' in o) return str(pick(o, 'bytesValue', 'bytes_value'), `${path}.bytesValue`)
  return null
}

/** Ids are hex in OTLP/JSON; base64 of 8 or 16 bytes is accepted as a courtesy. */
export function id(v: unknown, path: string): string {
  if (v === undefined || v === null || v === '') return ''
  if (typeof v !== 'string') throw new OtlpDecodeError(`${path}: expected a hex string`)
  if (/^[0-9a-fA-F]*$/.test(v) && v.length % 2 === 0) return v.toLowerCase()
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(v)) {
    const bytes = Buffer.from(v, 'base64')
    if (bytes.length === 8 || bytes.length === 16) return bytes.toString('hex')
  }
  throw new OtlpDecodeError(`${path}: "${v.slice(0, 40)}" is not a hex id`)
}

export function uint64(v: unknown, path: string): string {
  if (v === undefined || v === null) return '0'
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return BigInt(v).toString()
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) {
    const n = BigInt(v)
    if (n <= 18446744073709551615n) return n.toString()
  }
  throw new OtlpDecodeError(`${path}: expected an unsigned 64-bit integer (a decimal string)`)
}

/** uint32 and fixed32: a JSON number, or its decimal string as proto3 JSON parsers also accept. */
export function uint32(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0
  const n = typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff) return n
  throw new OtlpDecodeError(`${path}: expected an unsigned 32-bit integer`)
}

function int64(v: unknown, path: string): number | string {
  if (typeof v === 'number' && Number.isInteger(v)) return v
  if (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) {
    const n = Number(v)
    return Number.isSafeInteger(n) ? n : BigInt.asIntN(64, BigInt(v)).toString()
  }
  throw new OtlpDecodeError(`${path}: expected a 64-bit integer`)
}

export function enumValue(v: unknown, names: Record<string, number>, path: string): number {
  if (v === undefined || v === null) return 0
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v
  if (typeof v === 'string') {
    const n = names[v]
    if (n !== undefined) return n
    if (/^\d+$/.test(v)) return Number(v)
  }
  throw new OtlpDecodeError(`${path}: unknown value ${JSON.stringify(v)}`)
}

export function str(v: unknown, path: string): string {
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string') throw new OtlpDecodeError(`${path}: expected a string`)
  // JSON can escape half a surrogate pair ("\ud800"), which no UTF-8 store can hold (ClickHouse
  // refuses the whole insert): it becomes U+FFFD, as an invalid byte does in the protobuf decoder.
  return v.isWellFormed() ? v : v.toWellFormed()
}

export function pick(o: Json, camel: string, snake: string): unknown {
  return o[camel] !== undefined ? o[camel] : o[snake]
}

export function arrayField(o: Json, camel: string, snake: string, path: string): unknown[] {
  const v = pick(o, camel, snake)
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${path}.${camel}: expected an array`)
  return v
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function object(v: unknown, path: string): Json {
  if (!isObject(v)) throw new OtlpDecodeError(`${path}: expected an object`)
  return v
}

export function optObject(v: unknown, path: string): Json | undefined {
  if (v === undefined || v === null) return undefined
  return object(v, path)
}
