/**
 * For tests that feed a collector through the real OTel exporters: what the exporter reported
 * back, and the stored trace once it is whole.
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace-base'
import { Span, TraceId } from '@loupe/schema'
import { z } from 'zod'
import { until } from './until.ts'

const TraceResponse = z.object({ traceId: TraceId, spans: z.array(Span) })

/** Passes results through, remembering every export that did not succeed. */
export function recording(exporter: SpanExporter, failures: string[]): SpanExporter {
  return {
    export: (spans, done) =>
      exporter.export(spans, (result) => {
        if (result.code !== 0 /* ExportResultCode.SUCCESS */) failures.push(String(result.error ?? 'export failed'))
        done(result)
      }),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  }
}

/** The trace once all `count` spans are readable (ingest is batched, so poll briefly). */
export async function fetchTrace(baseUrl: string, traceId: string, count: number): Promise<Span[]> {
  const read = async () => {
    const res = await fetch(`${baseUrl}/api/traces/${traceId}`)
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    const { spans } = TraceResponse.parse(await res.json())
    // the count first, so that a timeout's message shows it before the spans
    return { stored: spans.length, spans }
  }
  const got = await until(read, (r) => r.stored >= count, {
    timeoutMs: 10_000,
    intervalMs: 25,
    what: `trace ${traceId} to hold ${count} spans`,
  })
  return got.spans
}
