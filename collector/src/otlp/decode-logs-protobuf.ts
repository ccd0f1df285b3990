/**
 * @module otlp/decode-logs-protobuf
 * Decodes `ExportLogsServiceRequest` protobuf bytes into `OtlpLogsRequest`. Unknown fields are
 * skipped (OTLP requires it); a known LogRecord field with the wrong wire type is rejected, and a
 * traces or metrics request sent to the logs endpoint is named in the error.
 *
 * Field map (opentelemetry/proto, logs v1 and collector/logs/v1; Resource, InstrumentationScope,
 * KeyValue and AnyValue are in common-protobuf.ts):
 *   ExportLogsServiceRequest   1 resource_logs[]
 *   ResourceLogs               1 resource, 2 scope_logs[], 3 schema_url
 *   ScopeLogs                  1 scope, 2 log_records[], 3 schema_url
 *   LogRecord                  1 time_unix_nano (fixed64), 2 severity_number (enum), 3 severity_text,
 *                              5 body (AnyValue), 6 attributes[], 7 dropped_attributes_count,
 *                              8 flags (fixed32), 9 trace_id (bytes), 10 span_id (bytes),
 *                              11 observed_time_unix_nano (fixed64), 12 event_name
 * The three request types nest identically down to the record, so a request of another signal is
 * told apart there: a Span has 6 kind (varint) and 7/8 start and end (fixed64), which no LogRecord
 * or Metric has; a Metric has 1 name (bytes) and none of those.
 */
import { OtlpDecodeError } from './decode-error.ts'
import { decodeAnyValue, decodeResource, decodeScope, expectWire, readKeyValue } from './common-protobuf.ts'
import { ProtobufReader, WIRE } from './protobuf-reader.ts'
import type { Attributes, OtlpLogRecord, OtlpLogsRequest, OtlpResourceLogs, OtlpScope, OtlpScopeLogs } from './types.ts'

export function decodeLogsRequestProtobuf(body: Buffer): OtlpLogsRequest {
  const r = new ProtobufReader(body)
  const resourceLogs: OtlpResourceLogs[] = []
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1) {
      expectWire('logs', 'ExportLogsServiceRequest', field, wt, WIRE.bytes)
      resourceLogs.push(decodeResourceLogs(r.message()))
    } else r.skip(wt)
  }
  return { resourceLogs }
}

function decodeResourceLogs(r: ProtobufReader): OtlpResourceLogs {
  let attributes: Attributes = {}
  const scopeLogs: OtlpScopeLogs[] = []
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.bytes) attributes = decodeResource(r.message())
    else if (field === 2 && wt === WIRE.bytes) scopeLogs.push(decodeScopeLogs(r.message()))
    else r.skip(wt)
  }
  return { resource: { attributes }, scopeLogs }
}

function decodeScopeLogs(r: ProtobufReader): OtlpScopeLogs {
  const scope: OtlpScope = { name: '', version: '', attributes: {} }
  const logRecords: OtlpLogRecord[] = []
  while (!r.done()) {
    const [field, wt] = r.tag()
    if (field === 1 && wt === WIRE.bytes) decodeScope(r.message(), scope)
    else if (field === 2) {
      expectWire('logs', 'ScopeLogs', field, wt, WIRE.bytes)
      logRecords.push(decodeLogRecord(r.message()))
    } else r.skip(wt)
  }
  return { scope, logRecords }
}

/** Expected wire type of each LogRecord field we read. */
const LOG_RECORD_WIRE: Record<number, number> = {
  1: WIRE.fixed64,
  2: WIRE.varint,
  3: WIRE.bytes,
  5: WIRE.bytes,
  6: WIRE.bytes,
  8: WIRE.fixed32,
  9: WIRE.bytes,
  10: WIRE.bytes,
  11: WIRE.fixed64,
  12: WIRE.bytes,
}

function decodeLogRecord(r: ProtobufReader): OtlpLogRecord {
  const start = r.pos
  const record: OtlpLogRecord = {
    timeUnixNano: '0',
    observedTimeUnixNano: '0',
    severityNumber: 0,
    severityText: '',
    body: null,
    attributes: {},
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
  }
  while (!r.done()) {
    const [field, wt] = r.tag()
    const expected = LOG_RECORD_WIRE[field]
    if (expected === undefined) {
      r.skip(wt)
      continue
    }
    if (wt !== expected) throw wrongLogRecordWire(r.buf, start, r.end, field, wt, expected)
    switch (field) {
      case 1:
        record.timeUnixNano = r.fixed64String()
        break
      case 2:
        record.severityNumber = r.uint32()
        break
      case 3:
        record.severityText = r.string()
        break
      case 5:
        record.body = decodeAnyValue(r.message(), 0, 'a log body')
        break
      case 6:
        readKeyValue(r.message(), record.attributes)
        break
      case 8:
        record.flags = r.fixed32()
        break
      case 9:
        record.traceId = r.hex()
        break
      case 10:
        record.spanId = r.hex()
        break
      case 11:
        record.observedTimeUnixNano = r.fixed64String()
        break
      case 12:
        record.eventName = r.string()
        break
    }
  }
  return record
}

/**
 * The error for a LogRecord field of the wrong wire type. Only on this path, the record's fields
 * are scanned once more to say which signal the request looks like instead.
 */
function wrongLogRecordWire(
  buf: Buffer,
  start: number,
  end: number,
  field: number,
  got: number,
  expected: number,
): OtlpDecodeError {
  const seen = new Set<string>()
  const scan = new ProtobufReader(buf, start, end)
  try {
    while (!scan.done()) {
      const [f, w] = scan.tag()
      seen.add(`${f}:${w}`)
      scan.skip(w)
    }
  } catch (err) {
    // a damaged record: judge by the fields read before the damage
    if (!(err instanceof OtlpDecodeError)) throw err
  }
  if (seen.has(`6:${WIRE.varint}`) || seen.has(`7:${WIRE.fixed64}`) || seen.has(`8:${WIRE.fixed64}`)) {
    return new OtlpDecodeError(
      'not an OTLP logs request: this looks like an OTLP traces request (ExportTraceServiceRequest); send traces to /v1/traces',
    )
  }
  if (seen.has(`1:${WIRE.bytes}`)) {
    return new OtlpDecodeError(
      'not an OTLP logs request: this looks like an OTLP metrics request (ExportMetricsServiceRequest); send metrics to /v1/metrics',
    )
  }
  return new OtlpDecodeError(
    `not an OTLP logs request: LogRecord field ${field} has wire type ${got}, expected ${expected}`,
  )
}
