/**
 * The query API on a real collector, fed by the real OTLP/protobuf exporter: filters, sorting,
 * pagination without gaps or repeats, cost totals reconciled to the cent across trace summaries
 * and reports, rollups never counted twice, tool attribution, sessions, timeseries, facets, and
 * project isolation. Every span is its own export (SimpleSpanProcessor), so children arrive before
 * their agent parents and agent grouping depends on the settler.
 */
import { context, trace, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import {
  CostReportResponse,
  FacetsResponse,
  SessionDetailResponse,
  SessionListResponse,
  TimeseriesResponse,
  TraceDetailResponse,
  TraceListResponse,
  type TraceSummary,
} from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { until, waitSettled } from '../utils/until.ts'

const TRACES = 30
const NOW = Date.now()
const PRICE = { gpt4o: { in: 2.5e-6, out: 10e-6 }, sonnet: { in: 3e-6, out: 15e-6 } }

/** Trace i's LLM usage; tokens repeat every 10 traces so costs tie and pagination must break ties. */
function usage(i: number) {
  return { gptIn: 1000 + (i % 10) * 100, gptOut: 100 + (i % 10) * 10, sonnetIn: 2000, sonnetOut: 200 }
}
function expectedCost(i: number): number {
  const u = usage(i)
  return (
    u.gptIn * PRICE.gpt4o.in +
    u.gptOut * PRICE.gpt4o.out +
    u.sonnetIn * PRICE.sonnet.in +
    u.sonnetOut * PRICE.sonnet.out
  )
}
const agentOf = (i: number) => (i % 2 === 0 ? 'planner' : 'researcher')
const serviceOf = (i: number) => `svc-${i % 3}`

function agentRun(tracer: Tracer, i: number): void {
  const start = NOW - (i + 1) * 60_000
  const u = usage(i)
  const root = tracer.startSpan(`invoke_agent ${agentOf(i)}`, {
    startTime: start,
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': agentOf(i),
      'session.id': `session-${i % 5}`,
      'user.id': `user-${i % 4}`,
      // summed usage of the children: a rollup, never to be counted again
      'gen_ai.usage.input_tokens': u.gptIn + u.sonnetIn,
      'gen_ai.usage.output_tokens': u.gptOut + u.sonnetOut,
      'gen_ai.request.model': 'gpt-4o',
    },
  })
  const ctx = trace.setSpan(context.active(), root)
  const llm = (model: string, at: number, input: number, output: number, text: string) => {
    const s = tracer.startSpan(
      `chat ${model}`,
      {
        kind: SpanKind.CLIENT,
        startTime: start + at,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': model,
          'gen_ai.usage.input_tokens': input,
          'gen_ai.usage.output_tokens': output,
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: text }] }]),
        },
      },
      ctx,
    )
    s.end(start + at + 500)
  }
  llm('gpt-4o', 100, u.gptIn, u.gptOut, i === 13 ? 'find the zanzibar itinerary' : `plan step ${i}`)
  const tool = tracer.startSpan(
    'execute_tool search',
    {
      startTime: start + 700,
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'search',
        'gen_ai.tool.call.arguments': JSON.stringify({ q: `topic ${i}` }),
      },
    },
    ctx,
  )
  if (i % 7 === 0) tool.setStatus({ code: SpanStatusCode.ERROR, message: 'search backend timed out' })
  tool.end(start + 900 + i * 10)
  llm('claude-sonnet-4-5', 1000, u.sonnetIn, u.sonnetOut, 'summarise')
  root.end(start + 2000 + (i % 4) * 1000)
}

async function sendRuns(url: string, key: string, service: (i: number) => string, indexes: number[]): Promise<void> {
  for (const svc of new Set(indexes.map(service))) {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': svc }),
      spanProcessors: [
        new SimpleSpanProcessor(
          new OTLPTraceExporter({
            url: `${url}/v1/traces`,
            headers: { authorization: `Bearer ${key}` },
            concurrencyLimit: 500,
          }),
        ),
      ],
    })
    const tracer = provider.getTracer('query-test')
    for (const i of indexes.filter((x) => service(x) === svc)) agentRun(tracer, i)
    await provider.forceFlush()
    await provider.shutdown()
  }
}

describe('query API', () => {
  let c: RunningCollector
  const get = async <T>(path: string, schema: { parse: (v: unknown) => T }, key = 'key-a'): Promise<T> => {
    const res = await fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${key}` } })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return schema.parse(await res.json())
  }
  const listAll = async (query: string): Promise<TraceSummary[]> => {
    const out: TraceSummary[] = []
    let cursor: string | null = null
    do {
      const page: TraceListResponse = await get(
        `/api/traces?${query}${cursor ? `&cursor=${cursor}` : ''}`,
        TraceListResponse,
      )
      out.push(...page.traces)
      cursor = page.nextCursor
    } while (cursor)
    return out
  }

  const waitForListed = (path: string, count: number) =>
    until(
      () => get(path, TraceListResponse),
      (page) => page.traces.length >= count,
      { what: `${path} to list ${count} traces` },
    )

  beforeAll(async () => {
    c = await startCollector({ env: { LOUPE_API_KEYS: 'team-a:key-a,team-b:key-b', LOUPE_SETTLE_MS: '300' } })
    await sendRuns(
      c.url,
      'key-a',
      serviceOf,
      Array.from({ length: TRACES }, (_, i) => i),
    )
    await sendRuns(c.url, 'key-b', () => 'other-team', [100, 101, 102])
    // wait for the settler: every trace listed, every LLM span grouped under its agent
    await waitSettled(c.url)
    expect((await get('/api/traces?limit=1000', TraceListResponse)).traces).toHaveLength(TRACES)
  })
  afterAll(async () => {
    await c.stop()
    removeDataDir(c.dataDir)
  })

  it('lists every trace newest first, with totals that skip rollups', async () => {
    const { traces, nextCursor } = await get('/api/traces', TraceListResponse)
    expect(traces).toHaveLength(TRACES)
    expect(nextCursor).toBeNull()
    const starts = traces.map((t) => BigInt(t.startTimeUnixNano))
    expect(starts).toEqual([...starts].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)))
    const t5 = traces.find(
      (t) =>
        t.rootName === 'invoke_agent researcher' &&
        t.spanCount === 4 &&
        t.startTimeUnixNano === traces[5]!.startTimeUnixNano,
    )!
    const u = usage(5)
    expect(t5).toMatchObject({
      llmCalls: 2,
      toolCalls: 1,
      spanCount: 4,
      inputTokens: u.gptIn + u.sonnetIn,
      outputTokens: u.gptOut + u.sonnetOut,
      serviceNames: ['svc-2'],
      agentNames: ['researcher'],
      models: ['claude-sonnet-4-5', 'gpt-4o'],
      sessionId: 'session-0',
      userId: 'user-1',
      errorCount: 0,
      unpricedCalls: 0,
      findingCount: 0,
    })
    expect(t5.costUsd).toBeCloseTo(expectedCost(5), 10)
    expect(t5.durationMs).toBe(3000)
  })

  it.each([
    ['service=svc-1', (i: number) => i % 3 === 1],
    ['agent=planner', (i: number) => i % 2 === 0],
    ['userId=user-3', (i: number) => i % 4 === 3],
    ['sessionId=session-2', (i: number) => i % 5 === 2],
    ['status=error', (i: number) => i % 7 === 0],
    [`minCostUsd=${expectedCost(7) - 1e-9}`, (i: number) => i % 10 >= 7],
    ['minDurationMs=4500', (i: number) => i % 4 === 3],
    ['q=ZANZIBAR', (i: number) => i === 13],
    ['model=claude-sonnet-4-5&service=svc-0', (i: number) => i % 3 === 0],
    ['hasFindings=true', () => false],
  ])('filters by %s', async (query, matches) => {
    const { traces } = await get(`/api/traces?${query}`, TraceListResponse)
    const expected = Array.from({ length: TRACES }, (_, i) => i).filter(matches).length
    expect(traces).toHaveLength(expected)
  })

  it.each(['startTime', 'costUsd', 'durationMs', 'spanCount'] as const)(
    'pages through sort=%s without gaps or repeats',
    async (sort) => {
      for (const order of ['asc', 'desc'] as const) {
        const all = await listAll(`sort=${sort}&order=${order}&limit=7`)
        expect(all).toHaveLength(TRACES)
        expect(new Set(all.map((t) => t.traceId)).size).toBe(TRACES)
        const key = (t: TraceSummary) =>
          sort === 'startTime'
            ? Number(BigInt(t.startTimeUnixNano) / 1000n)
            : sort === 'costUsd'
              ? t.costUsd
              : sort === 'durationMs'
                ? t.durationMs
                : t.spanCount
        const values = all.map(key)
        const sorted = [...values].sort((a, b) => (order === 'asc' ? a - b : b - a))
        expect(values).toEqual(sorted)
      }
    },
  )

  it('reconciles the cost report with the trace summaries, to the cent and beyond', async () => {
    const traces = await listAll('limit=1000')
    const summaryCost = traces.reduce((a, t) => a + t.costUsd, 0)
    const summaryInput = traces.reduce((a, t) => a + t.inputTokens, 0)
    const expected = Array.from({ length: TRACES }, (_, i) => expectedCost(i)).reduce((a, b) => a + b, 0)
    expect(summaryCost).toBeCloseTo(expected, 9)
    for (const groupBy of [
      'model',
      'service',
      'agent',
      'tool',
      'user',
      'session',
      'trace',
      'day',
      'hour',
      'agent,model',
      'tool,user',
    ]) {
      const report = await get(`/api/reports/cost?groupBy=${groupBy}`, CostReportResponse)
      const rowCost = report.rows.reduce((a, r) => a + r.costUsd, 0)
      expect(rowCost, groupBy).toBeCloseTo(report.totals.costUsd, 9)
      expect(
        report.rows.reduce((a, r) => a + r.inputTokens, 0),
        groupBy,
      ).toBe(report.totals.inputTokens)
      expect(report.totals.costUsd, groupBy).toBeCloseTo(expected, 9)
      expect(report.totals.inputTokens, groupBy).toBe(summaryInput)
      expect(report.totals.llmCalls, groupBy).toBe(2 * TRACES)
    }
  })

  it('groups by model and agent with the expected numbers', async () => {
    const byModel = await get('/api/reports/cost?groupBy=model', CostReportResponse)
    const gpt = byModel.rows.find((r) => r.dimensions['model'] === 'gpt-4o')!
    const gptIn = Array.from({ length: TRACES }, (_, i) => usage(i).gptIn).reduce((a, b) => a + b, 0)
    expect(gpt.inputTokens).toBe(gptIn) // the rollup root also names gpt-4o, but adds nothing
    expect(gpt.llmCalls).toBe(TRACES)
    const byAgent = await get('/api/reports/cost?groupBy=agent', CostReportResponse)
    expect(byAgent.rows.map((r) => r.dimensions['agent']).sort()).toEqual(['planner', 'researcher'])
    const planner = byAgent.rows.find((r) => r.dimensions['agent'] === 'planner')!
    expect(planner.costUsd).toBeCloseTo(
      Array.from({ length: TRACES }, (_, i) => (i % 2 === 0 ? expectedCost(i) : 0)).reduce((a, b) => a + b, 0),
      9,
    )
  })

  it('attributes the LLM call that requested a tool to that tool, and counts tool calls and time', async () => {
    const byTool = await get('/api/reports/cost?groupBy=tool', CostReportResponse)
    const search = byTool.rows.find((r) => r.dimensions['tool'] === 'search')!
    const none = byTool.rows.find((r) => r.dimensions['tool'] === '')!
    // the gpt-4o call precedes the search under the same parent; the claude call follows it
    const gptCost = Array.from(
      { length: TRACES },
      (_, i) => usage(i).gptIn * PRICE.gpt4o.in + usage(i).gptOut * PRICE.gpt4o.out,
    ).reduce((a, b) => a + b, 0)
    expect(search.costUsd).toBeCloseTo(gptCost, 9)
    expect(search.toolCalls).toBe(TRACES)
    expect(search.toolDurationMs).toBeCloseTo(
      Array.from({ length: TRACES }, (_, i) => 200 + i * 10).reduce((a, b) => a + b, 0),
      6,
    )
    expect(none.llmCalls).toBe(TRACES)
  })

  it('serves the report as CSV with a header line and a download name', async () => {
    const res = await fetch(`${c.url}/api/reports/cost?groupBy=model,service&format=csv`, {
      headers: { authorization: 'Bearer key-a' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="loupe-cost-model-service-.*\.csv"/)
    const lines = (await res.text()).trim().split('\r\n')
    expect(lines[0]).toBe(
      'model,service,spanCount,llmCalls,toolCalls,toolDurationMs,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,reasoningTokens,costUsd,unpricedCalls,wastedCostUsd,runningCostUsd',
    )
    const json = await get('/api/reports/cost?groupBy=model,service', CostReportResponse)
    expect(lines).toHaveLength(json.rows.length + 1)
  })

  it('draws timeseries with every bucket and the same total', async () => {
    const to = Math.floor(NOW / 60_000) * 60_000 // whole minutes: exactly 40 buckets
    const from = to - 40 * 60_000
    const ts = await get(
      `/api/reports/timeseries?interval=minute&from=${from}&to=${to}&groupBy=model&top=1`,
      TimeseriesResponse,
    )
    expect(ts.buckets).toHaveLength(40)
    expect(ts.series.map((s) => s.key)).toEqual(['claude-sonnet-4-5', 'other'])
    for (const s of ts.series) expect(s.values).toHaveLength(40)
    const total = ts.series.flatMap((s) => s.values).reduce((a, b) => a + b, 0)
    const report = await get(`/api/reports/cost?groupBy=model&from=${from}&to=${to}`, CostReportResponse)
    expect(total).toBeCloseTo(report.totals.costUsd, 9)
    const errors = await get(`/api/reports/timeseries?interval=hour&metric=errors`, TimeseriesResponse)
    expect(errors.series[0]!.values.reduce((a, b) => a + b, 0)).toBe(
      Array.from({ length: TRACES }, (_, i) => i).filter((i) => i % 7 === 0).length,
    )
    const p95 = await get(`/api/reports/timeseries?interval=day&metric=p95DurationMs`, TimeseriesResponse)
    expect(Math.max(...p95.series[0]!.values)).toBe(5000)
  })

  it('lists facets for the filters', async () => {
    const f = await get('/api/facets', FacetsResponse)
    expect(f.services).toEqual(['svc-0', 'svc-1', 'svc-2'])
    expect(f.agents).toEqual(['planner', 'researcher'])
    expect(f.models).toEqual(['claude-sonnet-4-5', 'gpt-4o'])
    expect(f.users).toEqual(['user-0', 'user-1', 'user-2', 'user-3'])
    expect(f.tools).toEqual(['search'])
  })

  it('groups traces into sessions, and a session into its turns', async () => {
    const { sessions } = await get('/api/sessions', SessionListResponse)
    expect(sessions).toHaveLength(5)
    const s2 = sessions.find((s) => s.sessionId === 'session-2')!
    const members = Array.from({ length: TRACES }, (_, i) => i).filter((i) => i % 5 === 2)
    expect(s2.traceCount).toBe(members.length)
    expect(s2.costUsd).toBeCloseTo(
      members.map(expectedCost).reduce((a, b) => a + b, 0),
      9,
    )
    const detail = await get('/api/sessions/session-2', SessionDetailResponse)
    expect(detail.traces).toHaveLength(members.length)
    const starts = detail.traces.map((t) => BigInt(t.startTimeUnixNano))
    expect(starts).toEqual([...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(detail.session.costUsd).toBeCloseTo(s2.costUsd, 9)
    const paged = await get('/api/sessions?limit=2', SessionListResponse)
    expect(paged.sessions).toHaveLength(2)
    expect(paged.nextCursor).not.toBeNull()
  })

  it('returns a trace with its summary and settled agent names', async () => {
    const { traces } = await get('/api/traces?limit=1', TraceListResponse)
    const detail = await get(`/api/traces/${traces[0]!.traceId}`, TraceDetailResponse)
    expect(detail.summary).toEqual(traces[0])
    expect(detail.spans).toHaveLength(4)
    expect(new Set(detail.spans.map((s) => s.agentName))).toEqual(new Set([traces[0]!.agentNames[0]]))
  })

  it('keeps one trace whole when its spans come from two services (an agent calling an MCP server)', async () => {
    const exporter = () =>
      new SimpleSpanProcessor(
        new OTLPTraceExporter({ url: `${c.url}/v1/traces`, headers: { authorization: 'Bearer key-a' } }),
      )
    const gateway = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'gateway-agent' }),
      spanProcessors: [exporter()],
    })
    const mcp = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'weather-mcp' }),
      spanProcessors: [exporter()],
    })
    const root = gateway.getTracer('a2a').startSpan('invoke_agent gateway', {
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'gateway' },
    })
    // the MCP server continues the caller's trace from the propagated context
    const remote = mcp.getTracer('mcp').startSpan(
      'tools/call get_weather',
      {
        kind: SpanKind.SERVER,
        attributes: { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'get_weather' },
      },
      trace.setSpan(context.active(), root),
    )
    remote.end()
    root.end()
    await Promise.all([gateway.forceFlush(), mcp.forceFlush()])
    const traceId = root.spanContext().traceId
    await waitForListed(`/api/traces?service=weather-mcp`, 1)
    const detail = await get(`/api/traces/${traceId}`, TraceDetailResponse)
    expect(detail.summary.serviceNames).toEqual(['gateway-agent', 'weather-mcp'])
    expect(detail.summary).toMatchObject({ spanCount: 2, toolCalls: 1, rootName: 'invoke_agent gateway' })
    const listed = await get('/api/traces?service=weather-mcp', TraceListResponse)
    expect(listed.traces.map((t) => t.traceId)).toEqual([traceId])
    await Promise.all([gateway.shutdown(), mcp.shutdown()])
  })

  it('keeps projects apart', async () => {
    await until(
      () => get('/api/traces', TraceListResponse, 'key-b'),
      (page) => page.traces.length >= 3,
      { what: "project b's three traces" },
    )
    const b = await get('/api/traces', TraceListResponse, 'key-b')
    expect(b.traces).toHaveLength(3)
    expect(b.traces.every((t) => t.serviceNames[0] === 'other-team')).toBe(true)
    const reportB = await get('/api/reports/cost?groupBy=service', CostReportResponse, 'key-b')
    expect(reportB.rows.map((r) => r.dimensions['service'])).toEqual(['other-team'])
    expect(reportB.totals.costUsd).toBeCloseTo(
      [100, 101, 102].map(expectedCost).reduce((a, b) => a + b, 0),
      9,
    )
    const res = await fetch(`${c.url}/api/traces/${b.traces[0]!.traceId}`, {
      headers: { authorization: 'Bearer key-a' },
    })
    expect(res.status).toBe(404)
  })
})
