/**
 * Every convention's agent run (test/fixtures/agent-runs.ts), sent by the three real OTel
 * exporters — OTLP/HTTP JSON, OTLP/HTTP protobuf and OTLP/gRPC — to one real collector, then read
 * back through `GET /api/traces/:traceId` and checked field by field against the hand-worked
 * expectations. The three encodings must normalise to identical spans (ids aside).
 *
 * JSON goes through a SimpleSpanProcessor, so every span is its own request and children arrive
 * before their parents (agent names must still be inherited at read time); protobuf and gRPC go
 * through a BatchSpanProcessor, so a whole run shares a request.
 */
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc'
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base'
import type { Span } from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AGENT_RUNS,
  langfuse,
  spanKeys,
  type AgentRun,
  type EmittedRun,
  type ExpectedSpan,
} from '../fixtures/agent-runs.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { fetchTrace, recording } from '../utils/exporter-results.ts'

/** Ten minutes ago on a whole second: inside any retention, and identical for every encoding. */
const T0 = Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000
const RESOURCE = {
  'service.name': 'loupe-exporters-test',
  'service.version': '1.2.3',
  'deployment.environment.name': 'ci',
}

type Encoding = 'http/json' | 'http/protobuf' | 'grpc'
const ENCODINGS: readonly Encoding[] = ['http/json', 'http/protobuf', 'grpc']

interface Sent {
  run: AgentRun
  emitted: EmittedRun
}

/** Emits `runs` through a fresh provider on `exporter`, flushes, and shuts the provider down. */
async function sendRuns(
  exporter: SpanExporter,
  batch: boolean,
  runs: readonly AgentRun[],
): Promise<{ sent: Sent[]; failures: string[] }> {
  const failures: string[] = []
  const rec = recording(exporter, failures)
  const processor = batch
    ? new BatchSpanProcessor(rec, { maxExportBatchSize: 1000, scheduledDelayMillis: 60_000 })
    : new SimpleSpanProcessor(rec)
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes(RESOURCE), spanProcessors: [processor] })
  const sent = runs.map((run) => ({ run, emitted: run.emit(provider.getTracer(run.scope, '1.0.0'), T0) }))
  await provider.forceFlush()
  await provider.shutdown()
  return { sent, failures }
}

async function fetchAll(baseUrl: string, sent: readonly Sent[]): Promise<Map<string, Span[]>> {
  const traces = await Promise.all(
    sent.map(({ emitted }) => fetchTrace(baseUrl, emitted.traceId, Object.keys(emitted.expected).length)),
  )
  return new Map(sent.map(({ run }, i) => [run.name, traces[i] as Span[]]))
}

/** Spans by fixture key (`name`, `name#2`, ...), each with its parent's key. */
function keyed(spans: readonly Span[]): Map<string, { span: Span; parent: string | null }> {
  const keys = spanKeys(
    spans,
    (s) => s.name,
    (s) => BigInt(s.startTimeUnixNano),
  )
  const byId = new Map(spans.map((s) => [s.spanId, s]))
  const out = new Map<string, { span: Span; parent: string | null }>()
  for (const span of spans) {
    let parent: string | null = null
    if (span.parentSpanId !== null) {
      const parentSpan = byId.get(span.parentSpanId)
      parent = parentSpan === undefined ? `missing ${span.parentSpanId}` : (keys.get(parentSpan) as string)
    }
    out.set(keys.get(span) as string, { span, parent })
  }
  return out
}

/** Every expected field of every span, with the cost compared to 6 decimals (well under a cent). */
function assertRun(spans: readonly Span[], expected: Readonly<Record<string, ExpectedSpan>>): void {
  const actual = keyed(spans)
  expect([...actual.keys()].sort()).toEqual(Object.keys(expected).sort())
  for (const [key, want] of Object.entries(expected)) {
    const got = actual.get(key)
    if (got === undefined) continue
    const { span } = got
    const view: ExpectedSpan = {
      parent: got.parent,
      kind: span.kind,
      durationMs: span.durationMs,
      model: span.model,
      provider: span.provider,
      inputTokens: span.inputTokens,
      outputTokens: span.outputTokens,
      cacheReadTokens: span.cacheReadTokens,
      cacheWriteTokens: span.cacheWriteTokens,
      reasoningTokens: span.reasoningTokens,
      costUsd: span.costUsd,
      costSource: span.costSource,
      isRollup: span.isRollup,
      toolName: span.toolName,
      toolArguments: span.toolArguments,
      agentName: span.agentName,
      sessionId: span.sessionId,
      userId: span.userId,
      mcpSessionId: span.mcpSessionId,
    }
    const { costUsd, ...fields } = view
    const { costUsd: wantCost, ...wantFields } = want
    expect.soft(fields, key).toEqual(wantFields)
    if (wantCost === null) expect.soft(costUsd, `${key} costUsd`).toBeNull()
    else expect.soft(costUsd, `${key} costUsd`).toBeCloseTo(wantCost, 6)
  }
}

/** A trace's spans with every id replaced by the fixture key, for comparing encodings. */
function withoutIds(spans: readonly Span[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, { span, parent }] of keyed(spans)) {
    const { traceId: _t, spanId: _s, parentSpanId: _p, ...rest } = span
    out[key] = { ...rest, parent }
  }
  return out
}

describe('real OTLP exporters → collector → normalised spans', () => {
  let collector: RunningCollector
  const received = new Map<Encoding, Map<string, Span[]> | Error>()
  const failures = new Map<Encoding, string[]>()
  const sentBy = new Map<Encoding, Sent[]>()

  beforeAll(async () => {
    collector = await startCollector()
    const exporters: Record<Encoding, () => { exporter: SpanExporter; batch: boolean }> = {
      // one request per span, all ended in a burst: lift the default limit of 30 requests in flight
      'http/json': () => ({
        exporter: new JsonExporter({ url: `${collector.url}/v1/traces`, concurrencyLimit: 200 }),
        batch: false,
      }),
      'http/protobuf': () => ({ exporter: new ProtoExporter({ url: `${collector.url}/v1/traces` }), batch: true }),
      grpc: () => ({ exporter: new GrpcExporter({ url: `http://127.0.0.1:${collector.grpcPort}` }), batch: true }),
    }
    await Promise.all(
      ENCODINGS.map(async (encoding) => {
        const { exporter, batch } = exporters[encoding]()
        const { sent, failures: failed } = await sendRuns(exporter, batch, AGENT_RUNS)
        failures.set(encoding, failed)
        sentBy.set(encoding, sent)
        // one encoding failing must not hide the others: its tests rethrow this error
        const traces = await fetchAll(collector.url, sent).catch(
          (e: unknown) => new Error(`${encoding}: ${String(e)}; export failures: ${failed.join('; ') || 'none'}`),
        )
        received.set(encoding, traces)
      }),
    )
  })

  afterAll(async () => {
    if (collector === undefined) return
    await collector.stop()
    removeDataDir(collector.dataDir)
  })

  describe.each(ENCODINGS)('%s', (encoding) => {
    it('exports every span without an error', () => {
      expect(failures.get(encoding)).toEqual([])
      const spans = [...traces(encoding).values()].flat()
      expect(spans).toHaveLength(AGENT_RUNS.reduce((n, r) => n + Object.keys(sentRun(encoding, r).expected).length, 0))
      expect(new Set(spans.map((s) => s.serviceName))).toEqual(new Set(['loupe-exporters-test']))
    })

    it.each(AGENT_RUNS.map((run) => [run.name, run] as const))('%s', (_name, run) => {
      const spans = traces(encoding).get(run.name) ?? []
      assertRun(spans, sentRun(encoding, run).expected)
      expect(new Set(spans.map((s) => s.scopeName))).toEqual(new Set([run.scope]))
    })
  })

  function traces(encoding: Encoding): Map<string, Span[]> {
    const got = received.get(encoding)
    if (got === undefined) throw new Error(`nothing was sent over ${encoding}`)
    if (got instanceof Error) throw got
    return got
  }

  function sentRun(encoding: Encoding, run: AgentRun): EmittedRun {
    const found = sentBy.get(encoding)?.find((s) => s.run === run)
    if (found === undefined) throw new Error(`${run.name} was not sent over ${encoding}`)
    return found.emitted
  }

  it.each(AGENT_RUNS.map((run) => [run.name, run] as const))(
    '%s normalises identically over all three encodings',
    (_name, run) => {
      const [json, proto, grpc] = ENCODINGS.map((e) => withoutIds(traces(e).get(run.name) ?? []))
      expect(Object.keys(json ?? {})).not.toHaveLength(0)
      expect(proto).toEqual(json)
      expect(grpc).toEqual(json)
    },
  )

  it("accepts the Langfuse SDK's route /api/public/otel/v1/traces (protobuf, Basic auth)", async () => {
    const exporter = new ProtoExporter({
      url: `${collector.url}/api/public/otel/v1/traces`,
      headers: { Authorization: `Basic ${Buffer.from('pk-lf-test:sk-lf-test').toString('base64')}` },
    })
    const run: AgentRun = { name: 'Langfuse via its own route', scope: 'langfuse-sdk', emit: langfuse }
    const { sent, failures: failed } = await sendRuns(exporter, true, [run])
    expect(failed).toEqual([])
    const emitted = (sent[0] as Sent).emitted
    const spans = await fetchTrace(collector.url, emitted.traceId, Object.keys(emitted.expected).length)
    assertRun(spans, emitted.expected)
  })
})
