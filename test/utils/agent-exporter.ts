/**
 * @module test/utils/agent-exporter
 * What tests of running agents share: an OTel SDK tracer exporting OTLP/protobuf to a collector
 * as the agent runs, and a typed read of the query API.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'

/** A provider for one service whose batch processor exports every `delayMs`. */
export function exporterTo(url: string, service: string, delayMs = 200) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }), { scheduledDelayMillis: delayMs }),
    ],
  })
  return { provider, tracer: provider.getTracer('agent') }
}

/** GET a query API URL, parsed by its response schema; any status but 200 throws with the body. */
export async function getJson<T>(url: string, schema: { parse: (v: unknown) => T }): Promise<T> {
  const res = await fetch(url)
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`)
  return schema.parse(await res.json())
}
