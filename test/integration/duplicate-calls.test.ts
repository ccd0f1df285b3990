/**
 * One model call recorded by two instrumentations is counted once, everywhere (the run is
 * ../fixtures/doubly-instrumented.ts). The real OTLP exporter sends every span as it ends, so the
 * inner span of a call reaches the collector in an earlier request than the span that wraps it:
 * the decision is the settler's, over the trace.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { CostReportResponse, TimeseriesResponse, TraceDetailResponse, TraceListResponse } from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CALL_USD, emitDoublyInstrumented } from '../fixtures/doubly-instrumented.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { until } from '../utils/until.ts'

const T0 = Date.now() - 60_000

describe('a call recorded by two instrumentations', () => {
  let c: RunningCollector
  let traceId = ''
  const get = async <T>(path: string, schema: { parse: (v: unknown) => T }): Promise<T> => {
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
    traceId = emitDoublyInstrumented(provider.getTracer('duplicate-calls-test'), T0)
    await provider.shutdown()
    await until(
      () => get(`/api/traces?${range}`, TraceListResponse),
      (list) => list.traces.length === 1,
    )
  })
  afterAll(async () => {
    await c.stop()
    removeDataDir(c.dataDir)
  })

  it('lists the trace with each call counted once', async () => {
    const [row] = (await get(`/api/traces?${range}`, TraceListResponse)).traces
    expect(row).toMatchObject({
      traceId,
      spanCount: 6,
      llmCalls: 2,
      toolCalls: 1,
      inputTokens: 7426,
      outputTokens: 240,
    })
    expect(row!.costUsd).toBeCloseTo(2 * CALL_USD, 12)
  })

  it('keeps both spans in detail, the SDK span marked as a duplicate of its wrapper', async () => {
    const detail = await get(`/api/traces/${traceId}`, TraceDetailResponse)
    expect(detail.summary).toMatchObject({ llmCalls: 2, inputTokens: 7426 })
    const wrappers = detail.spans.filter((s) => s.name === 'ChatAnthropic')
    const sdk = detail.spans.filter((s) => s.name === 'anthropic.messages.create')
    expect(wrappers.map((s) => [s.isRollup, s.countedIn])).toEqual([
      [false, null],
      [false, null],
    ])
    expect(sdk.map((s) => s.isRollup)).toEqual([true, true])
    expect(sdk.map((s) => s.countedIn).sort()).toEqual(wrappers.map((s) => s.spanId).sort())
    expect(sdk.map((s) => s.inputTokens)).toEqual([3713, 3713]) // shown as sent
  })

  it('reports the cost once, by model and over time, and credits the tool with the call that requested it', async () => {
    const report = await get(`/api/reports/cost?groupBy=tool&${range}`, CostReportResponse)
    expect(report.totals).toMatchObject({ llmCalls: 2, inputTokens: 7426, outputTokens: 240 })
    expect(report.totals.costUsd).toBeCloseTo(2 * CALL_USD, 12)
    expect(report.rows.find((r) => r.dimensions['tool'] === 'get_weather')).toMatchObject({
      llmCalls: 1,
      inputTokens: 3713,
    })
    const series = await get(`/api/reports/timeseries?metric=costUsd&interval=hour&${range}`, TimeseriesResponse)
    const total = series.series.flatMap((s) => s.values).reduce((a, b) => a + b, 0)
    expect(total).toBeCloseTo(2 * CALL_USD, 12)
    const calls = await get(`/api/reports/timeseries?metric=llmCalls&interval=hour&${range}`, TimeseriesResponse)
    expect(calls.series.flatMap((s) => s.values).reduce((a, b) => a + b, 0)).toBe(2)
  })
})
