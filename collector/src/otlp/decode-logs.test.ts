/**
 * Logs decoder tests with OpenTelemetry's own serializers as the oracle: log records emitted
 * through the real logs SDK are serialized by `@opentelemetry/otlp-transformer` in both
 * encodings, and both decodes must agree with each other and with what was emitted.
 */
import { context, trace } from '@opentelemetry/api'
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { OtlpDecodeError } from './decode-error.ts'
import { JSON_ENCODING, PROTOBUF_ENCODING, encodingFor } from './encoding.ts'
import { bytesField, fixed32Field, fixed64Field, nest, varintField } from './testing-protobuf.ts'
import type { OtlpLogRecord, OtlpLogsRequest } from './types.ts'

const TIME = 1_764_690_000_123_456_789n

/** The `gen_ai.client.inference.operation.details` event's content, as instrumentations put it in the body. */
const OPERATION_DETAILS = {
  'gen_ai.system_instructions': [{ type: 'text', content: 'You are a travel agent.' }],
  'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'Find me a flight to Tokyo' }] }],
  'gen_ai.output.messages': [
    {
      role: 'assistant',
      parts: [{ type: 'tool_call', id: 'call_1', name: 'search_flights', arguments: { to: 'NRT', adults: 2 } }],
      finish_reason: 'tool_call',
    },
  ],
}

async function emitLogs() {
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] })
  const span = tracer.getTracer('t').startSpan('chat gpt-4o')
  const inSpan = trace.setSpan(context.active(), span)

  const exporter = new InMemoryLogRecordExporter()
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'travel-agent' }),
    processors: [new SimpleLogRecordProcessor(exporter)],
  })
  const logger = provider.getLogger('decoder-test', '1.2.3')
  const timestamp: [number, number] = [Number(TIME / 1_000_000_000n), Number(TIME % 1_000_000_000n)]
  logger.emit({
    body: 'tool search_flights failed: timeout',
    severityNumber: 17,
    severityText: 'ERROR',
    attributes: { 'retry.count': 2 },
    timestamp,
    context: inSpan,
  })
  logger.emit({
    eventName: 'gen_ai.client.inference.operation.details',
    body: OPERATION_DETAILS,
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
    timestamp,
    context: inSpan,
  })
  // older emitters name the event in an attribute; it stays an attribute
  logger.emit({
    attributes: { 'event.name': 'gen_ai.user.message', 'gen_ai.system': 'openai' },
    body: { content: 'Find me a flight to Tokyo', role: 'user' },
    timestamp,
    context: inSpan,
  })
  logger.emit({ body: new Uint8Array([0, 1, 254, 255]), severityText: 'DEBUG' })
  span.end()
  await provider.forceFlush()
  return { records: exporter.getFinishedLogRecords(), span: span.spanContext() }
}

function recordsOf(req: OtlpLogsRequest): OtlpLogRecord[] {
  return req.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords))
}

describe('OTLP logs decoders against the OpenTelemetry serializers', async () => {
  const { records, span } = await emitLogs()
  const proto = Buffer.from(ProtobufLogsSerializer.serializeRequest(records)!)
  const json = Buffer.from(JsonLogsSerializer.serializeRequest(records)!)
  const fromProto = PROTOBUF_ENCODING.decodeLogs(proto)
  const fromJson = JSON_ENCODING.decodeLogs(json)
  const [failed, details, oldStyle, bytes] = recordsOf(fromProto)

  it('both encodings decode to the same request', () => {
    expect(recordsOf(fromProto)).toHaveLength(4)
    expect(fromJson).toEqual(fromProto)
  })

  it('keeps resource, scope, times, severity and trace context', () => {
    const rl = fromProto.resourceLogs[0]!
    expect(rl.resource.attributes['service.name']).toBe('travel-agent')
    expect(rl.scopeLogs[0]!.scope).toMatchObject({ name: 'decoder-test', version: '1.2.3' })
    expect(failed).toMatchObject({
      timeUnixNano: TIME.toString(),
      severityNumber: 17,
      severityText: 'ERROR',
      body: 'tool search_flights failed: timeout',
      attributes: { 'retry.count': 2 },
      traceId: span.traceId,
      spanId: span.spanId,
      flags: span.traceFlags,
      eventName: '',
    })
    expect(BigInt(failed!.observedTimeUnixNano)).toBeGreaterThan(TIME)
  })

  it('decodes a key/value body with nested messages, and event_name (field 12)', () => {
    expect(details!.eventName).toBe('gen_ai.client.inference.operation.details')
    expect(details!.body).toEqual(OPERATION_DETAILS)
    expect(details!.attributes).toEqual({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' })
  })

  it('keeps an older event.name attribute as an attribute', () => {
    expect(oldStyle!.eventName).toBe('')
    expect(oldStyle!.attributes).toEqual({ 'event.name': 'gen_ai.user.message', 'gen_ai.system': 'openai' })
    expect(oldStyle!.body).toEqual({ content: 'Find me a flight to Tokyo', role: 'user' })
  })

  it('decodes a bytes body as base64, and a record without trace context', () => {
    expect(bytes).toMatchObject({ body: 'AAH+/w==', traceId: '', spanId: '', flags: 0, severityNumber: 0 })
  })

  it('encodes responses the OTel deserializers read back', () => {
    const partial = { rejectedLogRecords: 3, errorMessage: 'log record trace id has 15 bytes, expected 16' }
    const res = ProtobufLogsSerializer.deserializeResponse(
      new Uint8Array(PROTOBUF_ENCODING.encodeLogsResponse(partial)),
    )
    expect(Number(res.partialSuccess?.rejectedLogRecords)).toBe(3)
    expect(res.partialSuccess?.errorMessage).toBe(partial.errorMessage)
    const jsonRes = JsonLogsSerializer.deserializeResponse(new Uint8Array(JSON_ENCODING.encodeLogsResponse(partial)))
    expect(jsonRes.partialSuccess).toEqual({ rejectedLogRecords: '3', errorMessage: partial.errorMessage })
    expect(PROTOBUF_ENCODING.encodeLogsResponse(null).length).toBe(0)
    expect(JSON_ENCODING.encodeLogsResponse(null).toString()).toBe('{}')
  })

  it('picks the same encodings by Content-Type as traces', () => {
    expect(encodingFor('application/x-protobuf')?.decodeLogs(proto)).toEqual(fromProto)
    expect(encodingFor('application/json')?.decodeLogs(json)).toEqual(fromJson)
  })
})

/** A request holding one log record of `fields`, as protobuf. */
const protoRecord = (...fields: Buffer[]) => nest([1, 2, 2], Buffer.concat(fields))
/** A request holding one log record `record`, as OTLP/JSON. */
const jsonRecord = (record: unknown) =>
  Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] }))

describe('bad logs bodies', async () => {
  const spans = new InMemorySpanExporter()
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] })
  tracer.getTracer('t').startSpan('chat').end()
  const traceProto = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans.getFinishedSpans())!)
  const traceJson = Buffer.from(JsonTraceSerializer.serializeRequest(spans.getFinishedSpans())!)
  // ExportMetricsServiceRequest { resource_metrics { scope_metrics { metrics { 1 name, 7 sum {} } } } }
  const metricsProto = protoRecord(bytesField(1, 'gen_ai.client.token.usage'), bytesField(7, Buffer.alloc(0)))
  const valid = protoRecord(fixed64Field(1, TIME), bytesField(5, bytesField(1, 'hello')))

  const decodeProto = (b: Buffer) => () => PROTOBUF_ENCODING.decodeLogs(b)
  const decodeJson = (b: Buffer | string) => () => JSON_ENCODING.decodeLogs(Buffer.from(b))

  it.each([
    ['truncated protobuf', decodeProto(valid.subarray(0, valid.length - 3)), /invalid protobuf: message truncated/],
    ['garbage bytes', decodeProto(Buffer.from([0xff, 0xff, 0xff])), /invalid protobuf|not an OTLP/],
    [
      'protobuf traces',
      decodeProto(traceProto),
      'not an OTLP logs request: this looks like an OTLP traces request (ExportTraceServiceRequest); send traces to /v1/traces',
    ],
    [
      'protobuf metrics',
      decodeProto(metricsProto),
      /looks like an OTLP metrics request.*send metrics to \/v1\/metrics/,
    ],
    [
      'a LogRecord field of the wrong wire type',
      decodeProto(protoRecord(fixed64Field(1, TIME), varintField(3, 4))),
      'not an OTLP logs request: LogRecord field 3 has wire type 0, expected 2',
    ],
    [
      'log_records of the wrong wire type',
      decodeProto(nest([1, 2], varintField(2, 1))),
      'not an OTLP logs request: ScopeLogs field 2 has wire type 0, expected 2',
    ],
    ['invalid JSON', decodeJson('{"resourceLogs": ['), /^invalid JSON/],
    ['a JSON array', decodeJson('[1,2]'), 'not an OTLP logs request: expected a JSON object'],
    [
      'JSON traces',
      decodeJson(traceJson),
      'not an OTLP logs request: this is an OTLP traces request (resourceSpans); send traces to /v1/traces',
    ],
    ['JSON metrics', decodeJson('{"resourceMetrics":[]}'), /this is an OTLP metrics request.*\/v1\/metrics/],
    ['JSON of something else', decodeJson('{"logs":[]}'), 'not an OTLP logs request: no "resourceLogs" field'],
    [
      'logRecords not an array',
      decodeJson('{"resourceLogs":[{"scopeLogs":[{"logRecords":{}}]}]}'),
      'resourceLogs[0].scopeLogs[0].logRecords: expected an array',
    ],
    [
      'a number for severityText',
      decodeJson(jsonRecord({ severityText: 5 })),
      'resourceLogs[0].scopeLogs[0].logRecords[0].severityText: expected a string',
    ],
    [
      'an unknown severity name',
      decodeJson(jsonRecord({ severityNumber: 'SEVERITY_NUMBER_LOUD' })),
      'logRecords[0].severityNumber: unknown value "SEVERITY_NUMBER_LOUD"',
    ],
    ['a bad trace id', decodeJson(jsonRecord({ traceId: 'xyz!' })), 'logRecords[0].traceId: "xyz!" is not a hex id'],
    ['a negative time', decodeJson(jsonRecord({ timeUnixNano: '-1' })), /logRecords\[0\]\.timeUnixNano: expected/],
    ['negative flags', decodeJson(jsonRecord({ flags: -1 })), /logRecords\[0\]\.flags: expected an unsigned 32-bit/],
    ['a string body', decodeJson(jsonRecord({ body: 'hello' })), 'logRecords[0].body: expected an object'],
    [
      'a body of the wrong value type',
      decodeJson(jsonRecord({ body: { boolValue: 'yes' } })),
      'logRecords[0].body.boolValue: expected a boolean',
    ],
    [
      'attributes not a list',
      decodeJson(jsonRecord({ attributes: { a: 1 } })),
      'logRecords[0].attributes: expected an array of key/value pairs',
    ],
  ])('rejects %s with a message', (_name, run, message) => {
    expect(run).toThrow(OtlpDecodeError)
    expect(run).toThrow(message)
  })

  it('the trace decoders still name a logs request', () => {
    expect(() => PROTOBUF_ENCODING.decode(valid)).toThrow(/looks like an OTLP logs request/)
    expect(() => JSON_ENCODING.decode(jsonRecord({}))).toThrow(/this is an OTLP logs request/)
  })
})

describe('OTLP logs field mapping', () => {
  it('accepts snake_case keys, enum names, base64 ids and integers as numbers or strings', () => {
    const body = {
      resource_logs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'a' } }] },
          scope_logs: [
            {
              scope: { name: 'openai' },
              log_records: [
                {
                  time_unix_nano: 1764690000000000000,
                  observed_time_unix_nano: '1764690000000000001',
                  severity_number: 'SEVERITY_NUMBER_INFO',
                  severity_text: 'INFO',
                  trace_id: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64'),
                  span_id: 'B7AD6B7169203331',
                  flags: '1',
                  event_name: 'gen_ai.choice',
                  body: { kvlist_value: { values: [{ key: 'index', value: { int_value: '9007199254740993' } }] } },
                  dropped_attributes_count: 0,
                  somethingNew: { ignored: true },
                },
              ],
            },
          ],
        },
      ],
    }
    const req = JSON_ENCODING.decodeLogs(Buffer.from(JSON.stringify(body)))
    expect(req.resourceLogs[0]!.resource.attributes).toEqual({ 'service.name': 'a' })
    expect(req.resourceLogs[0]!.scopeLogs[0]!.scope.name).toBe('openai')
    expect(recordsOf(req)).toEqual([
      {
        timeUnixNano: '1764690000000000000',
        observedTimeUnixNano: '1764690000000000001',
        severityNumber: 9,
        severityText: 'INFO',
        body: { index: '9007199254740993' },
        attributes: {},
        flags: 1,
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        eventName: 'gen_ai.choice',
      },
    ])
  })

  it.each([
    ['SEVERITY_NUMBER_UNSPECIFIED', 0],
    ['SEVERITY_NUMBER_TRACE', 1],
    ['SEVERITY_NUMBER_DEBUG4', 8],
    ['SEVERITY_NUMBER_WARN', 13],
    ['SEVERITY_NUMBER_ERROR2', 18],
    ['SEVERITY_NUMBER_FATAL4', 24],
    [17, 17],
    ['21', 21],
  ])('severityNumber %s is %i', (name, n) => {
    expect(recordsOf(JSON_ENCODING.decodeLogs(jsonRecord({ severityNumber: name })))[0]!.severityNumber).toBe(n)
  })

  it('reads every LogRecord field from protobuf, and skips fields it does not know', () => {
    const record = protoRecord(
      fixed64Field(1, TIME),
      varintField(2, 21),
      bytesField(3, 'FATAL'),
      bytesField(5, bytesField(1, 'boom')), // body: AnyValue.string_value
      bytesField(6, Buffer.concat([bytesField(1, 'k'), bytesField(2, varintField(2, 1))])),
      varintField(7, 3), // dropped_attributes_count: read past
      fixed32Field(8, 0x01),
      bytesField(9, Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex')),
      bytesField(10, Buffer.from('b7ad6b7169203331', 'hex')),
      fixed64Field(11, TIME + 1n),
      bytesField(12, 'gen_ai.choice'),
      bytesField(99, 'a field from a later OTLP'),
    )
    expect(recordsOf(PROTOBUF_ENCODING.decodeLogs(record))).toEqual([
      {
        timeUnixNano: TIME.toString(),
        observedTimeUnixNano: (TIME + 1n).toString(),
        severityNumber: 21,
        severityText: 'FATAL',
        body: 'boom',
        attributes: { k: true },
        flags: 1,
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        eventName: 'gen_ai.choice',
      },
    ])
  })

  it('decodes an empty request, and a record with nothing set to the proto3 defaults', () => {
    expect(JSON_ENCODING.decodeLogs(Buffer.from('{}'))).toEqual({ resourceLogs: [] })
    expect(PROTOBUF_ENCODING.decodeLogs(Buffer.alloc(0))).toEqual({ resourceLogs: [] })
    const defaults = {
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
    expect(recordsOf(JSON_ENCODING.decodeLogs(jsonRecord({})))).toEqual([defaults])
    expect(recordsOf(PROTOBUF_ENCODING.decodeLogs(protoRecord()))).toEqual([defaults])
  })
})

describe('deeply nested log bodies', () => {
  function nested(depth: number, as: 'json' | 'protobuf'): Buffer {
    if (as === 'json') {
      const value = '{"arrayValue":{"values":['.repeat(depth) + '{"stringValue":"x"}' + ']}}'.repeat(depth)
      return Buffer.from(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${value}}]}]}]}`)
    }
    let any = bytesField(1, 'x') // AnyValue.string_value
    for (let i = 0; i < depth; i++) any = nest([5, 1], any) // AnyValue.array_value { values }
    return protoRecord(bytesField(5, any)) // LogRecord.body
  }

  it.each([
    ['JSON', JSON_ENCODING, 'json'],
    ['protobuf', PROTOBUF_ENCODING, 'protobuf'],
  ] as const)('%s: decodes 99 levels, and refuses 100 naming the body', (_, encoding, key) => {
    let v: unknown = recordsOf(encoding.decodeLogs(nested(99, key)))[0]!.body
    let levels = 0
    while (Array.isArray(v)) {
      v = v[0]
      levels++
    }
    expect([levels, v]).toEqual([99, 'x'])
    const deep = () => encoding.decodeLogs(nested(100, key))
    expect(deep).toThrow(OtlpDecodeError)
    expect(deep).toThrow(/a log body nests deeper than 100 levels of arrays and key\/value lists/)
  })
})
