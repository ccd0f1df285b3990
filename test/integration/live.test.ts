/**
 * Running traces end to end: an agent that loops for about 20 s (an LLM call and the same tool
 * call with the same answer every second), exported as it runs by the OTel SDK's batch processor.
 * While it runs, it is listed as running, its spend is in the cost report and its loop is in
 * /api/findings, provisional. Once it stops and settles: one row, settled, at the exact cost of
 * its LLM calls. Then a restart while a trace runs: it comes back from storage and goes on.
 */
import { context, trace, type Span, type Tracer } from '@opentelemetry/api'
import {
  CostReportResponse,
  FindingsResponse,
  SessionListResponse,
  TraceDetailResponse,
  TraceListResponse,
} from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exporterTo, getJson as get } from '../utils/agent-exporter.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { until, waitSettled } from '../utils/until.ts'

/** Quiet for 4 s means finished: the agent below never pauses that long while it runs. */
const SETTLE_MS = '4000'

/** One step of a stuck agent: a 5,000-token LLM call, then the same tool call with the same answer. */
function step(tracer: Tracer, root: Span): void {
  const ctx = trace.setSpan(context.active(), root)
  const llm = tracer.startSpan(
    'chat gpt-4o',
    {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 5000,
        'gen_ai.usage.output_tokens': 40,
        // the root span, which names the session too, arrives only when the agent ends
        'session.id': 'live-s1',
      },
    },
    ctx,
  )
  llm.end()
  const tool = tracer.startSpan(
    'execute_tool get_weather',
    {
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.tool.call.arguments': '{"city":"Paris"}',
        'gen_ai.tool.call.result': '{"temp":18}',
      },
    },
    ctx,
  )
  tool.end()
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('running traces', () => {
  let c: RunningCollector
  beforeAll(async () => {
    c = await startCollector({ env: { LOUPE_SETTLE_MS: SETTLE_MS } })
  })
  afterAll(async () => {
    await c.stop()
    removeDataDir(c.dataDir)
  })

  it('lists, costs and flags an agent while it loops, then settles it once at its exact cost', async () => {
    const { provider, tracer } = exporterTo(c.url, 'looper')
    const root = tracer.startSpan('invoke_agent looper', {
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'looper', 'session.id': 'live-s1' },
    })
    const traceId = root.spanContext().traceId
    const started = Date.now()
    let running = true
    const loop = (async () => {
      while (running) {
        step(tracer, root)
        await sleep(1000)
      }
    })()
    const seen: Record<string, number> = {}
    const provisionalLoop = { firstSpanId: '', count: 0 }
    try {
      // listed as running, with what is known so far
      const listed = await until(
        () => get(`${c.url}/api/traces?state=running`, TraceListResponse),
        (r) => r.traces.some((t) => t.traceId === traceId && t.llmCalls > 0),
        { what: 'the running trace in the list' },
      )
      seen['listed'] = Date.now() - started
      const row = listed.traces.find((t) => t.traceId === traceId)!
      expect(row.running).toBe(true)
      expect(row.costUsd).toBeGreaterThan(0)
      expect(row.serviceNames).toEqual(['looper'])
      expect((await get(`${c.url}/api/traces?state=settled`, TraceListResponse)).traces).toEqual([])

      // its spend is in the cost report, marked as running
      const report = await until(
        () => get(`${c.url}/api/reports/cost?groupBy=model`, CostReportResponse),
        (r) => r.totals.runningCostUsd > 0,
        { what: 'running spend in the cost report' },
      )
      seen['costed'] = Date.now() - started
      expect(report.totals.runningCostUsd).toBe(report.totals.costUsd)
      // the tool calls stand under model ''
      expect(report.rows.filter((r) => r.costUsd > 0).map((r) => r.dimensions['model'])).toEqual(['gpt-4o'])

      // the loop is found while the agent still runs: repeat 3 is a warning, repeat 5 critical
      const findings = await until(
        () => get(`${c.url}/api/findings`, FindingsResponse),
        (r) => r.findings.some((f) => f.traceId === traceId && f.detector === 'repeated-tool-call'),
        { what: 'the loop in /api/findings' },
      )
      seen['flagged'] = Date.now() - started
      const loopFinding = findings.findings.find((f) => f.detector === 'repeated-tool-call')!
      expect(loopFinding.provisional).toBe(true)
      Object.assign(provisionalLoop, { firstSpanId: loopFinding.firstSpanId, count: loopFinding.count })
      expect(loopFinding.message).toContain('get_weather')
      const flaggedRow = (await get(`${c.url}/api/traces?hasFindings=true`, TraceListResponse)).traces
      expect(flaggedRow.map((t) => t.traceId)).toEqual([traceId])

      // the session lists it as running too
      const sessions = await get(`${c.url}/api/sessions`, SessionListResponse)
      expect(sessions.sessions.find((s) => s.sessionId === 'live-s1')?.runningTraces).toBe(1)

      // the row follows what is stored: it keeps growing while the agent runs
      const before = row.spanCount
      await until(
        () => get(`${c.url}/api/traces?state=running`, TraceListResponse),
        (r) => (r.traces.find((t) => t.traceId === traceId)?.spanCount ?? 0) >= before + 4,
        { what: 'the running row to grow' },
      )
      const detail = await get(`${c.url}/api/traces/${traceId}`, TraceDetailResponse)
      expect(detail.summary.running).toBe(true)
      expect(detail.findings.some((f) => f.detector === 'repeated-tool-call')).toBe(true)

      // still running after ~20 s: the agent never went quiet
      while (Date.now() - started < 20_000) await sleep(250)
      const late = await get(`${c.url}/api/traces?state=running`, TraceListResponse)
      expect(late.traces.map((t) => t.traceId)).toEqual([traceId])
    } finally {
      running = false
      await loop
    }
    root.end()
    await provider.forceFlush()
    await provider.shutdown()
    await waitSettled(c.url, { timeoutMs: 30_000 })

    const all = await get(`${c.url}/api/traces`, TraceListResponse)
    expect(all.traces.filter((t) => t.traceId === traceId)).toHaveLength(1)
    const settled = all.traces[0]!
    expect(settled.running).toBe(false)
    const detail = await get(`${c.url}/api/traces/${traceId}`, TraceDetailResponse)
    expect(detail.summary.running).toBe(false)
    const llmUnits = detail.spans
      .filter((s) => s.kind === 'llm')
      .reduce((sum, s) => sum + BigInt(Math.round((s.costUsd ?? 0) * 1e12)), 0n)
    expect(settled.spanCount).toBe(detail.spans.length)
    expect(BigInt(Math.round(settled.costUsd * 1e12))).toBe(llmUnits)
    const report = await get(`${c.url}/api/reports/cost?groupBy=model`, CostReportResponse)
    expect(BigInt(Math.round(report.totals.costUsd * 1e12))).toBe(llmUnits)
    expect(report.totals.runningCostUsd).toBe(0)
    expect(report.totals.llmCalls).toBe(settled.llmCalls)
    const findings = await get(`${c.url}/api/findings`, FindingsResponse)
    expect(findings.findings.every((f) => !f.provisional)).toBe(true)
    const confirmed = findings.findings.filter((f) => f.detector === 'repeated-tool-call')
    expect(confirmed).toHaveLength(1)
    // settling confirmed the provisional finding: the same loop, from the same first call, now longer
    expect(confirmed[0]!.firstSpanId).toBe(provisionalLoop.firstSpanId)
    expect(confirmed[0]!.count).toBeGreaterThan(provisionalLoop.count)
    console.info(
      `live delays from the agent's start: listed ${seen['listed']} ms, costed ${seen['costed']} ms, flagged ${seen['flagged']} ms`,
    )
  }, 90_000)
})

describe('a restart while a trace runs', () => {
  let c: RunningCollector
  afterAll(async () => {
    await c.stop()
    removeDataDir(c.dataDir)
  })

  it('brings the running trace back from storage and goes on with it', async () => {
    c = await startCollector({ env: { LOUPE_SETTLE_MS: '8000' } })
    const { dataDir, httpPort } = c
    const { provider, tracer } = exporterTo(c.url, 'restarted')
    const root = tracer.startSpan('invoke_agent restarted', {
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'restarted' },
    })
    const traceId = root.spanContext().traceId
    for (let i = 0; i < 3; i++) step(tracer, root)
    await provider.forceFlush()
    await until(
      () => get(`${c.url}/api/traces?state=running`, TraceListResponse),
      (r) => r.traces.some((t) => t.traceId === traceId && t.spanCount === 6),
      { what: 'the first six spans, running' },
    )
    await c.stop()

    // the same address, as a restarted service keeps it: the agent's exporter goes on
    c = await startCollector({ dataDir, env: { LOUPE_SETTLE_MS: '8000', LOUPE_HTTP_PORT: String(httpPort) } })
    const health = (await (await fetch(`${c.url}/api/health`)).json()) as { runningTraces: number }
    expect(health.runningTraces).toBe(1)
    for (let i = 0; i < 2; i++) step(tracer, root)
    await provider.forceFlush()
    const listed = await until(
      () => get(`${c.url}/api/traces?state=running`, TraceListResponse),
      (r) => r.traces.some((t) => t.traceId === traceId && t.spanCount === 10),
      { what: 'all ten spans, running, after the restart' },
    )
    expect(listed.traces).toHaveLength(1)
    expect(listed.traces[0]!.llmCalls).toBe(5)

    root.end()
    await provider.forceFlush()
    await provider.shutdown()
    await waitSettled(c.url, { timeoutMs: 30_000 })
    const all = await get(`${c.url}/api/traces?state=settled`, TraceListResponse)
    const row = all.traces.find((t) => t.traceId === traceId)!
    expect(row.spanCount).toBe(11)
    expect(row.llmCalls).toBe(5)
    expect(row.running).toBe(false)
  }, 90_000)
})
