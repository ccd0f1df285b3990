/**
 * Realistic agent traffic for benchmarks: traces of an agent root, LLM calls with message
 * content and token usage, and tool calls with arguments and results, recorded by the real OTel
 * SDK and serialized by OTel's own protobuf serializer in batches of `batchSize` spans; and
 * agents that keep running ({@link RunningAgents}), for the benches of running traces.
 */
import { context, trace, SpanKind, type Span, type Tracer } from '@opentelemetry/api'
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base'

export const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'gemini-2.5-pro']
export const TOOLS = ['search_flights', 'get_weather', 'book_hotel', 'lookup_user']

/** The provider a model of MODELS belongs to. */
export const providerOf = (model: string) =>
  model.startsWith('claude') ? 'anthropic' : model.startsWith('gemini') ? 'gcp.gemini' : 'openai'
const FILLER =
  'The user wants to plan a trip to Lisbon in spring with a budget of 2000 EUR and prefers direct flights. '

function agentRun(tracer: Tracer, i: number): void {
  const now = Date.now() - 60_000
  const root = tracer.startSpan('invoke_agent planner', {
    startTime: now,
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': `planner-${i % 5}`,
      'gen_ai.conversation.id': `session-${i % 500}`,
      'user.id': `user-${i % 97}`,
    },
  })
  const ctx = trace.setSpan(context.active(), root)
  for (let step = 0; step < 7; step++) {
    const model = MODELS[(i + step) % MODELS.length]!
    const llm = tracer.startSpan(
      `chat ${model}`,
      {
        kind: SpanKind.CLIENT,
        startTime: now + step * 1000,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': providerOf(model),
          'gen_ai.request.model': model,
          'gen_ai.usage.input_tokens': 1200 + step * 300,
          'gen_ai.usage.output_tokens': 150 + step * 10,
          'gen_ai.usage.cache_read.input_tokens': step * 200,
          'gen_ai.input.messages': JSON.stringify([
            { role: 'user', parts: [{ type: 'text', content: FILLER.repeat(4) + `step ${step}` }] },
          ]),
          'gen_ai.output.messages': JSON.stringify([
            {
              role: 'assistant',
              parts: [{ type: 'tool_call', name: TOOLS[step % 4], arguments: { city: 'Lisbon', step } }],
            },
          ]),
        },
      },
      ctx,
    )
    llm.end(now + step * 1000 + 700)
    const tool = TOOLS[step % TOOLS.length]!
    const toolSpan = tracer.startSpan(
      `execute_tool ${tool}`,
      {
        startTime: now + step * 1000 + 710,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': tool,
          'gen_ai.tool.call.id': `call_${i}_${step}`,
          'gen_ai.tool.call.arguments': JSON.stringify({ city: 'Lisbon', date: '2026-04-01', step }),
          'gen_ai.tool.call.result': JSON.stringify({ ok: true, items: [FILLER] }),
        },
      },
      ctx,
    )
    toolSpan.end(now + step * 1000 + 990)
  }
  root.end(now + 7000)
}

/** Returns `count` protobuf request bodies of about `batchSize` spans each (15 spans a trace). */
export async function agentBatches(
  count: number,
  batchSize: number,
): Promise<{ bodies: Uint8Array[]; spans: ReadableSpan[][] }> {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-agent', 'service.version': '1.0.0' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  })
  const tracer = provider.getTracer('bench')
  const bodies: Uint8Array[] = []
  const spans: ReadableSpan[][] = []
  let run = 0
  for (let b = 0; b < count; b++) {
    exporter.reset()
    while (exporter.getFinishedSpans().length < batchSize) agentRun(tracer, run++)
    const batch = exporter.getFinishedSpans().slice(0, batchSize)
    spans.push(batch)
    bodies.push(ProtobufTraceSerializer.serializeRequest(batch)!)
  }
  await provider.shutdown()
  return { bodies, spans }
}

/**
 * Where each body holds trace-id bytes, so a replay can make its traces new: a benchmark that
 * re-sends the same traces keeps them from ever going quiet, and the settler never runs.
 */
export function traceIdOffsets(body: Uint8Array, batch: readonly ReadableSpan[]): number[] {
  return idOffsets(
    body,
    batch.map((s) => s.spanContext().traceId),
  )
}

/** Where each body holds the bytes of these hex ids (log records' trace ids, for one). */
export function idOffsets(body: Uint8Array, ids: Iterable<string>): number[] {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  const offsets: number[] = []
  for (const id of new Set(ids)) {
    const needle = Buffer.from(id, 'hex')
    for (let at = buf.indexOf(needle); at !== -1; at = buf.indexOf(needle, at + needle.length)) offsets.push(at)
  }
  return offsets
}

/**
 * A copy of `body` with new trace ids for `generation`, same spans: each id's first four bytes are
 * XORed with a mix of the generation. The mix is a bijection, so generations never collide, and
 * the ids stay spread over the whole id space as real random ids are (writing the generation
 * itself would cluster each pass's traces together in the sorting key, which flatters reads by
 * trace id).
 */
export function withGeneration(body: Uint8Array, offsets: readonly number[], generation: number): Buffer {
  const copy = Buffer.from(body)
  const mask = generationMask(generation)
  for (const at of offsets) copy.writeUInt32BE((copy.readUInt32BE(at) ^ mask) >>> 0, at)
  return copy
}

/** A hex trace id as `withGeneration` rewrites it in a body: its first four bytes XORed with the same mix. */
export function traceIdWithGeneration(traceId: string, generation: number): string {
  const head = (Number.parseInt(traceId.slice(0, 8), 16) ^ generationMask(generation)) >>> 0
  return head.toString(16).padStart(8, '0') + traceId.slice(8)
}

/** murmur3's 32-bit finaliser of generation + 1: a bijection on 32 bits, never 0 for generation 0. */
function generationMask(generation: number): number {
  let h = (generation + 1) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

const TOPICS = ['retry policy', 'billing export', 'search ranking', 'session cache', 'audit log', 'rate limiter']
const WORDS = (
  'table index query cache retry timeout budget invoice ledger export parser schema column partition merge ' +
  'replica shard lease token session cookie header payload buffer stream socket thread worker queue batch ' +
  'commit rollback snapshot restore upgrade config secret policy audit metric alert dashboard trace span'
).split(' ')

/** `count` words drawn from `words` by a seeded LCG: text that differs from one step to the next. */
export function prose(seed: number, count: number, words: readonly string[] = WORDS): string {
  let x = seed >>> 0
  const out: string[] = []
  for (let k = 0; k < count; k++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    out.push(words[x % words.length]!)
  }
  return out.join(' ')
}

/**
 * Agents that keep running, as an agent exporting as it goes sends them: each agent's root span is
 * started at once and sent only by `finish`; every `step(i)` adds agent i an LLM call and the
 * tool call it asks for, timed now, under its root. The steps differ (the prompt, the file and the
 * query name the step), so no step repeats another; a long agent still passes its step budget.
 */
export class RunningAgents {
  private readonly exporter = new InMemorySpanExporter()
  private readonly provider: BasicTracerProvider
  private readonly tracer: Tracer
  private readonly roots: Span[] = []
  private readonly steps: number[] = []
  readonly traceIds: string[] = []

  constructor(service: string, count: number) {
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service, 'service.version': '1.0.0' }),
      spanProcessors: [new SimpleSpanProcessor(this.exporter)],
    })
    this.tracer = this.provider.getTracer('bench-running')
    for (let i = 0; i < count; i++) {
      const root = this.tracer.startSpan('invoke_agent maintainer', {
        startTime: Date.now() - 2000,
        attributes: {
          'gen_ai.operation.name': 'invoke_agent',
          'gen_ai.agent.name': `maintainer-${i % 5}`,
          'gen_ai.conversation.id': `running-session-${i}`,
        },
      })
      this.roots.push(root)
      this.steps.push(0)
      this.traceIds.push(root.spanContext().traceId)
    }
  }

  /** One step of agent i: an LLM call that asks for a tool, then the tool call. */
  step(i: number): void {
    const n = this.steps[i]!++
    const ctx = trace.setSpan(context.active(), this.roots[i]!)
    const now = Date.now()
    const model = MODELS[n % MODELS.length]!
    const tool = TOOLS[n % TOOLS.length]!
    const topic = TOPICS[(n * 7 + i) % TOPICS.length]!
    const args = JSON.stringify({ path: `src/${topic.replace(' ', '_')}/part_${n}.ts`, query: `${topic} ${n}` })
    const llm = this.tracer.startSpan(
      `chat ${model}`,
      {
        kind: SpanKind.CLIENT,
        startTime: now - 1000,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': providerOf(model),
          'gen_ai.request.model': model,
          'gen_ai.usage.input_tokens': 2000 + (n % 50) * 40,
          'gen_ai.usage.output_tokens': 120 + (n % 13) * 9,
          'gen_ai.input.messages': JSON.stringify([
            {
              role: 'user',
              parts: [{ type: 'text', content: `Step ${n} of the ${topic} migration: ${prose(n * 1009 + i, 40)}` }],
            },
          ]),
          'gen_ai.output.messages': JSON.stringify([
            { role: 'assistant', parts: [{ type: 'tool_call', name: tool, arguments: JSON.parse(args) as unknown }] },
          ]),
        },
      },
      ctx,
    )
    llm.end(now - 300)
    const toolSpan = this.tracer.startSpan(
      `execute_tool ${tool}`,
      {
        startTime: now - 290,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': tool,
          'gen_ai.tool.call.id': `call_${i}_${n}`,
          'gen_ai.tool.call.arguments': args,
          'gen_ai.tool.call.result': JSON.stringify({
            ok: true,
            lines: 40 + (n % 200),
            summary: prose(n * 7919 + i, 12),
          }),
        },
      },
      ctx,
    )
    toolSpan.end(now - 10)
  }

  /** Ends agent i: its root span is sent with the next `take`. */
  finish(i: number): void {
    this.roots[i]!.end()
  }

  /** The spans finished since the last take, as one OTLP/protobuf body; null when there are none. */
  take(): { body: Uint8Array; spans: number } | null {
    const finished = this.exporter.getFinishedSpans()
    if (finished.length === 0) return null
    const body = ProtobufTraceSerializer.serializeRequest(finished)!
    this.exporter.reset()
    return { body, spans: finished.length }
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown()
  }
}
