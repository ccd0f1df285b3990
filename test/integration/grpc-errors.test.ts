/**
 * OTLP/gRPC against a real collector with API keys: the real gRPC exporter, gzip-compressed, is
 * stored in its key's project, and bad calls get the status and message that say what was wrong
 * (INVALID_ARGUMENT is not retried by SDKs, UNAUTHENTICATED names the header, RESOURCE_EXHAUSTED
 * stops a gzip bomb at the size limit) while the server stays up.
 */
import * as grpc from '@grpc/grpc-js'
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'

const LIMIT = 1024 * 1024
const EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export'
const KEY = 'grpc-key-a'

describe('OTLP/gRPC with API keys', () => {
  let c: RunningCollector
  let client: grpc.Client
  beforeAll(async () => {
    c = await startCollector({ env: { LOUPE_MAX_BODY_BYTES: String(LIMIT), LOUPE_API_KEYS: `team-a:${KEY}` } })
    // gzip on every call, as an exporter configured with compression sends
    client = new grpc.Client(`127.0.0.1:${c.grpcPort}`, grpc.credentials.createInsecure(), {
      'grpc.default_compression_algorithm': 2,
    })
  })
  afterAll(async () => {
    client?.close()
    expect(await c.stop()).toBe(0)
    removeDataDir(c.dataDir)
  })

  const raw = (body: Buffer, key: string | null = KEY) =>
    new Promise<grpc.ServiceError | null>((resolve) => {
      const metadata = new grpc.Metadata()
      if (key !== null) metadata.set('authorization', `Bearer ${key}`)
      client.makeUnaryRequest(
        EXPORT,
        (b: Buffer) => b,
        (b: Buffer) => b,
        body,
        metadata,
        (err) => resolve(err ?? null),
      )
    })

  it('stores what the real exporter sends gzip-compressed, in the key’s project', async () => {
    const metadata = new grpc.Metadata()
    metadata.set('authorization', `Bearer ${KEY}`)
    const exporter = new OTLPTraceExporter({
      url: `http://127.0.0.1:${c.grpcPort}`,
      metadata,
      compression: CompressionAlgorithm.GZIP,
    })
    const failures: string[] = []
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'grpc-test' }),
      spanProcessors: [
        new SimpleSpanProcessor({
          export: (spans, done) =>
            exporter.export(spans, (r) => {
              if (r.error) failures.push(String(r.error))
              done(r)
            }),
          shutdown: () => exporter.shutdown(),
        }),
      ],
    })
    const span = provider.getTracer('grpc-test').startSpan('chat gpt-4o', {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 100,
      },
    })
    span.end()
    await provider.shutdown()
    expect(failures).toEqual([])
    const traceId = span.spanContext().traceId
    const res = await fetch(`${c.url}/api/traces/${traceId}`, { headers: { authorization: `Bearer ${KEY}` } })
    expect(res.status).toBe(200)
    const { spans } = (await res.json()) as {
      spans: Array<{ kind: string; model: string; inputTokens: number; costUsd: number }>
    }
    expect(spans.map((s) => [s.kind, s.model, s.inputTokens])).toEqual([['llm', 'gpt-4o', 1000]])
    // gpt-4o: $2.50 in and $10 out per million tokens
    expect(spans[0]!.costUsd).toBeCloseTo(0.0035, 6)
  })

  it('answers a call without a key with UNAUTHENTICATED naming the header', async () => {
    const err = await raw(Buffer.alloc(0), null)
    expect(err?.code).toBe(grpc.status.UNAUTHENTICATED)
    expect(err?.details).toContain('authorization: Bearer')
  })

  it('answers a truncated request with INVALID_ARGUMENT saying where', async () => {
    const err = await raw(Buffer.from([0x0a, 0xc8, 0x01, 0x0a, 0x00, 0x12]))
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT)
    expect(err?.details).toBe('invalid protobuf: message truncated at byte 3')
  })

  it('stops a gzip bomb at the size limit with RESOURCE_EXHAUSTED', async () => {
    // 64 MiB of zeros gzip to about 64 KiB on the wire
    const err = await raw(Buffer.alloc(64 * 1024 * 1024))
    expect(err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED)
    expect(err?.details).toContain(String(LIMIT))
  })

  it('is still up and accepting after all of that', async () => {
    expect(await raw(Buffer.alloc(0))).toBeNull()
    expect((await fetch(`${c.url}/api/health`)).status).toBe(200)
  })
})
