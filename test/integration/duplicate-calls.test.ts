/**
 * One model call recorded by two instrumentations is counted once, everywhere. Each call of this
 * agent is an OpenInference-style LLM span wrapping the provider SDK's own GenAI span with the same
 * usage, as the Anthropic SDK and an Anthropic instrumentation produce together. The real OTLP
 * exporter sends every span as it ends, so the inner span of a call reaches the collector in an
 * earlier request than the span that wraps it: the decision is the settler's, over the trace.
 *
 *   invoke_agent planner                       t=0..3000
 *   ├─ ChatAnthropic (OpenInference)           t=100..900    3,713 in / 120 out
 *   │  └─ anthropic.messages.create (SDK)      t=101..899    3,713 in / 120 out   ← duplicate
 *   ├─ execute_tool get_weather                t=1000..1100
 *   └─ ChatAnthropic (OpenInference)           t=1200..2900  3,713 in / 120 out
 *      └─ anthropic.messages.create (SDK)      t=1201..2899  3,713 in / 120 out   ← duplicate
 */
import { ROOT_CONTEXT, trace, type Attributes, type Context, type Tracer } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { CostReportResponse, TimeseriesResponse, TraceDetailResponse, TraceListResponse } from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { until } from '../utils/until.ts'

const T0 = Date.now() - 60_000
// claude-sonnet-4-5: $3 input and $15 output per million tokens
const CALL_USD = (3713 * 3 + 120 * 15) / 1e6

function emit(tracer: Tracer): string {
  const at = (ms: number) => T0 + ms
  const child = (parent: Context, name: string, [s, e]: [number, number], attributes: Attributes, body?: (ctx: Context) => void) => {
    const span = tracer.startSpan(name, { startTime: at(s), attributes }, parent)
    body?.(trace.setSpan(parent, span))
    span.end(at(e))
  }
  const root = tracer.startSpan('invoke_agent planner', {
    startTime: at(0), attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' },
  }, ROOT_CONTEXT)
  const ctx = trace.setSpan(ROOT_CONTEXT, root)
  const call = ([s, e]: [number, number]) => child(ctx, 'ChatAnthropic', [s, e], {
    'openinference.span.kind': 'LLM', 'llm.model_name': 'claude-sonnet-4-5', 'llm.provider': 'anthropic',
    'llm.token_count.prompt': 3713, 'llm.token_count.completion': 120, 'llm.token_count.total': 3833,
    'input.value': 'What is the weather in Paris?', 'output.value': 'Let me check.',
  }, (inner) => child(inner, 'anthropic.messages.create', [s + 1, e - 1], {
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-5',
    'gen_ai.response.model': 'claude-sonnet-4-5-20250929', 'gen_ai.usage.input_tokens': 3713, 'gen_ai.usage.output_tokens': 120,
  }))
  call([100, 900])
  child(ctx, 'execute_tool get_weather', [1000, 1100], {
    'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.arguments': '{"city":"Paris"}',
  })
  call([1200, 2900])
  root.end(at(3000))
  return root.spanContext().traceId
}

describe('a call recorded by two instrumentations', () => {
  let c: RunningCollector
  let traceId = ''
  const get = async <T,>(path: string, schema: { parse: (v: unknown) => T }): Promise<T> => {
    const res = await fetch(`${c.url}${path}`)
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return schema.parse(await res.json())
  }
  const range = `from=${T0 - 3_600_000}&to=${Date.now() + 60_000}`

  beforeAll(async () => {
    c = await startCollector({ env: { LOUPE_SETTLE_MS: '300' } })
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'weather-bot' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${c.url}/v1/traces` }))],
    })
    traceId = emit(provider.getTracer('duplicate-calls-test'))
    await provider.shutdown()
    await until(() => get(`/api/traces?${range}`, TraceListResponse), (list) => list.traces.length === 1)
  })
  afterAll(async () => {
    await c.stop()
    removeDataDir(c.dataDir)
  })

  it('lists the trace with each call counted once', async () => {
    const [row] = (await get(`/api/traces?${range}`, TraceListResponse)).traces
    expect(row).toMatchObject({ traceId, spanCount: 6, llmCalls: 2, toolCalls: 1, inputTokens: 7426, outputTokens: 240 })
    expect(row!.costUsd).toBeCloseTo(2 * CALL_USD, 12)
  })

  it('keeps both spans in detail, the SDK span marked as a duplicate of its wrapper', async () => {
    const detail = await get(`/api/traces/${traceId}`, TraceDetailResponse)
    expect(detail.summary).toMatchObject({ llmCalls: 2, inputTokens: 7426 })
    const wrappers = detail.spans.filter((s) => s.name === 'ChatAnthropic')
    const sdk = detail.spans.filter((s) => s.name === 'anthropic.messages.create')
    expect(wrappers.map((s) => [s.isRollup, s.countedIn])).toEqual([[false, null], [false, null]])
    expect(sdk.map((s) => s.isRollup)).toEqual([true, true])
    expect(sdk.map((s) => s.countedIn).sort()).toEqual(wrappers.map((s) => s.spanId).sort())
    expect(sdk.map((s) => s.inputTokens)).toEqual([3713, 3713]) // shown as sent
  })

  it('reports the cost once, by model and over time, and credits the tool with the call that requested it', async () => {
    const report = await get(`/api/reports/cost?groupBy=tool&${range}`, CostReportResponse)
    expect(report.totals).toMatchObject({ llmCalls: 2, inputTokens: 7426, outputTokens: 240 })
    expect(report.totals.costUsd).toBeCloseTo(2 * CALL_USD, 12)
    expect(report.rows.find((r) => r.dimensions['tool'] === 'get_weather')).toMatchObject({ llmCalls: 1, inputTokens: 3713 })
    const series = await get(`/api/reports/timeseries?metric=costUsd&interval=hour&${range}`, TimeseriesResponse)
    const total = series.series.flatMap((s) => s.values).reduce((a, b) => a + b, 0)
    expect(total).toBeCloseTo(2 * CALL_USD, 12)
    const calls = await get(`/api/reports/timeseries?metric=llmCalls&interval=hour&${range}`, TimeseriesResponse)
    expect(calls.series.flatMap((s) => s.values).reduce((a, b) => a + b, 0)).toBe(2)
  })
})
