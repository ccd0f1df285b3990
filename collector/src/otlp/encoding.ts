/**
 * @module otlp/encoding
 * The one place where protobuf and JSON differ: how a trace or logs request is decoded and how
 * its export response is encoded. A request is answered in its own encoding, because SDK
 * exporters parse the response with the decoder they sent with.
 *
 * ExportTraceServiceResponse: 1 partial_success { 1 rejected_spans (int64), 2 error_message }
 * ExportLogsServiceResponse:  1 partial_success { 1 rejected_log_records (int64), 2 error_message }
 *   (the same bytes in protobuf; only the JSON key of the count differs)
 * google.rpc.Status (the body of a failure): 1 code (int32), 2 message (string)
 */
import { decodeTraceRequestJson } from './decode-json.ts'
import { decodeLogsRequestJson } from './decode-logs-json.ts'
import { decodeLogsRequestProtobuf } from './decode-logs-protobuf.ts'
import { decodeTraceRequestProtobuf } from './decode-protobuf.ts'
import type { OtlpLogsRequest, OtlpTraceRequest } from './types.ts'

export interface PartialSuccess {
  rejectedSpans: number
  errorMessage: string
}

export interface LogsPartialSuccess {
  rejectedLogRecords: number
  errorMessage: string
}

export interface OtlpEncoding {
  readonly name: 'protobuf' | 'json'
  readonly contentType: string
  /** An `ExportTraceServiceRequest`; throws `OtlpDecodeError`. */
  decode(body: Buffer): OtlpTraceRequest
  /** An `ExportTraceServiceResponse`: empty for null, else with its partial success. */
  encodeResponse(partial: PartialSuccess | null): Buffer
  /** An `ExportLogsServiceRequest`; throws `OtlpDecodeError`. */
  decodeLogs(body: Buffer): OtlpLogsRequest
  /** An `ExportLogsServiceResponse`: empty for null, else with its partial success. */
  encodeLogsResponse(partial: LogsPartialSuccess | null): Buffer
  /** A failure body: google.rpc.Status with a google.rpc.Code. */
  encodeStatus(code: number, message: string): Buffer
}

/** google.rpc.Code values used in failure bodies. */
export const RPC_CODE = {
  invalidArgument: 3,
  resourceExhausted: 8,
  unimplemented: 12,
  unavailable: 14,
  unauthenticated: 16,
} as const

export const PROTOBUF_ENCODING: OtlpEncoding = {
  name: 'protobuf',
  contentType: 'application/x-protobuf',
  decode: decodeTraceRequestProtobuf,
  encodeResponse(partial) {
    return partial === null ? Buffer.alloc(0) : partialSuccessProtobuf(partial.rejectedSpans, partial.errorMessage)
  },
  decodeLogs: decodeLogsRequestProtobuf,
  encodeLogsResponse(partial) {
    return partial === null ? Buffer.alloc(0) : partialSuccessProtobuf(partial.rejectedLogRecords, partial.errorMessage)
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
  decodeLogs: decodeLogsRequestJson,
  encodeLogsResponse(partial) {
    const body =
      partial === null
        ? {}
        : {
            partialSuccess: {
              rejectedLogRecords: String(partial.rejectedLogRecords),
              errorMessage: partial.errorMessage,
            },
          }
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

/** `partial_success` (field 1) holding { 1 rejected count (int64), 2 error_message }, for either signal. */
function partialSuccessProtobuf(rejected: number, errorMessage: string): Buffer {
  const msg = Buffer.from(errorMessage, 'utf8')
  const inner = Buffer.concat([Buffer.from([0x08]), varint(rejected), Buffer.from([0x12]), varint(msg.length), msg])
  return Buffer.concat([Buffer.from([0x0a]), varint(inner.length), inner])
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
