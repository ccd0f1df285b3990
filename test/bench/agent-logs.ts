/**
 * @module bench/agent-logs
 * Realistic agent logs for benchmarks, as instrumented agents send them: for every LLM call a
 * `gen_ai.client.inference.operation.details` event (event name set, the body a map with the
 * system instructions and the input and output messages, a few hundred bytes at the first step to
 * about 2 KB at the last, as the conversation grows) and two or three application log lines
 * (INFO, and WARN for one call in three: short string bodies, a few attributes), all in the trace
 * and span of their call. Emitted through the real logs SDK and serialized by OTel's own protobuf
 * serializer in batches of `batchSize` records (the SDK's batch processor exports 512 at most).
 */
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api'
import type { Logger } from '@opentelemetry/api-logs'
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { randomBytes } from 'node:crypto'
import { MODELS, prose, providerOf, TOOLS } from './agent-spans.ts'

const WORDS = (
  'flight hotel budget direct layover aisle window breakfast refund voucher museum tram river ' +
  'sunset booking receipt passport luggage transfer district harbour castle tile pastry weather'
).split(' ')

const STEPS = 7

/** One agent run's logs: STEPS LLM calls, each followed by the tool it asks for, in one trace. */
function agentRun(genai: Logger, app: Logger, i: number): void {
  const traceId = randomBytes(16).toString('hex')
  const inSpan = () =>
    trace.setSpanContext(ROOT_CONTEXT, {
      traceId,
      spanId: randomBytes(8).toString('hex'),
      traceFlags: TraceFlags.SAMPLED,
    })
  const start = Date.now() - 60_000
  for (let step = 0; step < STEPS; step++) {
    const model = MODELS[(i + step) % MODELS.length]!
    const tool = TOOLS[step % TOOLS.length]!
    const llm = inSpan()
    // a Date, not a number: the SDK reads a number of milliseconds before its own start as performance time
    const at = (ms: number) => new Date(start + step * 1000 + ms)
    app.emit({
      body: `sending chat request to ${model} (${2 + step * 2} messages)`,
      severityNumber: 9,
      severityText: 'INFO',
      attributes: {
        'gen_ai.request.model': model,
        'server.address': `api.${providerOf(model)}.com`,
        'agent.step': step,
      },
      timestamp: at(0),
      context: llm,
    })
    if ((i + step) % 3 === 0)
      app.emit({
        body: `rate limited by ${providerOf(model)}, retrying in 250 ms`,
        severityNumber: 13,
        severityText: 'WARN',
        attributes: { 'http.response.status_code': 429, 'retry.attempt': 1 },
        timestamp: at(120),
        context: llm,
      })
    // the conversation grows with each step: the history, then this step's question
    const history = Array.from({ length: step }, (_, s) => ({
      role: 'tool',
      parts: [{ type: 'tool_call_response', id: `call_${i}_${s}`, response: prose(i * 31 + s, 22, WORDS) }],
    }))
    genai.emit({
      eventName: 'gen_ai.client.inference.operation.details',
      body: {
        'gen_ai.system_instructions': [{ type: 'text', content: 'You are a travel planner. Use the tools.' }],
        'gen_ai.input.messages': [
          ...history,
          { role: 'user', parts: [{ type: 'text', content: `Step ${step}: ${prose(i * 7 + step, 20, WORDS)}` }] },
        ],
        'gen_ai.output.messages': [
          {
            role: 'assistant',
            parts: [{ type: 'tool_call', id: `call_${i}_${step}`, name: tool, arguments: { city: 'Lisbon', step } }],
            finish_reason: 'tool_call',
          },
        ],
      },
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': providerOf(model),
        'gen_ai.request.model': model,
      },
      timestamp: at(700),
      context: llm,
    })
    app.emit({
      body: `tool ${tool} returned ${3 + ((i + step) % 9)} items`,
      severityNumber: 9,
      severityText: 'INFO',
      attributes: { 'gen_ai.tool.name': tool, 'tool.duration_ms': 180 + ((i * 13 + step) % 90) },
      timestamp: at(990),
      context: inSpan(),
    })
  }
}

/**
 * `count` protobuf request bodies of `batchSize` log records each, with the trace ids each holds
 * (to give a replay new traces, see `withGeneration`).
 */
export async function agentLogBatches(
  count: number,
  batchSize: number,
): Promise<{ bodies: Uint8Array[]; traceIds: string[][] }> {
  const exporter = new InMemoryLogRecordExporter()
  const loggers = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-agent', 'service.version': '1.0.0' }),
    processors: [new SimpleLogRecordProcessor(exporter)],
  })
  const genai = loggers.getLogger('opentelemetry.instrumentation.openai_v2', '2.1b0')
  const app = loggers.getLogger('bench-agent.planner')
  const bodies: Uint8Array[] = []
  const traceIds: string[][] = []
  let run = 0
  for (let b = 0; b < count; b++) {
    exporter.reset()
    while (exporter.getFinishedLogRecords().length < batchSize) agentRun(genai, app, run++)
    const batch = exporter.getFinishedLogRecords().slice(0, batchSize)
    traceIds.push([...new Set(batch.map((r) => r.spanContext?.traceId ?? ''))].filter(Boolean))
    bodies.push(ProtobufLogsSerializer.serializeRequest(batch)!)
  }
  await loggers.shutdown()
  return { bodies, traceIds }
}
