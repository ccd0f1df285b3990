/**
 * @module otlp/common-protobuf
 * Protobuf decoding of the messages every OTLP signal shares (opentelemetry.proto.common.v1 and
 * resource.v1), so the trace and logs decoders read attributes and values the same way.
 *
 * Field map:
 *   Resource                   1 attributes[], 2 dropped_attributes_count
 *   InstrumentationScope       1 name, 2 version, 3 attributes[], 4 dropped_attributes_count
 *   KeyValue                   1 key, 2 value
 *   AnyValue (oneof)           1 string, 2 bool, 3 int (int64), 4 double, 5 array, 6 kvlist, 7 bytes
 *   ArrayValue / KeyValueList  1 values[]
 */
import { MAX_VALUE_DEPTH, OtlpDecodeError } from './decode-error.ts'
import { WIRE, type ProtobufReader } from './protobuf-reader.ts'
import type { Attributes, AttrValue, OtlpScope } from './types.ts'

/** What the depth-limit error calls the value being read: attributes, unless told otherwise. */
const ATTRIBUTE = 'an attribute value'

export function decodeResource(r: ProtobufReader): Attributes {
  const attributes: Attributes = {}
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.bytes) readKeyValue(r.message(), attributes)
    else r.skip(wt)
  }
  return attributes
}

/** Reads an InstrumentationScope into `scope`: a scope sent twice merges, as protobuf messages do. */
export function decodeScope(r: ProtobufReader, scope: OtlpScope): void {
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.bytes) scope.name = r.string()
    else if (field === 2 && wt === WIRE.bytes) scope.version = r.string()
    else if (field === 3 && wt === WIRE.bytes) readKeyValue(r.message(), scope.attributes)
    else r.skip(wt)
  }
}

/** Reads one KeyValue into `into`; a repeated key keeps its last value, as protobuf maps do. */
export function readKeyValue(r: ProtobufReader, into: Attributes, depth = 0, what = ATTRIBUTE): void {
  let key = ''
  let value: AttrValue = null
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.bytes) key = r.string()
    else if (field === 2 && wt === WIRE.bytes) value = decodeAnyValue(r.message(), depth, what)
    else r.skip(wt)
  }
  into[key] = value
}

/**
 * An AnyValue: null when no variant is set, kvlists as objects, bytes as base64.
 * `what` names the value in the depth-limit error (a log body is an AnyValue too).
 */
export function decodeAnyValue(r: ProtobufReader, depth: number, what = ATTRIBUTE): AttrValue {
  if (depth >= MAX_VALUE_DEPTH) {
    throw new OtlpDecodeError(`${what} nests deeper than ${MAX_VALUE_DEPTH} levels of arrays and key/value lists`)
  }
  let value: AttrValue = null
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.bytes) value = r.string()
    else if (field === 2 && wt === WIRE.varint) value = r.uint32() !== 0
    else if (field === 3 && wt === WIRE.varint) value = r.int64()
    else if (field === 4 && wt === WIRE.fixed64) value = r.double()
    else if (field === 5 && wt === WIRE.bytes) value = decodeArray(r.message(), depth + 1, what)
    else if (field === 6 && wt === WIRE.bytes) {
      const kv: Attributes = {}
      const list = r.message()
      while (!list.done()) {
        const [f, w] = list.tag()
        if (f === 1 && w === WIRE.bytes) readKeyValue(list.message(), kv, depth + 1, what)
        else list.skip(w)
      }
      value = kv
    } else if (field === 7 && wt === WIRE.bytes) value = r.base64()
    else r.skip(wt)
  }
  return value
}

function decodeArray(r: ProtobufReader, depth: number, what: string): AttrValue[] {
  const values: AttrValue[] = []
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.bytes) values.push(decodeAnyValue(r.message(), depth, what))
    else r.skip(wt)
  }
  return values
}

/** Rejects a known field sent with another wire type: the body is some other message. */
export function expectWire(
  request: 'trace' | 'logs',
  message: string,
  field: number,
  got: number,
  expected: number,
): void {
  if (got !== expected) {
    throw new OtlpDecodeError(
      `not an OTLP ${request} request: ${message} field ${field} has wire type ${got}, expected ${expected}`,
    )
  }
}
