/**
 * Loop findings end to end: a looping agent and a healthy one sent through the real OTLP
 * exporter. Trace detail names the loop with its spans and waste; once settled, the list's
 * findingCount and hasFindings filter agree with it, and the healthy trace stays clean.
 */
import { context, trace, type Tracer } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { FindingsResponse, TraceDetailResponse, TraceListResponse } from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'

const NOW = Date.now() - 120_000

/** One agent turn: an LLM call that asks for a tool, then the tool call. */
function turn(tracer: Tracer, ctx: ReturnType<typeof context.active>, at: number, args: object, result: object): void {
  const llm = tracer.startSpan('chat gpt-4o', { startTime: at, attributes: {
    'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 50,
  } }, ctx)
  llm.end(at + 400)
  const tool = tracer.startSpan('execute_tool get_weather', { startTime: at + 500, attributes: {
    'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather',
    'gen_ai.tool.call.arguments': JSON.stringify(args), 'gen_ai.tool.call.result': JSON.stringify(result),
  } }, ctx)
  tool.end(at + 800)
}

function run(tracer: Tracer, name: string, turns: Array<[object, object]>): string {
  const root = tracer.startSpan(`invoke_agent ${name}`, { startTime: NOW, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name } })
  const ctx = trace.setSpan(context.active(), root)
  turns.forEach(([args, result], i) => turn(tracer, ctx, NOW + i * 1000, args, result))
  root.end(NOW + turns.length * 1000)
  return root.spanContext().traceId
}

describe('loop findings', () => {
  let c: RunningCollector
  let looping = ''
  let healthy = ''
  const get = async <T,>(path: string, schema: { parse: (v: unknown) => T }): Promise<T> => {
    const res = await fetch(`${c.url}${path}`)
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return schema.parse(await res.json())
  }

  beforeAll(async () => {
    c = await startCollector({ env: { LOUPE_SETTLE_MS: '300' } })
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'weather-bot' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${c.url}/v1/traces`, concurrencyLimit: 500 }))],
    })
    const tracer = provider.getTracer('findings-test')
    // the same call, the same answer, seven times
    looping = run(tracer, 'stuck', Array.from({ length: 7 }, () => [{ city: 'Paris' }, { tempC: 21 }] as [object, object]))
    // the same tool with different arguments: legitimate
    healthy = run(tracer, 'tourist', ['Paris', 'Rome', 'Oslo', 'Lima'].map((city, i) => [{ city }, { tempC: 10 + i }] as [object, object]))
    await provider.forceFlush()
    await provider.shutdown()
    for (let tries = 0; tries < 150; tries++) {
      if ((await get('/api/traces', TraceListResponse)).traces.length === 2) break
      await new Promise((r) => setTimeout(r, 100))
    }
  })
  afterAll(async () => {
    await c.stop()
    removeDataDir(c.dataDir)
  })

  it('names the loop in trace detail, with its spans and what it wasted', async () => {
    const detail = await get(`/api/traces/${looping}`, TraceDetailResponse)
    const repeated = detail.findings.find((f) => f.detector === 'repeated-tool-call')!
    expect(repeated).toBeDefined()
    expect(repeated.severity).toBe('critical')
    expect(repeated.count).toBe(7)
    expect(repeated.message).toContain('get_weather')
    expect(repeated.message).toContain('7')
    const toolSpans = detail.spans.filter((s) => s.kind === 'tool').map((s) => s.spanId)
    for (const id of toolSpans) expect(repeated.spanIds).toContain(id)
    expect(repeated.wastedCostUsd).toBeGreaterThan(0)
    expect(detail.summary.findingCount).toBe(detail.findings.length)
  })

  it('leaves legitimate repetition alone', async () => {
    const detail = await get(`/api/traces/${healthy}`, TraceDetailResponse)
    expect(detail.findings).toEqual([])
  })

  it('stores findings at settle time for the list and its filter', async () => {
    const detail = await get(`/api/traces/${looping}`, TraceDetailResponse)
    const flagged = await get('/api/traces?hasFindings=true', TraceListResponse)
    expect(flagged.traces.map((t) => t.traceId)).toEqual([looping])
    expect(flagged.traces[0]!.findingCount).toBe(detail.findings.length)
    const clean = await get('/api/traces?hasFindings=false', TraceListResponse)
    expect(clean.traces.map((t) => t.traceId)).toEqual([healthy])
  })

  it('lists findings with their waste, filtered by detector and agent', async () => {
    const detail = await get(`/api/traces/${looping}`, TraceDetailResponse)
    const all = await get('/api/findings', FindingsResponse)
    expect(all.findings).toHaveLength(detail.findings.length)
    expect(all.totals).toMatchObject({ findings: detail.findings.length, traces: 1 })
    const waste = detail.findings.reduce((a, f) => a + f.wastedCostUsd, 0)
    expect(all.totals.wastedCostUsd).toBeCloseTo(waste, 9)
    expect(all.findings.every((f) => f.traceId === looping && f.serviceName === 'weather-bot')).toBe(true)
    const repeated = await get('/api/findings?detector=repeated-tool-call', FindingsResponse)
    expect(repeated.findings.map((f) => f.detector)).toEqual(['repeated-tool-call'])
    expect(repeated.findings[0]!.agentName).toBe('stuck')
    expect((await get('/api/findings?agent=tourist', FindingsResponse)).findings).toEqual([])
    const bad = await fetch(`${c.url}/api/findings?detector=vibes`)
    expect(bad.status).toBe(400)
  })
})
