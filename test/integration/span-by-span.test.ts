/**
 * A span-by-span exporter against a real collector: the OTel JS OTLP/HTTP exporter behind a
 * SimpleSpanProcessor, as Traceloop's `disableBatch`, many OpenInference examples and the Langfuse
 * SDK's debug mode set it up. Every span is its own request, and the exporter keeps at most 30 in
 * flight (its default `concurrencyLimit`), failing any span past that with "Concurrent export limit
 * reached". So the collector must acknowledge a request about as fast as spans end: when it held
 * each one for a 50 ms batch linger, spans ending 2 ms apart were lost.
 *
 * The collector first serves the same stream of requests unjudged, as a running collector has:
 * right after start-up its code is not yet optimised and the engine's first inserts and merges are
 * slower, and with only a few warm-up requests one run in ten lost a span to that start-up cost.
 * It is a timing test all the same: where the engine shares two busy cores with other work, an
 * insert of a few rows takes 20–40 ms and the exporter can still reach its limit (docs,
 * Benchmarks, Acknowledgement latency).
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { context, trace } from '@opentelemetry/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { fetchTrace, recording } from '../utils/exporter-results.ts'
import { hexId, otlpJson } from '../utils/otlp-body.ts'
import { waitSettled } from '../utils/until.ts'

const SPANS = 200
const SPACING_MS = 2
const WARM_UP_REQUESTS = 200

describe('a SimpleSpanProcessor exporting spans that end 2 ms apart', () => {
  let collector: RunningCollector

  beforeAll(async () => {
    collector = await startCollector()
    // the same stream as the test's, unjudged: one request every 2 ms, as many in flight as it takes
    const warmUp: Promise<void>[] = []
    for (let i = 0; i < WARM_UP_REQUESTS; i++) {
      const body = otlpJson([{ traceId: hexId(16), spanId: hexId(8) }])
      warmUp.push(
        fetch(`${collector.url}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).then(async (res) => {
          if (!res.ok) throw new Error(`warm-up request answered ${res.status}`)
          await res.arrayBuffer()
        }),
      )
      await new Promise((r) => setTimeout(r, SPACING_MS))
    }
    await Promise.all(warmUp)
    // The warm-up's traces are whole (one root span each), so they settle at the next refresh:
    // let that finish, or its reads and writes would share the cores with the judged stream.
    await waitSettled(collector.url)
  })

  afterAll(async () => {
    if (collector === undefined) return
    await collector.stop()
    removeDataDir(collector.dataDir)
  })

  it('has every span stored and no export failed', async () => {
    const failures: string[] = []
    // the exporter's own defaults, concurrency limit included: that limit is what drops spans
    const exporter = recording(new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }), failures)
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'loupe-span-by-span-test' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    })
    const tracer = provider.getTracer('span-by-span')
    const root = tracer.startSpan('invoke_agent planner', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } })
    const ctx = trace.setSpan(context.active(), root)
    for (let i = 0; i < SPANS - 1; i++) {
      tracer.startSpan(`execute_tool step_${i}`, { attributes: { 'gen_ai.tool.name': `step_${i}` } }, ctx).end()
      // a 2 ms timer between span ends; with the exporter's own work, about 3 ms from end to end
      await new Promise((r) => setTimeout(r, SPACING_MS))
    }
    root.end()
    // waits for every export still in flight, so each has been answered when it returns
    await provider.forceFlush()
    await provider.shutdown()

    expect.soft(failures).toEqual([])
    const spans = await fetchTrace(collector.url, root.spanContext().traceId, SPANS)
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(SPANS)
  })
})
