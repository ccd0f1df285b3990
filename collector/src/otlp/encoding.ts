/**
 * @module otlp/encoding
 * The one place where protobuf and JSON differ: how a request is decoded and how the
 * `ExportTraceServiceResponse` is encoded. A request is answered in its own encoding, because
 * SDK exporters parse the response with the decoder they sent with.
 *
 * ExportTraceServiceResponse: 1 partial_success { 1 rejected_spans (int64), 2 error_message }
 * google.rpc.Status (the body of a failure): 1 code (int32), 2 message (string)
 */
import { decodeTraceRequestJson } from './decode-json.ts'
import { decodeTraceRequestProtobuf } from './decode-protobuf.ts'
import type { OtlpTraceRequest } from './types.ts'

export interface PartialSuccess {
  rejectedSpans: number
  errorMessage: string
}

export interface OtlpEncoding {
  readonly name: 'protobuf' | 'json'
  readonly contentType: string
  decode(body: Buffer): OtlpTraceRequest
  encodeResponse(partial: PartialSuccess | null): Buffer
  /** A failure body: google.rpc.Status with a google.rpc.Code. */
  encodeStatus(code: number, message: string): Buffer
}

/** google.rpc.Code values used in failure bodies. */
export const RPC_CODE = { invalidArgument: 3, resourceExhausted: 8, unavailable: 14, unauthenticated: 16 } as const

export const PROTOBUF_ENCODING: OtlpEncoding = {
  name: 'protobuf',
  contentType: 'application/x-protobuf',
  decode: decodeTraceRequestProtobuf,
  encodeResponse(partial) {
    if (partial === null) return Buffer.alloc(0)
    const msg = Buffer.from(partial.errorMessage, 'utf8')
    const inner = Buffer.concat([
      Buffer.from([0x08]),
      varint(partial.rejectedSpans),
      Buffer.from([0x12]),
      varint(msg.length),
      msg,
    ])
    return Buffer.concat([Buffer.from([0x0a]), varint(inner.length), inner])
  },
  encodeStatus(code, message) {
    const msg = Buffer.from(message, 'utf8')
    return Buffer.concat([Buffer.from([0x08]), varint(code), Buffer.from([0x12]), varint(msg.length), msg])
  },
}

export const JSON_ENCODING: OtlpEncoding = {
  name: 'json',
  contentType: 'application/json',
  decode: decodeTraceRequestJson,
  encodeResponse(partial) {
    const body =
      partial === null
        ? {}
        : { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } }
    return Buffer.from(JSON.stringify(body))
  },
  encodeStatus(code, message) {
    return Buffer.from(JSON.stringify({ code, message }))
  },
}

/** Picks the encoding for a Content-Type header, or null when it is neither OTLP encoding. */
export function encodingFor(contentType: string | undefined): OtlpEncoding | null {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (mime === 'application/x-protobuf' || mime === 'application/protobuf') return PROTOBUF_ENCODING
  if (mime === 'application/json') return JSON_ENCODING
  return null
}

function varint(n: number): Buffer {
  const bytes: number[] = []
  let v = n
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  bytes.push(v)
  return Buffer.from(bytes)
}
