/**
 * Loop findings end to end: a looping agent and a healthy one sent through the real OTLP
 * exporter. Trace detail names the loop with its spans and waste; once settled, the list's
 * findingCount and hasFindings filter agree with it, and the healthy trace stays clean.
 */
import { context, trace } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { CostReportResponse, FindingsResponse, TraceDetailResponse, TraceListResponse } from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agentRun, stuckRun, touristRun, type Turn } from '../fixtures/looping-agent.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { waitSettled } from '../utils/until.ts'

const NOW = Date.now() - 120_000

describe('loop findings', () => {
  let c: RunningCollector
  let looping = ''
  let healthy = ''
  const get = async <T>(path: string, schema: { parse: (v: unknown) => T }): Promise<T> => {
    const res = await fetch(`${c.url}${path}`)
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return schema.parse(await res.json())
  }

  beforeAll(async () => {
    c = await startCollector({ env: { LOUPE_SETTLE_MS: '300' } })
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'weather-bot' }),
      spanProcessors: [
        new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${c.url}/v1/traces`, concurrencyLimit: 500 })),
      ],
    })
    const tracer = provider.getTracer('findings-test')
    looping = stuckRun(tracer, NOW)
    healthy = touristRun(tracer, NOW)
    await provider.forceFlush()
    await provider.shutdown()
    await waitSettled(c.url)
    expect((await get('/api/traces', TraceListResponse)).traces).toHaveLength(2)
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

  it('adds a wastedCostUsd column to the cost report, each wasted span counted once', async () => {
    const detail = await get(`/api/traces/${looping}`, TraceDetailResponse)
    const wasted = new Set(detail.findings.flatMap((f) => f.wastedSpanIds))
    const expected = detail.spans
      .filter((s) => wasted.has(s.spanId) && !s.isRollup)
      .reduce((a, s) => a + (s.costUsd ?? 0), 0)
    expect(expected).toBeGreaterThan(0)
    const byAgent = await get('/api/reports/cost?groupBy=agent', CostReportResponse)
    const stuck = byAgent.rows.find((r) => r.dimensions['agent'] === 'stuck')!
    const tourist = byAgent.rows.find((r) => r.dimensions['agent'] === 'tourist')!
    expect(stuck.wastedCostUsd).toBeCloseTo(expected, 9)
    expect(stuck.wastedCostUsd).toBeLessThanOrEqual(stuck.costUsd)
    expect(tourist.wastedCostUsd).toBe(0)
    expect(byAgent.totals.wastedCostUsd).toBeCloseTo(expected, 9)
    // however grouped, rows add up to the same wasted total
    const byTool = await get('/api/reports/cost?groupBy=tool,day', CostReportResponse)
    expect(byTool.rows.reduce((a, r) => a + r.wastedCostUsd, 0)).toBeCloseTo(expected, 9)
  })
})

describe('step budget from the agent’s history', () => {
  it('flags a run far past the agent’s usual step count, and not before it has a history', async () => {
    const c = await startCollector({ env: { LOUPE_SETTLE_MS: '200' } })
    try {
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'weather-bot' }),
        // every span is exported as it ends, and 150 runs end in one synchronous loop: room for all
        spanProcessors: [
          new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${c.url}/v1/traces`, concurrencyLimit: 2000 })),
        ],
      })
      const tracer = provider.getTracer('history-test')
      const start = Date.now() - 600_000
      // 150 ordinary runs of 2 turns (4 steps each): the agent's history, long enough that one
      // outlier does not move its p99
      for (let i = 0; i < 150; i++)
        agentRun(tracer, 'tourist', start + i * 2_000, [
          [{ city: `c${i}` }, { tempC: i }],
          [{ city: `d${i}` }, { tempC: i + 1 }],
        ])
      await provider.forceFlush()
      const list = async (q: string) =>
        TraceListResponse.parse(await (await fetch(`${c.url}/api/traces?${q}`)).json()).traces
      await waitSettled(c.url)
      expect(await list('limit=1000')).toHaveLength(150)
      // then a run of 20 turns (40 steps, all different): far past 3 × the median of 4, though under the fixed cap
      const runaway = agentRun(
        tracer,
        'tourist',
        start + 500_000,
        Array.from({ length: 20 }, (_, i): Turn => [{ city: `x${i}` }, { tempC: 100 + i }]),
      )
      await provider.forceFlush()
      await provider.shutdown()
      await waitSettled(c.url)
      const detail = TraceDetailResponse.parse(await (await fetch(`${c.url}/api/traces/${runaway}`)).json())
      const budget = detail.findings.find((f) => f.detector === 'step-budget')
      expect(budget).toBeDefined()
      expect(budget!.message).toContain('tourist')
      expect((await list('hasFindings=true')).map((t) => t.traceId)).toEqual([runaway])
    } finally {
      await c.stop()
      removeDataDir(c.dataDir)
    }
  })
})

describe('detector thresholds from LOUPE_DETECTORS', () => {
  it('applies them on read and at settle time', async () => {
    const c = await startCollector({
      env: { LOUPE_SETTLE_MS: '200', LOUPE_DETECTORS: '{"repeatWarning": 10, "repeatCritical": 20}' },
    })
    try {
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'weather-bot' }),
        spanProcessors: [
          new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${c.url}/v1/traces`, concurrencyLimit: 500 })),
        ],
      })
      const traceId = stuckRun(provider.getTracer('thresholds'), Date.now() - 60_000)
      await provider.forceFlush()
      await provider.shutdown()
      const detail = TraceDetailResponse.parse(await (await fetch(`${c.url}/api/traces/${traceId}`)).json())
      // 7 identical calls are under the raised threshold of 10
      expect(detail.findings.map((f) => f.detector)).not.toContain('repeated-tool-call')
    } finally {
      await c.stop()
      removeDataDir(c.dataDir)
    }
  })
})

describe('late spans', () => {
  it('re-settle a trace: a loop that grows after settling gets its finding', async () => {
    const c = await startCollector({ env: { LOUPE_SETTLE_MS: '200' } })
    try {
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'weather-bot' }),
        spanProcessors: [
          new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${c.url}/v1/traces`, concurrencyLimit: 500 })),
        ],
      })
      const tracer = provider.getTracer('late')
      const start = Date.now() - 60_000
      const root = tracer.startSpan('invoke_agent stuck', {
        startTime: start,
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'stuck' },
      })
      const ctx = trace.setSpan(context.active(), root)
      const call = (i: number) => {
        const t = tracer.startSpan(
          'execute_tool get_weather',
          {
            startTime: start + i * 1000,
            attributes: {
              'gen_ai.operation.name': 'execute_tool',
              'gen_ai.tool.name': 'get_weather',
              'gen_ai.tool.call.arguments': '{"city":"Paris"}',
              'gen_ai.tool.call.result': '{"tempC":21}',
            },
          },
          ctx,
        )
        t.end(start + i * 1000 + 200)
      }
      call(0)
      call(1) // two identical calls: not yet a loop
      root.end(start + 10_000)
      await provider.forceFlush()
      const list = async (q: string) =>
        TraceListResponse.parse(await (await fetch(`${c.url}/api/traces?${q}`)).json()).traces
      await waitSettled(c.url)
      expect(await list('')).toHaveLength(1)
      expect(await list('hasFindings=true')).toEqual([])
      // more of the same call arrive late, in the same trace
      for (let i = 2; i < 6; i++) call(i)
      await provider.forceFlush()
      await provider.shutdown()
      await waitSettled(c.url)
      const flagged = await list('hasFindings=true')
      expect(flagged.map((t) => t.traceId)).toEqual([root.spanContext().traceId])
      expect(flagged[0]!.spanCount).toBe(7)
    } finally {
      await c.stop()
      removeDataDir(c.dataDir)
    }
  })
})
