/**
 * The drift report end to end: seeded agent runs sent through the real OTLP/protobuf exporter into
 * a reference window (2–7 days ago) and the current window (the last 24 hours), then read back
 * from GET /api/reports/drift once every trace has settled.
 *
 * - "steady" runs the same way in both windows: nothing may be flagged.
 * - "slowed" takes twice as long per gpt-4o call and makes more steps per trace in the current
 *   window: latency and steps must be flagged.
 * - "rare" has a handful of runs: insufficient data.
 */
import { context, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { AlertsResponse, DriftResponse, TraceListResponse, type DriftFeature, type DriftGroup } from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logNormals, mulberry32 } from '../../collector/src/drift/testing.ts'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getJson } from '../utils/agent-exporter.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { until, waitSettled } from '../utils/until.ts'
import { startReceiver, type Receiver } from '../utils/webhook-receiver.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const NOW = Date.now() - 60_000
const TRACES = 130

interface RunShape {
  /** tool-using turns: each is an LLM call then a tool call; a final LLM call answers */
  turns: number
  latencyFactor: number
}

/** What was sent, so the test knows the exact sample sizes. */
const sent = { llmStarts: new Map<string, number[]>(), traceStarts: new Map<string, number[]>() }
const record = (map: Map<string, number[]>, key: string, at: number) => map.set(key, [...(map.get(key) ?? []), at])

function run(tracer: Tracer, rand: () => number, agent: string, startMs: number, shape: RunShape): void {
  const root = tracer.startSpan(`invoke_agent ${agent}`, {
    startTime: startMs,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent },
  })
  const ctx = trace.setSpan(context.active(), root)
  record(sent.traceStarts, agent, startMs)
  let at = startMs + 10
  const llm = () => {
    const [latency] = logNormals(rand, 1, 800 * shape.latencyFactor, 0.3)
    const [input] = logNormals(rand, 1, 1000, 0.4)
    const [output] = logNormals(rand, 1, 120, 0.4)
    const span = tracer.startSpan(
      'chat gpt-4o',
      {
        startTime: at,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.model': 'gpt-4o',
          'gen_ai.usage.input_tokens': Math.round(input!),
          'gen_ai.usage.output_tokens': Math.round(output!),
        },
      },
      ctx,
    )
    span.end(at + latency!)
    record(sent.llmStarts, agent, at)
    at += latency! + 5
  }
  const tool = (failed: boolean) => {
    const span = tracer.startSpan(
      'execute_tool search',
      {
        startTime: at,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'search',
          'gen_ai.tool.call.arguments': JSON.stringify({ q: at }),
        },
      },
      ctx,
    )
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' })
    span.end(at + 200)
    at += 205
  }
  for (let t = 0; t < shape.turns; t++) {
    llm()
    tool(rand() < 0.05)
  }
  llm()
  root.end(at)
}

/** `count` runs spread evenly over [fromMs, toMs), their turns drawn from `turns`. */
function runs(
  tracer: Tracer,
  seed: number,
  agent: string,
  fromMs: number,
  toMs: number,
  count: number,
  turns: number[],
  latencyFactor = 1,
): void {
  const rand = mulberry32(seed)
  for (let i = 0; i < count; i++) {
    const shape = { turns: turns[Math.floor(rand() * turns.length)]!, latencyFactor }
    run(tracer, rand, agent, Math.round(fromMs + (i * (toMs - fromMs)) / count), shape)
  }
}

const feature = (groups: DriftGroup[], agent: string, model: string, id: DriftFeature['feature']): DriftFeature => {
  const g = groups.find((x) => x.agentName === agent && x.model === model)
  if (!g) throw new Error(`no group ${agent}/${model} in ${groups.map((x) => `${x.agentName}/${x.model}`).join(', ')}`)
  return g.features.find((f) => f.feature === id)!
}

describe('drift report', () => {
  let c: RunningCollector
  let receiver: Receiver
  let rulesDir = ''
  const REF = { from: NOW - 7 * DAY, to: NOW - 2 * DAY }
  const CUR = { from: NOW - 22 * HOUR, to: NOW - HOUR }
  const get = async (query: string): Promise<DriftResponse> => {
    const res = await fetch(`${c.url}/api/reports/drift${query}`)
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${await res.text()}`)
    return DriftResponse.parse(await res.json())
  }

  beforeAll(async () => {
    receiver = await startReceiver()
    rulesDir = mkdtempSync(join(tmpdir(), 'loupe-drift-alerts-'))
    const rules = join(rulesDir, 'alerts.json')
    writeFileSync(
      rules,
      JSON.stringify({
        channels: { ops: { type: 'webhook', url: receiver.url } },
        rules: [{ name: 'latency-drift', when: { drift: { feature: 'latency-ms' } }, notify: ['ops'] }],
      }),
    )
    c = await startCollector({
      env: { LOUPE_SETTLE_MS: '300', LOUPE_ALERTS_FILE: rules, LOUPE_ALERTS_SCHEDULED_MS: '1000' },
    })
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'drift-bot' }),
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${c.url}/v1/traces`, concurrencyLimit: 500 }), {
          maxQueueSize: 20_000,
          maxExportBatchSize: 1000,
          scheduledDelayMillis: 100,
        }),
      ],
    })
    const tracer = provider.getTracer('drift-test')
    runs(tracer, 1, 'steady', REF.from, REF.to, TRACES, [1, 2, 3])
    runs(tracer, 2, 'steady', CUR.from, CUR.to, TRACES, [1, 2, 3])
    runs(tracer, 3, 'slowed', REF.from, REF.to, TRACES, [1, 2, 3])
    runs(tracer, 4, 'slowed', CUR.from, CUR.to, TRACES, [3, 4, 5], 2)
    runs(tracer, 5, 'rare', REF.from, REF.to, 8, [1, 2])
    runs(tracer, 6, 'rare', CUR.from, CUR.to, 8, [1, 2])
    await provider.forceFlush()
    await provider.shutdown()
    const total = [...sent.traceStarts.values()].reduce((n, v) => n + v.length, 0)
    await waitSettled(c.url, { timeoutMs: 30_000 })
    const list = TraceListResponse.parse(
      await (await fetch(`${c.url}/api/traces?from=${NOW - 8 * DAY}&limit=1000`)).json(),
    )
    expect(list.traces).toHaveLength(total)
  })
  afterAll(async () => {
    await c.stop()
    await receiver.close()
    removeDataDir(c.dataDir)
    rmSync(rulesDir, { recursive: true, force: true })
  })

  it('fires a drift rule for the agent whose feature drifted, and for no other', async () => {
    const { alerts } = await until(
      () => getJson(`${c.url}/api/alerts?from=${Date.now() - HOUR}&state=firing`, AlertsResponse),
      (r) => r.alerts.length > 0 && r.alerts.every((a) => a.deliveries[0]?.status === 'delivered'),
      { what: 'the drift alert, delivered' },
    )
    expect(alerts.map((a) => a.subject)).toEqual([{ kind: 'agent', value: 'slowed' }])
    expect(alerts[0]!.message).toMatch(/^agent slowed on gpt-4o: latency-ms drifted \(effect /)
    expect(alerts[0]!.value).toBeGreaterThan(alerts[0]!.threshold)
    expect((receiver.accepted() as Array<{ subject: { value: string } }>).map((a) => a.subject.value)).toContain(
      'slowed',
    )
  })

  const inRange = (starts: number[] | undefined, r: { fromMs: number; toMs: number }) =>
    (starts ?? []).filter((t) => t >= r.fromMs && t < r.toMs).length

  it('flags the slowed agent’s latency and steps, with the statistics behind the verdict', async () => {
    const body = await get('')
    expect(new Date(body.current.to).getTime()).toBeGreaterThan(NOW)
    expect(new Date(body.current.to).getTime() - new Date(body.current.from).getTime()).toBe(DAY)
    expect(body.reference.to).toBe(body.current.from)
    expect(new Date(body.reference.to).getTime() - new Date(body.reference.from).getTime()).toBe(7 * DAY)
    expect(body).toMatchObject({ alpha: 0.05, minSamples: 100 })

    const latency = feature(body.groups, 'slowed', 'gpt-4o', 'latency-ms')
    const llmCalls = sent.llmStarts.get('slowed')!
    expect(latency).toMatchObject({
      test: 'ks',
      status: 'ok',
      drifted: true,
      threshold: 0.1,
      nRef: llmCalls.filter((t) => t < NOW - DAY).length,
      nCur: llmCalls.filter((t) => t >= NOW - DAY).length,
    })
    expect(latency.nRef).toBeGreaterThanOrEqual(150)
    expect(latency.statistic!).toBeGreaterThan(0.5)
    expect(latency.effectSize).toBe(latency.statistic)
    expect(latency.pValue!).toBeLessThan(1e-10)
    expect(latency.pAdjusted!).toBeGreaterThanOrEqual(latency.pValue!)
    expect(latency.quantiles.cur!.p50 / latency.quantiles.ref!.p50).toBeCloseTo(2, 0)
    expect(latency.relativeMedianShift!).toBeGreaterThan(0.7)
    expect(latency.histogram!.scale).toBe('log')
    expect(latency.histogram!.cur.reduce((a, b) => a + b, 0)).toBe(latency.nCur)

    const steps = feature(body.groups, 'slowed', '', 'steps-per-trace')
    expect(steps).toMatchObject({ test: 'chi-square', status: 'ok', drifted: true, nRef: TRACES, nCur: TRACES })
    expect(steps.effectSize!).toBeGreaterThan(0.1)
    // steps = 2·turns + 1: 3, 5, 7 before, 7, 9, 11 now
    expect(steps.quantiles.ref!.p50).toBe(5)
    expect(steps.quantiles.cur!.p50).toBe(9)
    expect(steps.histogram!.scale).toBe('categories')
    expect(steps.histogram!.labels.length).toBe(steps.histogram!.ref.length)

    const slowed = body.groups.filter((g) => g.agentName === 'slowed')
    expect(slowed.every((g) => g.drifted)).toBe(true)
    expect(body.groups.slice(0, 2).map((g) => g.agentName)).toEqual(['slowed', 'slowed'])
  })

  it('flags nothing for the steady agent', async () => {
    const body = await get('')
    const steady = body.groups.filter((g) => g.agentName === 'steady')
    expect(steady.map((g) => g.model).sort()).toEqual(['', 'gpt-4o'])
    for (const g of steady) {
      for (const f of g.features) {
        expect(f.status, f.feature).toBe('ok')
        expect(f.drifted, f.feature).toBe(false)
      }
    }
    expect(feature(body.groups, 'steady', '', 'trace-error-rate')).toMatchObject({ nRef: TRACES, nCur: TRACES })
    expect(feature(body.groups, 'steady', '', 'retries-per-trace').histogram!.scale).toBe('categories')
  })

  it('reports insufficient data for an agent with a few runs', async () => {
    const body = await get('')
    const rare = body.groups.filter((g) => g.agentName === 'rare')
    expect(rare).toHaveLength(2)
    for (const f of rare.flatMap((g) => g.features)) {
      expect(f).toMatchObject({ status: 'insufficient-data', drifted: false, pValue: null, pAdjusted: null })
      expect(f.nRef).toBeLessThan(100)
    }
    expect(feature(body.groups, 'rare', '', 'steps-per-trace')).toMatchObject({ nRef: 8, nCur: 8 })
  })

  it('takes an explicit reference window', async () => {
    const ref = { fromMs: NOW - 5 * DAY, toMs: NOW - 3 * DAY }
    const body = await get(`?referenceFrom=${ref.fromMs}&referenceTo=${new Date(ref.toMs).toISOString()}`)
    expect(body.reference).toEqual({ from: new Date(ref.fromMs).toISOString(), to: new Date(ref.toMs).toISOString() })
    const latency = feature(body.groups, 'steady', 'gpt-4o', 'latency-ms')
    expect(latency.nRef).toBe(inRange(sent.llmStarts.get('steady'), ref))
    expect(latency.nRef).toBeLessThan(feature((await get('')).groups, 'steady', 'gpt-4o', 'latency-ms').nRef)
    expect(feature(body.groups, 'steady', '', 'steps-per-trace').nRef).toBe(
      inRange(sent.traceStarts.get('steady'), ref),
    )
  })

  it('filters by agent and model', async () => {
    const body = await get('?agent=slowed&model=gpt-4o')
    expect(body.groups.map((g) => [g.agentName, g.model])).toEqual([
      ['slowed', ''],
      ['slowed', 'gpt-4o'],
    ])
    expect((await get('?model=claude-sonnet-4-5')).groups).toEqual([])
  })

  it.each([
    ['alpha=2', 'alpha'],
    ['referenceFrom=yesterday', 'referenceFrom'],
    [`referenceFrom=${NOW - 2 * DAY}&referenceTo=${NOW - 3 * DAY}`, 'referenceFrom'],
    [`referenceFrom=${NOW - 2 * DAY}&referenceTo=${NOW}`, 'overlaps'],
    [`from=${NOW}&to=${NOW - DAY}`, 'from'],
    ['window=7d', 'window'],
  ])('answers 400 to %s, naming it', async (query, named) => {
    const res = await fetch(`${c.url}/api/reports/drift?${query}`)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain(named)
  })
})
