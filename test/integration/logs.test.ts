/**
 * OTLP logs end to end, with the real OTel SDK log exporters over HTTP/JSON, HTTP/protobuf and
 * gRPC, and the OpenTelemetry JS OpenAI instrumentation (content capture on) around the `openai`
 * SDK talking to a local fake API:
 * - a GenAI event sent as a log record gives its span a conversation: the current event or the
 *   older per-message ones, content in the body or in attributes, the record before or after its
 *   span, even 5 s after the trace settled (it re-settles), and text search finds it;
 * - span events in the new and old forms do the same;
 * - other logs with trace context are listed with their trace; bad bodies are 400s and store
 *   nothing; the API key applies; metrics are refused with a clear message.
 */
import { context, trace, type Span, type Tracer } from '@opentelemetry/api'
import { SeverityNumber, type Logger } from '@opentelemetry/api-logs'
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc'
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http'
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs'
import { FindingsResponse, TraceDetailResponse, TraceListResponse } from '@loupe/schema'
import * as OpenAIModule from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeApis, WEATHER, type FakeApis } from '../fixtures/libraries/fake-apis.ts'
import { exporterTo, getJson as get } from '../utils/agent-exporter.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { until, waitSettled } from '../utils/until.ts'

const resource = resourceFromAttributes({ 'service.name': 'log-agent' })

function loggerTo(exporter: LogRecordExporter): { provider: LoggerProvider; logger: Logger } {
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor(exporter)] })
  return { provider, logger: provider.getLogger('genai-test') }
}

/** An LLM span with no content of its own, ended now. */
function bareLlmSpan(tracer: Tracer, parent?: Span): Span {
  const ctx = parent === undefined ? context.active() : trace.setSpan(context.active(), parent)
  const span = tracer.startSpan(
    'chat gpt-4o',
    {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 12,
      },
    },
    ctx,
  )
  span.end()
  return span
}

const inSpan = (span: Span) => trace.setSpan(context.active(), span)

/**
 * Three LLM calls under `root` that give the same 30-word answer, each only in a GenAI log record:
 * in its body (a key/value list) or in an attribute (JSON text).
 */
function repeatAnswer(tracer: Tracer, logger: Logger, root: Span, where: 'body' | 'attributes'): void {
  const answer =
    'I could not find the order you asked about in the system, so please check the order number ' +
    'printed on your receipt and send it to me again so that I can look it up for you once more.'
  const messages = [{ role: 'assistant', parts: [{ type: 'text', content: answer }] }]
  for (let i = 0; i < 3; i++) {
    logger.emit({
      eventName: 'gen_ai.client.inference.operation.details',
      context: inSpan(bareLlmSpan(tracer, root)),
      ...(where === 'body'
        ? { body: { 'gen_ai.output.messages': messages } }
        : { attributes: { 'gen_ai.output.messages': JSON.stringify(messages) } }),
    })
  }
}

const detail = (c: RunningCollector, traceId: string) => get(`${c.url}/api/traces/${traceId}`, TraceDetailResponse)

async function conversationOf(c: RunningCollector, traceId: string, spanId: string) {
  const d = await detail(c, traceId)
  const span = d.spans.find((s) => s.spanId === spanId)
  return { input: span?.input ?? null, output: span?.output ?? null, detail: d }
}

describe('OTLP logs', () => {
  let c: RunningCollector
  let apis: FakeApis

  beforeAll(async () => {
    apis = await startFakeApis()
    c = await startCollector({ env: { LOUPE_SETTLE_MS: '1500' } })
  })
  afterAll(async () => {
    await c?.stop()
    await apis?.close()
    if (c) removeDataDir(c.dataDir)
  })

  it.each([
    ['HTTP/JSON', () => new JsonLogExporter({ url: `${c.url}/v1/logs` })],
    ['HTTP/protobuf', () => new ProtoLogExporter({ url: `${c.url}/v1/logs` })],
    ['gRPC', () => new GrpcLogExporter({ url: `http://127.0.0.1:${c.grpcPort}` })],
  ])(
    'fills the conversation from the current GenAI event over %s, and lists other logs with the trace',
    async (_name, exporter) => {
      const spans = exporterTo(c.url, 'log-agent', 100)
      const logs = loggerTo(exporter())
      const root = spans.tracer.startSpan('invoke_agent planner')
      const llm = bareLlmSpan(spans.tracer, root)
      logs.logger.emit({
        eventName: 'gen_ai.client.inference.operation.details',
        context: inSpan(llm),
        body: {
          'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }],
          'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'text', content: WEATHER }] }],
        },
      })
      logs.logger.emit({
        context: inSpan(llm),
        severityNumber: SeverityNumber.WARN,
        severityText: 'WARN',
        body: 'cache miss for key 42',
        attributes: { 'cache.key': 42 },
      })
      root.end()
      await logs.provider.forceFlush()
      await spans.provider.forceFlush()
      const traceId = root.spanContext().traceId
      const seen = await until(
        () => conversationOf(c, traceId, llm.spanContext().spanId),
        (v) => v.input !== null && v.output !== null,
        { what: 'the conversation from the log record' },
      )
      expect(JSON.parse(seen.input!)).toEqual([{ role: 'user', content: 'Weather in Paris?' }])
      expect(JSON.parse(seen.output!)).toEqual([{ role: 'assistant', content: WEATHER }])
      const warn = seen.detail.logs.find((l) => l.severityText === 'WARN')
      expect(warn).toMatchObject({
        spanId: llm.spanContext().spanId,
        severityNumber: SeverityNumber.WARN,
        eventName: '',
        body: 'cache miss for key 42',
        attributes: { 'cache.key': '42' },
      })
      await logs.provider.shutdown()
      await spans.provider.shutdown()
    },
  )

  it('takes a record sent 5 s after its span, once the trace has settled: it re-settles, and search finds it', async () => {
    const spans = exporterTo(c.url, 'log-agent', 100)
    const logs = loggerTo(new ProtoLogExporter({ url: `${c.url}/v1/logs` }))
    const llm = bareLlmSpan(spans.tracer)
    await spans.provider.forceFlush()
    const traceId = llm.spanContext().traceId
    await until(
      () => get(`${c.url}/api/traces?state=settled&limit=1000`, TraceListResponse),
      (r) => r.traces.some((t) => t.traceId === traceId),
      { what: 'the trace settled' },
    )
    // the scenario itself: the records come 5 s later (an exporter's slow log pipeline)
    await new Promise((resolve) => setTimeout(resolve, 5000))
    // the older per-message events, named by attribute as older emitters do
    logs.logger.emit({
      context: inSpan(llm),
      attributes: { 'event.name': 'gen_ai.user.message', 'gen_ai.system': 'openai' },
      body: { content: 'Is the zebra-striped umbrella in stock?' },
    })
    logs.logger.emit({
      context: inSpan(llm),
      attributes: { 'event.name': 'gen_ai.choice' },
      body: { index: 0, finish_reason: 'stop', message: { content: 'Two are left.' } },
    })
    await logs.provider.forceFlush()
    await waitSettled(c.url)
    const found = await until(
      () => get(`${c.url}/api/traces?q=${encodeURIComponent('zebra-striped umbrella')}`, TraceListResponse),
      (r) => r.traces.length === 1,
      { what: 'text search to find the content of the late record' },
    )
    expect(found.traces[0]!.traceId).toBe(traceId)
    const { input, output } = await conversationOf(c, traceId, llm.spanContext().spanId)
    expect(JSON.parse(input!)).toEqual([{ role: 'user', content: 'Is the zebra-striped umbrella in stock?' }])
    expect(JSON.parse(output!)).toEqual([{ role: 'assistant', content: 'Two are left.' }])
    await logs.provider.shutdown()
    await spans.provider.shutdown()
  })

  it('takes a record that arrives before its span', async () => {
    const spans = exporterTo(c.url, 'log-agent', 100)
    const logs = loggerTo(new ProtoLogExporter({ url: `${c.url}/v1/logs` }))
    const llm = spans.tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat' } })
    logs.logger.emit({
      eventName: 'gen_ai.client.inference.operation.details',
      context: inSpan(llm),
      body: { 'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'early bird question' }] }] },
    })
    // acknowledged means stored: the record is in storage before its span is even sent
    await logs.provider.forceFlush()
    llm.end()
    await spans.provider.forceFlush()
    await waitSettled(c.url)
    const found = await until(
      () => get(`${c.url}/api/traces?q=${encodeURIComponent('early bird question')}`, TraceListResponse),
      (r) => r.traces.length === 1,
      { what: 'text search to find the content of the early record' },
    )
    expect(found.traces[0]!.traceId).toBe(llm.spanContext().traceId)
    await logs.provider.shutdown()
    await spans.provider.shutdown()
  })

  it('lets the near-duplicate-LLM detector compare content that came as log records', async () => {
    const spans = exporterTo(c.url, 'log-agent', 100)
    const logs = loggerTo(new JsonLogExporter({ url: `${c.url}/v1/logs` }))
    const root = spans.tracer.startSpan('invoke_agent writer', { attributes: { 'gen_ai.agent.name': 'writer' } })
    repeatAnswer(spans.tracer, logs.logger, root, 'attributes')
    root.end()
    await logs.provider.forceFlush()
    await spans.provider.forceFlush()
    await waitSettled(c.url)
    const findings = await until(
      () => get(`${c.url}/api/findings?detector=near-duplicate-llm`, FindingsResponse),
      (r) => r.findings.some((f) => f.traceId === root.spanContext().traceId),
      { what: 'the near-duplicate finding' },
    )
    const found = findings.findings.find((f) => f.traceId === root.spanContext().traceId)!
    expect(found).toMatchObject({ count: 3, provisional: false })
    await logs.provider.shutdown()
    await spans.provider.shutdown()
  })

  it('reads GenAI span events in the new and the old forms', async () => {
    const spans = exporterTo(c.url, 'log-agent', 100)
    const root = spans.tracer.startSpan('invoke_agent planner')
    const ctx = trace.setSpan(context.active(), root)
    const current = spans.tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat' } }, ctx)
    current.addEvent('gen_ai.client.inference.operation.details', {
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'new form' }] }]),
    })
    current.end()
    const old = spans.tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat' } }, ctx)
    old.addEvent('gen_ai.user.message', { content: 'old form' })
    old.addEvent('gen_ai.choice', { message: JSON.stringify({ content: 'old answer' }) })
    old.end()
    root.end()
    await spans.provider.forceFlush()
    const traceId = root.spanContext().traceId
    const d = await until(
      () => detail(c, traceId),
      (v) => v.spans.length === 3,
      { what: 'the trace' },
    )
    const byId = new Map(d.spans.map((s) => [s.spanId, s]))
    expect(JSON.parse(byId.get(current.spanContext().spanId)!.input!)).toEqual([{ role: 'user', content: 'new form' }])
    expect(JSON.parse(byId.get(old.spanContext().spanId)!.output!)).toEqual([
      { role: 'assistant', content: 'old answer' },
    ])
    await spans.provider.shutdown()
  })

  it('shows the conversation the OpenTelemetry OpenAI instrumentation sends as log records', async () => {
    const spans = exporterTo(c.url, 'openai-app', 100)
    const logs = loggerTo(new ProtoLogExporter({ url: `${c.url}/v1/logs` }))
    const instrumentation = new OpenAIInstrumentation({ captureMessageContent: true })
    instrumentation.setTracerProvider(spans.provider)
    instrumentation.setLoggerProvider(logs.provider)
    const [definition] = instrumentation.getModuleDefinitions()
    definition!.patch!(OpenAIModule, '6.49.0')
    try {
      const client = new OpenAIModule.OpenAI({ apiKey: 'test', baseURL: apis.openaiUrl })
      await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'You answer about the weather.' },
          { role: 'user', content: 'Weather in Paris?' },
        ],
      })
    } finally {
      definition!.unpatch!(OpenAIModule, '6.49.0')
      instrumentation.disable()
    }
    await logs.provider.forceFlush()
    await spans.provider.forceFlush()
    const list = await until(
      () => get(`${c.url}/api/traces?service=openai-app`, TraceListResponse),
      (r) => r.traces.length === 1,
      { what: 'the instrumented call' },
    )
    const d = await until(
      () => detail(c, list.traces[0]!.traceId),
      (v) => v.spans.some((s) => s.kind === 'llm' && s.input !== null && s.output !== null),
      { what: 'the call with its conversation' },
    )
    const call = d.spans.find((s) => s.kind === 'llm')!
    const input = JSON.parse(call.input!) as Array<{ role: string; content: string }>
    expect(input.map((m) => [m.role, m.content])).toEqual([
      ['system', 'You answer about the weather.'],
      ['user', 'Weather in Paris?'],
    ])
    expect(JSON.parse(call.output!)).toMatchObject([
      { role: 'assistant', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] },
    ])
    await logs.provider.shutdown()
    await spans.provider.shutdown()
  })

  it('answers a bad logs body with 400 and stores none of it', async () => {
    const traceId = 'ab'.repeat(16)
    const bad = [
      ['not JSON', 'application/json', '{"resourceLogs": ['],
      ['a trace id of 15 bytes', 'application/json', logsJson('ab'.repeat(15))],
      ['traces sent to the logs endpoint', 'application/json', '{"resourceSpans": []}'],
      ['not protobuf', 'application/x-protobuf', '\u00ff\u00ff\u00ff'],
    ] as const
    for (const [what, type, body] of bad) {
      const res = await fetch(`${c.url}/v1/logs`, { method: 'POST', headers: { 'content-type': type }, body })
      expect(res.status, what).toBe(400)
    }
    const spans = exporterTo(c.url, 'log-agent', 100)
    const s = spans.tracer.startSpan('step')
    s.end()
    await spans.provider.forceFlush()
    const ok = await fetch(`${c.url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: logsJson(s.spanContext().traceId),
    })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({})
    const d = await detail(c, s.spanContext().traceId)
    expect(d.logs.map((l) => l.body)).toEqual(['hello'])
    expect((await fetch(`${c.url}/api/traces/${traceId}`)).status).toBe(404)
    await spans.provider.shutdown()
  })

  it('refuses metrics, saying how to turn them off', async () => {
    const res = await fetch(`${c.url}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceMetrics": []}',
    })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { message: string }).message).toContain('OTEL_METRICS_EXPORTER=none')
  })
})

describe('GenAI log records of a running trace', () => {
  it('reach its provisional version: the near-duplicate detector flags the loop while the agent runs', async () => {
    const c = await startCollector({ env: { LOUPE_SETTLE_MS: '60000' } })
    try {
      const spans = exporterTo(c.url, 'log-agent', 100)
      const logs = loggerTo(new ProtoLogExporter({ url: `${c.url}/v1/logs` }))
      const root = spans.tracer.startSpan('invoke_agent writer', { attributes: { 'gen_ai.agent.name': 'writer' } })
      repeatAnswer(spans.tracer, logs.logger, root, 'body')
      await logs.provider.forceFlush()
      await spans.provider.forceFlush()
      const traceId = root.spanContext().traceId
      const findings = await until(
        () => get(`${c.url}/api/findings?detector=near-duplicate-llm`, FindingsResponse),
        (r) => r.findings.some((f) => f.traceId === traceId),
        { what: 'the provisional near-duplicate finding' },
      )
      expect(findings.findings.find((f) => f.traceId === traceId)).toMatchObject({ count: 3, provisional: true })
      root.end()
      await logs.provider.shutdown()
      await spans.provider.shutdown()
    } finally {
      await c.stop()
      removeDataDir(c.dataDir)
    }
  })
})

describe('OTLP logs with API keys', () => {
  it('needs a key, and keeps each project to itself', async () => {
    const c = await startCollector({ env: { LOUPE_API_KEYS: 'team-a:key-a,team-b:key-b' } })
    try {
      const traceId = 'cd'.repeat(16)
      const post = (key?: string) =>
        fetch(`${c.url}/v1/logs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: logsJson(traceId),
        })
      expect((await post()).status).toBe(401)
      expect((await post('wrong')).status).toBe(401)
      expect((await post('key-a')).status).toBe(200)
    } finally {
      await c.stop()
      removeDataDir(c.dataDir)
    }
  })
})

/** One plain log record with trace context, as OTLP/JSON. */
function logsJson(traceId: string): string {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'log-agent' } }] },
        scopeLogs: [
          {
            scope: { name: 'manual' },
            logRecords: [
              {
                timeUnixNano: `${Date.now()}000000`,
                severityNumber: 9,
                severityText: 'INFO',
                body: { stringValue: 'hello' },
                traceId,
                spanId: '0102030405060708',
              },
            ],
          },
        ],
      },
    ],
  })
}
