/**
 * Decoder tests with OpenTelemetry's own serializers as the oracle: spans recorded by the real SDK
 * are serialized by `@opentelemetry/otlp-transformer` in both encodings, and both decodes must
 * agree with each other and with what was recorded.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { OtlpDecodeError } from './decode-error.ts'
import { JSON_ENCODING, PROTOBUF_ENCODING, encodingFor } from './encoding.ts'
import { bytesField, nest } from './testing-protobuf.ts'
import { retentionFloor, validateTraceRequest } from './validate.ts'

async function recordSpans() {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'travel-agent', 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  })
  const tracer = provider.getTracer('decoder-test', '1.2.3')
  const root = tracer.startSpan('invoke_agent planner', {
    kind: SpanKind.INTERNAL,
    attributes: { 'gen_ai.agent.name': 'planner' },
  })
  const { trace, context } = await import('@opentelemetry/api')
  const ctx = trace.setSpan(context.active(), root)
  const child = tracer.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.usage.input_tokens': 1234,
        'gen_ai.request.temperature': 0.25,
        'gen_ai.request.stream': false,
        'gen_ai.response.finish_reasons': ['stop', 'length'],
        'big.negative': -5,
        unicode: 'héllo → 世界',
      },
    },
    ctx,
  )
  child.addEvent('gen_ai.choice', { index: 0 })
  child.addLink({ context: root.spanContext(), attributes: { 'link.kind': 'follows' } })
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' })
  child.end()
  root.end()
  await provider.forceFlush()
  return exporter.getFinishedSpans()
}

describe('OTLP decoders against the OpenTelemetry serializers', async () => {
  const spans = await recordSpans()
  const proto = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!)
  const json = Buffer.from(JsonTraceSerializer.serializeRequest(spans)!)
  const fromProto = PROTOBUF_ENCODING.decode(proto)
  const fromJson = JSON_ENCODING.decode(json)

  it('both encodings decode to the same request', () => {
    expect(fromJson).toEqual(fromProto)
  })

  it('keeps resource, scope, ids, times, kinds, status', () => {
    const rs = fromProto.resourceSpans[0]!
    expect(rs.resource.attributes['service.name']).toBe('travel-agent')
    const ss = rs.scopeSpans[0]!
    expect(ss.scope).toMatchObject({ name: 'decoder-test', version: '1.2.3' })
    const chat = ss.spans.find((s) => s.name === 'chat gpt-4o')!
    const original = spans.find((s) => s.name === 'chat gpt-4o')!
    expect(chat.traceId).toBe(original.spanContext().traceId)
    expect(chat.spanId).toBe(original.spanContext().spanId)
    expect(chat.parentSpanId).toBe(original.parentSpanContext!.spanId)
    expect(chat.kind).toBe(3)
    expect(chat.status).toEqual({ code: 2, message: 'rate limited' })
    const [sec, ns] = original.startTime
    expect(chat.startTimeUnixNano).toBe((BigInt(sec) * 1_000_000_000n + BigInt(ns)).toString())
    expect(chat.events[0]).toMatchObject({ name: 'gen_ai.choice', attributes: { index: 0 } })
    expect(chat.links[0]).toMatchObject({
      spanId: original.parentSpanContext!.spanId,
      attributes: { 'link.kind': 'follows' },
    })
  })

  it('keeps attribute types', () => {
    const chat = fromProto.resourceSpans[0]!.scopeSpans[0]!.spans.find((s) => s.name === 'chat gpt-4o')!
    expect(chat.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 1234,
      'gen_ai.request.temperature': 0.25,
      'gen_ai.request.stream': false,
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      'big.negative': -5,
      unicode: 'héllo → 世界',
    })
  })

  it('encodes responses the OTel deserializer reads back', () => {
    const partial = { rejectedSpans: 3, errorMessage: 'trace id has 15 bytes, expected 16' }
    const res = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(PROTOBUF_ENCODING.encodeResponse(partial)))
    expect(Number(res.partialSuccess?.rejectedSpans)).toBe(3)
    expect(res.partialSuccess?.errorMessage).toBe(partial.errorMessage)
    const jsonRes = JsonTraceSerializer.deserializeResponse(new Uint8Array(JSON_ENCODING.encodeResponse(partial)))
    expect(Number(jsonRes.partialSuccess?.rejectedSpans)).toBe(3)
    expect(PROTOBUF_ENCODING.encodeResponse(null).length).toBe(0)
  })

  it.each([
    ['truncated protobuf', () => PROTOBUF_ENCODING.decode(proto.subarray(0, proto.length - 7)), /truncated/],
    ['invalid JSON', () => JSON_ENCODING.decode(Buffer.from('{"resourceSpans": [')), /invalid JSON/],
    ['JSON logs', () => JSON_ENCODING.decode(Buffer.from('{"resourceLogs": []}')), /logs request/],
    ['JSON array', () => JSON_ENCODING.decode(Buffer.from('[1,2]')), /expected a JSON object/],
    [
      'JSON bad id',
      () => JSON_ENCODING.decode(Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz!"}]}]}]}')),
      /traceId: "xyz!" is not a hex id/,
    ],
    [
      'JSON bad time',
      () =>
        JSON_ENCODING.decode(
          Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"-1"}]}]}]}'),
        ),
      /startTimeUnixNano/,
    ],
    ['garbage bytes', () => PROTOBUF_ENCODING.decode(Buffer.from([0xff, 0xff, 0xff])), /invalid protobuf|not an OTLP/],
  ])('rejects %s with a message', (_name, run, message) => {
    expect(run).toThrow(OtlpDecodeError)
    expect(run).toThrow(message)
  })

  it('names logs sent as protobuf', () => {
    const logs = ProtobufLogsSerializer.serializeRequest([
      {
        hrTime: [1700000000, 5],
        hrTimeObserved: [1700000000, 5],
        body: 'hello',
        attributes: {},
        severityNumber: 9,
        severityText: 'INFO',
        droppedAttributesCount: 0,
        resource: resourceFromAttributes({ 'service.name': 'x' }),
        instrumentationScope: { name: 's' },
      } as never,
    ])!
    expect(() => PROTOBUF_ENCODING.decode(Buffer.from(logs))).toThrow(/logs request/)
    expect(JsonLogsSerializer).toBeDefined()
  })

  it('accepts snake_case keys, enum names and base64 ids in JSON', () => {
    const body = {
      resource_spans: [
        {
          scope_spans: [
            {
              spans: [
                {
                  trace_id: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64'),
                  span_id: 'B7AD6B7169203331',
                  kind: 'SPAN_KIND_CLIENT',
                  start_time_unix_nano: 1700000000000000000,
                  status: { code: 'STATUS_CODE_OK' },
                  attributes: [{ key: 'n', value: { intValue: '9007199254740993' } }],
                },
              ],
            },
          ],
        },
      ],
    }
    const span = JSON_ENCODING.decode(Buffer.from(JSON.stringify(body))).resourceSpans[0]!.scopeSpans[0]!.spans[0]!
    expect(span).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      kind: 3,
      status: { code: 1 },
    })
    expect(span.attributes['n']).toBe('9007199254740993')
  })
})

describe('OTLP/JSON strings', () => {
  it('replaces half a surrogate pair with U+FFFD, as the protobuf decoder does an invalid byte', () => {
    const body =
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331",' +
      '"name":"a\\ud800b","attributes":[{"key":"k\\udfff","value":{"stringValue":"\\ud83d\\ude00 v\\ud800"}}]}]}]}]}'
    const span = JSON_ENCODING.decode(Buffer.from(body)).resourceSpans[0]!.scopeSpans[0]!.spans[0]!
    expect(span.name).toBe('a\ufffdb')
    // a whole pair (an emoji) stays as it is
    expect(span.attributes).toEqual({ 'k\ufffd': '\u{1F600} v\ufffd' })
  })
})

describe('OTLP/JSON doubles', () => {
  it('reads the proto3 JSON names of non-finite doubles, and refuses other text', () => {
    const body = (v: string) =>
      Buffer.from(
        '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c",' +
          `"spanId":"b7ad6b7169203331","attributes":[{"key":"d","value":{"doubleValue":${v}}}]}]}]}]}`,
      )
    const d = (v: string) => JSON_ENCODING.decode(body(v)).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes['d']
    expect(d('"NaN"')).toBeNaN()
    expect(d('"Infinity"')).toBe(Infinity)
    expect(d('"-Infinity"')).toBe(-Infinity)
    expect(d('"2.5"')).toBe(2.5)
    expect(() => d('"abc"')).toThrow(/doubleValue: expected a number/)
  })
})

describe('deeply nested attribute values', () => {
  /** One span whose attribute `d` is `depth` arrays deep around a string, as OTLP/JSON or protobuf. */
  function nested(depth: number, as: 'json' | 'protobuf'): Buffer {
    if (as === 'json') {
      const value = '{"arrayValue":{"values":['.repeat(depth) + '{"stringValue":"x"}' + ']}}'.repeat(depth)
      return Buffer.from(
        `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c",` +
          `"spanId":"b7ad6b7169203331","name":"deep","attributes":[{"key":"d","value":${value}}]}]}]}]}`,
      )
    }
    let any = bytesField(1, 'x') // AnyValue.string_value
    for (let i = 0; i < depth; i++) any = nest([5, 1], any) // AnyValue.array_value { values }
    const span = Buffer.concat([
      bytesField(1, Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex')),
      bytesField(2, Buffer.from('b7ad6b7169203331', 'hex')),
      nest([9], Buffer.concat([bytesField(1, 'd'), bytesField(2, any)])), // Span.attributes
    ])
    return nest([1, 2, 2], span) // request { resource_spans { scope_spans { spans } } }
  }

  // 5,000 levels overflowed the stack before the limit (3,000 already did)
  it.each([
    ['JSON', JSON_ENCODING, 'json'],
    ['protobuf', PROTOBUF_ENCODING, 'protobuf'],
  ] as const)(
    '%s: decodes 99 levels, and refuses 100 with a message instead of exhausting the stack',
    (_, encoding, key) => {
      const ok = encoding.decode(nested(99, key)).resourceSpans[0]!.scopeSpans[0]!.spans[0]!
      let v: unknown = ok.attributes['d']
      let levels = 0
      while (Array.isArray(v)) {
        v = v[0]
        levels++
      }
      expect([levels, v]).toEqual([99, 'x'])
      for (const depth of [100, 5_000]) {
        const body = nested(depth, key)
        expect(() => encoding.decode(body)).toThrow(OtlpDecodeError)
        expect(() => encoding.decode(body)).toThrow(/an attribute value nests deeper than 100 levels/)
      }
    },
  )
})

describe('validateTraceRequest', () => {
  const span = (traceId: string, spanId: string, parentSpanId = '') => ({
    traceId,
    spanId,
    parentSpanId,
    traceState: '',
    name: 's',
    kind: 1,
    startTimeUnixNano: '1764690000000000000',
    endTimeUnixNano: '1764690000500000000',
    attributes: {},
    events: [],
    links: [],
    status: { code: 0, message: '' },
  })
  it.each([
    [span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'), null],
    [span('0af7651916cd43dd8448eb211c8031', 'b7ad6b7169203331'), 'trace id has 15 bytes, expected 16'],
    [span('00000000000000000000000000000000', 'b7ad6b7169203331'), 'trace id is all zeros'],
    [span('0af7651916cd43dd8448eb211c80319c', ''), 'span id is missing'],
    [span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 'abcd'), 'parent span id has 2 bytes'],
    [{ ...span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'), endTimeUnixNano: '4102444800000000000' }, null],
    [
      { ...span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'), startTimeUnixNano: '1000000000000000000' },
      null,
    ],
    [
      { ...span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'), startTimeUnixNano: '0' },
      'start time is missing (span b7ad6b7169203331)',
    ],
    [
      { ...span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'), endTimeUnixNano: '0' },
      'end time is missing (span b7ad6b7169203331)',
    ],
    // milliseconds sent as nanoseconds: ClickHouse would read those digits as seconds, or not at all
    [
      { ...span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'), startTimeUnixNano: '1764690000000' },
      'start time 1764690000000 is before 2001-09-09',
    ],
    [
      { ...span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'), startTimeUnixNano: '4102444800000000001' },
      'start time 4102444800000000001 is after 2100-01-01',
    ],
    // uint64's maximum: past DateTime64(9), where one such span failed its whole batch's insert
    [
      { ...span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'), endTimeUnixNano: '18446744073709551615' },
      'end time 18446744073709551615 is after 2100-01-01',
    ],
  ])('span %# problem', (s, problem) => {
    const result = validateTraceRequest({
      resourceSpans: [
        {
          resource: { attributes: {} },
          scopeSpans: [{ scope: { name: '', version: '', attributes: {} }, spans: [s] }],
        },
      ],
    })
    if (problem === null) expect(result.rejectedSpans).toBe(0)
    else {
      expect(result.rejectedSpans).toBe(1)
      expect(result.acceptedSpans).toBe(0)
      expect(result.accepted.resourceSpans).toHaveLength(0)
      expect(result.reasons[0]).toContain(problem)
    }
  })

  describe('with a retention floor', () => {
    const now = Date.UTC(2026, 11, 2, 12)
    const floor = retentionFloor(30, now)
    const at = (ms: number) => ({
      ...span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'),
      startTimeUnixNano: `${ms}000000`,
      endTimeUnixNano: `${ms + 1}000000`,
    })
    const request = (spans: ReturnType<typeof span>[]) => ({
      resourceSpans: [
        { resource: { attributes: {} }, scopeSpans: [{ scope: { name: '', version: '', attributes: {} }, spans }] },
      ],
    })

    it('puts the floor at now less the retention, in nanoseconds', () => {
      expect(floor).toEqual({ oldestStartUnixNano: `${now - 30 * 86_400_000}000000`, retentionDays: 30 })
    })

    it('keeps spans inside the window and rejects older ones, one reason per start day', () => {
      const result = validateTraceRequest(
        request([
          at(now - 29 * 86_400_000),
          at(now),
          at(now + 3_600_000),
          at(now - 31 * 86_400_000),
          at(now - 31 * 86_400_000 + 1000),
          at(Date.UTC(2025, 0, 5)),
        ]),
        floor,
      )
      expect(result.acceptedSpans).toBe(3)
      expect(result.rejectedSpans).toBe(3)
      expect(result.reasons).toEqual([
        expect.stringContaining('span starts on 2026-11-01, before the 30-day retention window (LOUPE_RETENTION_DAYS)'),
        expect.stringContaining('span starts on 2025-01-05, before the 30-day retention window'),
      ])
    })

    it('checks nothing without a floor', () => {
      expect(validateTraceRequest(request([at(Date.UTC(2002, 0, 1))])).rejectedSpans).toBe(0)
    })
  })

  it('encodingFor', () => {
    expect(encodingFor('application/x-protobuf')).toBe(PROTOBUF_ENCODING)
    expect(encodingFor('application/json; charset=utf-8')).toBe(JSON_ENCODING)
    expect(encodingFor('text/plain')).toBeNull()
  })
})
