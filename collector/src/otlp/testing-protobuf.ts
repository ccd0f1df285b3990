/**
 * @module otlp/testing-protobuf
 * Test-only protobuf writing, for bodies OpenTelemetry's serializers will not produce: nesting
 * past the depth limit, a field of the wrong wire type, another signal's messages.
 */

function varint(n: number | bigint): Buffer {
  const out: number[] = []
  let v = BigInt(n)
  for (; v >= 0x80n; v >>= 7n) out.push(Number(v & 0x7fn) | 0x80)
  out.push(Number(v))
  return Buffer.from(out)
}

function tag(field: number, wireType: number): Buffer {
  return varint(field * 8 + wireType)
}

/** Field `field` as length-delimited (wire type 2): a string, bytes or embedded message. */
export function bytesField(field: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload
  return Buffer.concat([tag(field, 2), varint(body.length), body])
}

/** Field `field` as a varint (wire type 0). */
export function varintField(field: number, n: number | bigint): Buffer {
  return Buffer.concat([tag(field, 0), varint(n)])
}

/** Field `field` as fixed64 (wire type 1), little-endian. */
export function fixed64Field(field: number, n: bigint): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(n)
  return Buffer.concat([tag(field, 1), b])
}

/** Field `field` as fixed32 (wire type 5), little-endian. */
export function fixed32Field(field: number, n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return Buffer.concat([tag(field, 5), b])
}

/** Nests `content` in length-delimited fields, outermost first: nest([1, 2], x) is 1 { 2 { x } }. */
export function nest(fields: number[], content: Buffer): Buffer {
  return fields.reduceRight((inner, field) => bytesField(field, inner), content)
}
