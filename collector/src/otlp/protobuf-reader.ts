/**
 * @module otlp/protobuf-reader
 * A minimal protobuf wire-format reader: just what the OTLP decoder needs, with bounds checks so
 * truncated or hostile input raises `OtlpDecodeError` instead of reading past the buffer.
 */
import { OtlpDecodeError } from './decode-error.ts'

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const

const TWO_32 = 4294967296

export class ProtobufReader {
  pos: number
  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start
  }

  done(): boolean {
    return this.pos >= this.end
  }

  /** Reads a tag; returns field number and wire type packed as [field, wireType]. */
  tag(): [number, number] {
    const t = this.uint32()
    const field = t >>> 3
    if (field === 0) throw new OtlpDecodeError(`invalid protobuf: field number 0 at byte ${this.pos}`)
    return [field, t & 7]
  }

  /** Varint as an unsigned 32-bit number (larger values are truncated, as protobuf does for int32). */
  uint32(): number {
    let result = 0
    let shift = 0
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw truncated(this.pos)
      const b = this.buf[this.pos++]!
      if (shift < 32) result += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return result % TWO_32
      shift += 7
    }
    throw new OtlpDecodeError(`invalid protobuf: varint longer than 10 bytes at byte ${this.pos}`)
  }

  /** Varint as a signed int64: a number when it is a safe integer, otherwise a decimal string. */
  int64(): number | string {
    let lo = 0
    let hi = 0
    let shift = 0
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw truncated(this.pos)
      const b = this.buf[this.pos++]!
      const bits = b & 0x7f
      if (shift < 28) lo += bits * 2 ** shift
      else if (shift === 28) {
        lo += (bits & 0xf) * 2 ** 28
        hi += bits >>> 4
      } else hi += bits * 2 ** (shift - 32)
      if (b < 0x80) return combineInt64(lo, hi % TWO_32)
      shift += 7
    }
    throw new OtlpDecodeError(`invalid protobuf: varint longer than 10 bytes at byte ${this.pos}`)
  }

  /** fixed64 as an unsigned decimal string (timestamps in ns pass 2^53). */
  fixed64String(): string {
    this.need(8)
    const lo = this.buf.readUInt32LE(this.pos)
    const hi = this.buf.readUInt32LE(this.pos + 4)
    this.pos += 8
    if (hi < 0x200000) return String(hi * TWO_32 + lo)
    return ((BigInt(hi) << 32n) | BigInt(lo)).toString()
  }

  double(): number {
    this.need(8)
    const v = this.buf.readDoubleLE(this.pos)
    this.pos += 8
    return v
  }

  fixed32(): number {
    this.need(4)
    const v = this.buf.readUInt32LE(this.pos)
    this.pos += 4
    return v
  }

  /** A length-delimited field: returns [start, end) of its payload and moves past it. */
  delimited(): [number, number] {
    const len = this.uint32()
    const start = this.pos
    if (len > this.end - start) throw truncated(start)
    this.pos = start + len
    return [start, this.pos]
  }

  string(): string {
    const [s, e] = this.delimited()
    return this.buf.toString('utf8', s, e)
  }

  hex(): string {
    const [s, e] = this.delimited()
    return this.buf.toString('hex', s, e)
  }

  base64(): string {
    const [s, e] = this.delimited()
    return this.buf.toString('base64', s, e)
  }

  /** A sub-reader over a length-delimited message. */
  message(): ProtobufReader {
    const [s, e] = this.delimited()
    return new ProtobufReader(this.buf, s, e)
  }

  /** Skips a field we do not know, as protobuf requires. */
  skip(wireType: number): void {
    switch (wireType) {
      case WIRE.varint:
        this.uint32()
        return
      case WIRE.fixed64:
        this.need(8)
        this.pos += 8
        return
      case WIRE.bytes:
        this.delimited()
        return
      case WIRE.fixed32:
        this.need(4)
        this.pos += 4
        return
      default:
        throw new OtlpDecodeError(`invalid protobuf: unsupported wire type ${wireType} at byte ${this.pos}`)
    }
  }

  private need(n: number): void {
    if (this.end - this.pos < n) throw truncated(this.pos)
  }
}

function truncated(at: number): OtlpDecodeError {
  return new OtlpDecodeError(`invalid protobuf: message truncated at byte ${at}`)
}

function combineInt64(lo: number, hi: number): number | string {
  if (hi < 0x200000) return hi * TWO_32 + lo
  if (hi >= 0xffe00000) return (hi - TWO_32) * TWO_32 + lo
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString()
}
