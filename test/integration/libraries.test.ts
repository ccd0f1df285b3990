/**
 * Real instrumentation libraries, run the way their users set them up, against local fake
 * OpenAI and Anthropic APIs (test/fixtures/libraries/), and sent by the three real OTel
 * exporters — OTLP/HTTP JSON, OTLP/HTTP protobuf and OTLP/gRPC — to one real collector. Loupe's
 * figures must be the true ones, those the fake APIs billed (issue 16):
 * - one model call is counted once, however many instrumentations see it: the Anthropic SDK's own
 *   span under OpenInference's or OpenLLMetry's, LangChain's `ChatOpenAI` beside the OpenAI
 *   instrumentation's span; both spans stay visible in trace detail;
 * - input tokens include the cached ones, also where OpenLLMetry sends Anthropic's uncached count;
 * - cost is the list price of the billed usage, in trace detail, the trace list and the cost report;
 * - a LangChain agent calling get_weather({"city":"Paris"}) five times is a repeated-tool-call
 *   finding, and a tool's result shows as the message content, not LangChain's envelope.
 *
 * JSON goes through a SimpleSpanProcessor (a request per span), protobuf and gRPC through a
 * BatchSpanProcessor, as in exporters.test.ts. Runs are sequential: the libraries trace through
 * the one global tracer provider.
 */
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc'
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base'
import { CostReportResponse, FindingsResponse, TraceDetailResponse, TraceListResponse, type Span } from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listRates, trueFigures, type TrueFigures } from '../fixtures/libraries/billing.ts'
import { startFakeApis, WEATHER, type FakeApis } from '../fixtures/libraries/fake-apis.ts'
import { runScenario, SCENARIOS, type LibraryScenario, type ScenarioRun } from '../fixtures/libraries/scenarios.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { recording } from '../utils/exporter-results.ts'
import { waitSettled } from '../utils/until.ts'

type Encoding = 'http/json' | 'http/protobuf' | 'grpc'
const ENCODINGS: readonly Encoding[] = ['http/json', 'http/protobuf', 'grpc']

interface Sent {
  run: ScenarioRun
  failures: string[]
}

function processorFor(encoding: Encoding, collector: RunningCollector, failures: string[]): SpanProcessor {
  switch (encoding) {
    case 'http/json':
      return new SimpleSpanProcessor(
        recording(new JsonExporter({ url: `${collector.url}/v1/traces`, concurrencyLimit: 200 }), failures),
      )
    case 'http/protobuf':
      return new BatchSpanProcessor(recording(new ProtoExporter({ url: `${collector.url}/v1/traces` }), failures), {
        maxExportBatchSize: 1000,
        scheduledDelayMillis: 60_000,
      })
    case 'grpc':
      return new BatchSpanProcessor(
        recording(new GrpcExporter({ url: `http://127.0.0.1:${collector.grpcPort}` }), failures),
        {
          maxExportBatchSize: 1000,
          scheduledDelayMillis: 60_000,
        },
      )
  }
}

/** The LLM spans as a failure shows them: which counted, and their times relative to the first. */
function llmSpans(spans: readonly Span[]): string {
  const llm = spans.filter((s) => s.kind === 'llm')
  const t0 = llm.reduce(
    (min, s) => (BigInt(s.startTimeUnixNano) < min ? BigInt(s.startTimeUnixNano) : min),
    BigInt(llm[0]?.startTimeUnixNano ?? 0),
  )
  const ms = (ns: string) => (Number(BigInt(ns) - t0) / 1e6).toFixed(3)
  return llm
    .map(
      (s) =>
        `${s.name} [${s.scopeName}] ${ms(s.startTimeUnixNano)}–${ms(s.endTimeUnixNano)} ms in ${s.inputTokens} out ${s.outputTokens}${s.isRollup ? ' not counted' : ''}`,
    )
    .join('; ')
}

/** The figures Loupe reports that the truth is held to. */
function figures(
  m: Pick<TrueFigures, 'llmCalls' | 'inputTokens' | 'outputTokens' | 'cacheReadTokens'>,
): Record<string, number> {
  return {
    llmCalls: m.llmCalls,
    inputTokens: m.inputTokens,
    outputTokens: m.outputTokens,
    cacheReadTokens: m.cacheReadTokens,
  }
}

describe('real instrumentation libraries → fake APIs → OTLP exporters → collector', () => {
  let collector: RunningCollector
  let apis: FakeApis
  const sent = new Map<string, Sent>()
  const key = (encoding: Encoding, scenario: LibraryScenario) => `${encoding} ${scenario.id}`

  const get = async <T>(path: string, schema: { parse: (v: unknown) => T }): Promise<T> => {
    const res = await fetch(`${collector.url}${path}`)
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return schema.parse(await res.json())
  }

  /** Waits until nothing is left to settle, then checks every sent trace is listed. */
  async function settled(traceIds: ReadonlySet<string>): Promise<void> {
    await waitSettled(collector.url, { timeoutMs: 30_000 })
    const listed = new Set((await get('/api/traces?limit=1000', TraceListResponse)).traces.map((t) => t.traceId))
    expect([...traceIds].filter((id) => !listed.has(id))).toEqual([])
  }

  beforeAll(async () => {
    collector = await startCollector({ env: { LOUPE_SETTLE_MS: '200' } })
    apis = await startFakeApis()
    for (const encoding of ENCODINGS) {
      for (const scenario of SCENARIOS) {
        const failures: string[] = []
        const run = await runScenario(scenario, apis, processorFor(encoding, collector, failures))
        sent.set(key(encoding, scenario), { run, failures })
      }
    }
    await settled(new Set([...sent.values()].flatMap((s) => s.run.traceIds)))
  })

  afterAll(async () => {
    await apis?.close()
    if (collector === undefined) return
    await collector.stop()
    removeDataDir(collector.dataDir)
  })

  function sentRun(
    encoding: Encoding,
    scenario: LibraryScenario,
  ): { traceId: string; truth: TrueFigures; failures: string[] } {
    const s = sent.get(key(encoding, scenario))
    if (s === undefined) throw new Error(`${scenario.id} was not run over ${encoding}`)
    expect(s.run.traceIds, 'one trace per run').toHaveLength(1)
    return {
      traceId: s.run.traceIds[0]!,
      truth: trueFigures(s.run.billed, listRates(scenario.priced.provider, scenario.priced.model)),
      failures: s.failures,
    }
  }

  describe.each(ENCODINGS)('%s', (encoding) => {
    it.each(SCENARIOS.map((s) => [s.id, s] as const))(
      '%s: counts each billed call once, cache included, at its list price',
      async (_id, scenario) => {
        const { traceId, truth, failures } = sentRun(encoding, scenario)
        expect(failures).toEqual([])
        const detail = await get(`/api/traces/${traceId}`, TraceDetailResponse)
        expect
          .soft(figures(detail.summary), `trace detail summary; LLM spans: ${llmSpans(detail.spans)}`)
          .toEqual(figures(truth))
        expect.soft(detail.summary.costUsd, 'trace detail costUsd').toBeCloseTo(truth.costUsd, 9)

        const listed = (await get('/api/traces?limit=1000', TraceListResponse)).traces.find(
          (t) => t.traceId === traceId,
        )
        expect.soft(listed && figures(listed), 'trace list').toEqual(figures(truth))
        expect.soft(listed?.costUsd, 'trace list costUsd').toBeCloseTo(truth.costUsd, 9)

        const report = await get('/api/reports/cost?groupBy=trace', CostReportResponse)
        const row = report.rows.find((r) => r.dimensions['trace'] === traceId)
        expect.soft(row && { ...figures(row), cacheWriteTokens: row.cacheWriteTokens }, 'cost report row').toEqual({
          ...figures(truth),
          cacheWriteTokens: truth.cacheWriteTokens,
        })
        expect.soft(row?.costUsd, 'cost report costUsd').toBeCloseTo(truth.costUsd, 9)
      },
    )

    it.each(SCENARIOS.map((s) => [s.id, s] as const))(
      '%s: keeps every instrumentation’s span of each call visible, repeats marked',
      async (_id, scenario) => {
        const { traceId } = sentRun(encoding, scenario)
        const { spans } = await get(`/api/traces/${traceId}`, TraceDetailResponse)
        const byId = new Map(spans.map((s) => [s.spanId, s]))
        const outer = scenario.callSpans[0]!
        const calls = []
        for (const [i, want] of scenario.callSpans.entries()) {
          const found = spans.filter((s) => s.scopeName === want.scope && s.name === want.name)
          expect(found, `${want.scope} ${want.name}`).toHaveLength(scenario.apiCalls)
          for (const s of found) expect(s.kind, `${want.name} kind`).toBe('llm')
          // the SDK's own span sits inside the Anthropic instrumentation's
          if (i > 0 && scenario.api === 'anthropic') {
            for (const s of found) expect(byId.get(s.parentSpanId ?? '')?.name).toBe(outer.name)
          }
          calls.push(...found)
        }
        // one span of each call counts; the others say which span counts it
        const counted = calls.filter((s) => s.countedIn === null)
        expect(counted, `counted call spans; LLM spans: ${llmSpans(spans)}`).toHaveLength(scenario.apiCalls)
        for (const s of calls.filter((c) => c.countedIn !== null)) {
          expect(s.isRollup, `${s.name} repeats a call: not added to totals`).toBe(true)
          expect(
            counted.map((c) => c.spanId),
            `${s.name} countedIn`,
          ).toContain(s.countedIn)
        }
      },
    )
  })

  describe.each(ENCODINGS)('%s LangChain agent', (encoding) => {
    const agent = SCENARIOS.find((s) => s.id === 'langchain-agent')!

    it('finds get_weather({"city":"Paris"}) called five times as a repeated tool call', async () => {
      const { traceId } = sentRun(encoding, agent)
      const { findings } = await get('/api/findings?detector=repeated-tool-call&limit=1000', FindingsResponse)
      const mine = findings.filter((f) => f.traceId === traceId)
      expect(mine.map((f) => ({ count: f.count, weather: f.message.includes('get_weather') }))).toEqual([
        { count: 5, weather: true },
      ])
    })

    it('shows each tool result as the message content, not the serialised ToolMessage', async () => {
      const { traceId } = sentRun(encoding, agent)
      const { spans } = await get(`/api/traces/${traceId}`, TraceDetailResponse)
      const tools = spans.filter((s) => s.kind === 'tool')
      expect(tools.map((s) => s.toolName)).toEqual(Array(5).fill('get_weather'))
      expect(tools.map((s) => s.toolResult)).toEqual(Array(5).fill(WEATHER))
    })
  })
})
