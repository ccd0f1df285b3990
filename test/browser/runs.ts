/**
 * @module test/browser/runs
 * The agent runs the browser tests look at, sent through the real OTel SDK and OTLP/protobuf
 * exporter, with every value a test asserts worked out here by hand. Two services, two agents,
 * two users, gpt-4o and claude-sonnet-4-5 calls with OTel JSON messages, tool calls with
 * arguments and results, one failing tool, and one run whose content is hostile HTML.
 *
 * Prices (USD per million tokens, input / output): gpt-4o 2.50 / 10, claude-sonnet-4-5 3 / 15.
 * No cache tokens anywhere, so cost = (input × in + output × out) / 1e6.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Tracer,
} from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { until } from '../utils/until.ts'

export interface PlannedSpan {
  name: string
  /** start and end in ms after the run's start */
  at: readonly [number, number]
  attributes: Attributes
  kind?: SpanKind
  /** makes the span fail, with this exception message */
  error?: string
  children?: readonly PlannedSpan[]
}

export interface BrowserRun {
  key: 'flight' | 'hotel' | 'avatar' | 'refund' | 'acme' | 'lastDay'
  service: 'travel-api' | 'support-api'
  /** how long before "now" the run starts */
  agoMs: number
  root: PlannedSpan
}

const HOUR = 3_600_000
const json = (v: unknown): string => JSON.stringify(v)
const userText = (text: string) => json([{ role: 'user', parts: [{ type: 'text', content: text }] }])
const assistantText = (text: string) =>
  json([{ role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'stop' }])
const assistantCall = (id: string, name: string, args: Record<string, unknown>) =>
  json([{ role: 'assistant', parts: [{ type: 'tool_call', id, name, arguments: args }], finish_reason: 'tool_call' }])

function chat(
  model: 'gpt-4o' | 'claude-sonnet-4-5',
  at: readonly [number, number],
  input: number,
  output: number,
  messages: { in: string; out: string },
): PlannedSpan {
  return {
    name: `chat ${model}`,
    at,
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': model === 'gpt-4o' ? 'openai' : 'anthropic',
      'gen_ai.request.model': model,
      'gen_ai.usage.input_tokens': input,
      'gen_ai.usage.output_tokens': output,
      'gen_ai.input.messages': messages.in,
      'gen_ai.output.messages': messages.out,
    },
  }
}

function tool(
  name: string,
  at: readonly [number, number],
  callId: string,
  args: unknown,
  result: unknown,
  error?: string,
): PlannedSpan {
  return {
    name: `execute_tool ${name}`,
    at,
    ...(error === undefined ? {} : { error }),
    attributes: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': name,
      'gen_ai.tool.call.id': callId,
      'gen_ai.tool.call.arguments': json(args),
      ...(result === undefined ? {} : { 'gen_ai.tool.call.result': json(result) }),
    },
  }
}

function agent(
  title: string,
  name: string,
  user: string,
  session: string | null,
  at: readonly [number, number],
  children: PlannedSpan[],
): PlannedSpan {
  return {
    name: title,
    at,
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': name,
      'user.id': user,
      ...(session === null ? {} : { 'gen_ai.conversation.id': session }),
    },
    children,
  }
}

/** Keys sorted, as the collector stores tool arguments, so the formatted JSON is predictable. */
export const FLIGHT_ARGS = { date: '2026-03-01', from: 'CDG', to: 'HND' }
export const XSS_OUTPUT = '<img src=x onerror=alert(1)>'
export const XSS_TOOL_RESULT = { note: '<script>window.__xss=1</script>' }

export const RUNS: readonly BrowserRun[] = [
  {
    // 10,000 × 2.50 + 1,000 × 10 = 35,000 → $0.035; 12,000 × 2.50 + 2,000 × 10 = 50,000 → $0.050
    key: 'flight',
    service: 'travel-api',
    agoMs: 5 * HOUR,
    root: agent(
      'travel_planner: find a flight',
      'travel_planner',
      'alice',
      'sess-travel-1',
      [0, 6000],
      [
        chat('gpt-4o', [100, 2000], 10_000, 1_000, {
          in: userText('Find me a flight from Paris to Tokyo on 1 March'),
          out: assistantCall('call_f1', 'search_flights', FLIGHT_ARGS),
        }),
        tool('search_flights', [2100, 3100], 'call_f1', FLIGHT_ARGS, { flights: [{ no: 'AF276', eur: 742 }] }),
        chat('gpt-4o', [3200, 5900], 12_000, 2_000, {
          in: userText('Find me a flight from Paris to Tokyo on 1 March'),
          out: assistantText('The cheapest flight is AF276 at 742 EUR.'),
        }),
      ],
    ),
  },
  {
    // 20,000 × 3 + 4,000 × 15 = 120,000 → $0.120; 22,000 × 3 + 2,000 × 15 = 96,000 → $0.096
    key: 'hotel',
    service: 'travel-api',
    agoMs: 3 * HOUR,
    root: agent(
      'travel_planner: book a hotel',
      'travel_planner',
      'alice',
      'sess-travel-1',
      [0, 9000],
      [
        chat('claude-sonnet-4-5', [100, 3000], 20_000, 4_000, {
          in: userText('Book a hotel in Tokyo for three nights'),
          out: assistantCall('call_h1', 'book_hotel', { city: 'Tokyo', nights: 3 }),
        }),
        tool('book_hotel', [3100, 5000], 'call_h1', { city: 'Tokyo', nights: 3 }, undefined, 'no rooms left in Tokyo'),
        chat('claude-sonnet-4-5', [5100, 8900], 22_000, 2_000, {
          in: userText('Book a hotel in Tokyo for three nights'),
          out: assistantText('Sorry, every hotel I tried is full.'),
        }),
      ],
    ),
  },
  {
    // 4,000 × 2.50 + 500 × 10 = 15,000 → $0.015. The hostile run: HTML in an output and a tool result.
    key: 'avatar',
    service: 'support-api',
    agoMs: 2 * HOUR,
    root: agent(
      'support_bot: avatar html',
      'support_bot',
      'bob',
      'sess-support-1',
      [0, 3000],
      [
        chat('gpt-4o', [100, 1500], 4_000, 500, {
          in: userText('What HTML shows my avatar?'),
          out: assistantText(XSS_OUTPUT),
        }),
        tool('lookup_account', [1600, 2500], 'call_a1', { account: 'bob' }, XSS_TOOL_RESULT),
      ],
    ),
  },
  {
    // 5,000 × 3 + 1,000 × 15 = 30,000 → $0.030; 6,000 × 2.50 + 800 × 10 = 23,000 → $0.023
    key: 'refund',
    service: 'support-api',
    agoMs: 1 * HOUR,
    root: agent(
      'support_bot: refund question',
      'support_bot',
      'bob',
      'sess-support-1',
      [0, 5000],
      [
        chat('claude-sonnet-4-5', [100, 1800], 5_000, 1_000, {
          in: userText('Can I get my money back?'),
          out: assistantCall('call_r1', 'search_kb', { query: 'refund policy' }),
        }),
        tool('search_kb', [1900, 2400], 'call_r1', { query: 'refund policy' }, { article: 'Refunds within 30 days.' }),
        chat('gpt-4o', [2500, 4900], 6_000, 800, {
          in: userText('Can I get my money back?'),
          out: assistantText('Yes, within 30 days.'),
        }),
      ],
    ),
  },
  {
    // A model with no price: tokens, no cost, one unpriced call.
    key: 'acme',
    service: 'support-api',
    agoMs: 0.5 * HOUR,
    root: agent(
      'support_bot: acme trial',
      'support_bot',
      'bob',
      null,
      [0, 1500],
      [
        {
          name: 'chat acme-llm-9',
          at: [10, 1400],
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'acme',
            'gen_ai.request.model': 'acme-llm-9',
            'gen_ai.usage.input_tokens': 1_000,
            'gen_ai.usage.output_tokens': 100,
          },
        },
      ],
    ),
  },
  {
    // The previous 24 hours, for the period-over-period change: 60,000 × 2.50 + 9,600 × 10 = 246,000 → $0.246
    key: 'lastDay',
    service: 'travel-api',
    agoMs: 30 * HOUR,
    root: agent(
      'travel_planner: yesterday',
      'travel_planner',
      'alice',
      null,
      [0, 2000],
      [chat('gpt-4o', [100, 1900], 60_000, 9_600, { in: userText('Yesterday'), out: assistantText('Done.') })],
    ),
  },
]

/** The runs in the last 24 hours (the UI's default range): all but `lastDay`. */
export const IN_RANGE = RUNS.filter((r) => r.agoMs < 24 * HOUR)
/** 0.085 + 0.216 + 0.015 + 0.053 */
export const EXPECTED_TOTAL = '$0.369'
/** (0.369 − 0.246) / 0.246 */
export const EXPECTED_CHANGE = '+50%'

export function spanCount(span: PlannedSpan): number {
  return 1 + (span.children ?? []).reduce((n, c) => n + spanCount(c), 0)
}

function emit(tracer: Tracer, start: number, plan: PlannedSpan, ctx: Context): string {
  const span = tracer.startSpan(
    plan.name,
    { kind: plan.kind ?? SpanKind.INTERNAL, attributes: plan.attributes, startTime: new Date(start + plan.at[0]) },
    ctx,
  )
  for (const child of plan.children ?? []) emit(tracer, start, child, trace.setSpan(ctx, span))
  if (plan.error !== undefined) {
    span.recordException({ name: 'ToolError', message: plan.error }, new Date(start + plan.at[1]))
    span.setStatus({ code: SpanStatusCode.ERROR, message: plan.error })
  }
  span.end(new Date(start + plan.at[1]))
  return span.spanContext().traceId
}

/** Sends every run (one provider per service, as two processes would) and returns trace ids by run. */
export async function sendRuns(
  baseUrl: string,
  runs: readonly BrowserRun[],
  now: number,
): Promise<Record<BrowserRun['key'], string>> {
  const ids: Partial<Record<BrowserRun['key'], string>> = {}
  for (const service of ['travel-api', 'support-api'] as const) {
    const exporter = new OTLPTraceExporter({ url: `${baseUrl}/v1/traces`, concurrencyLimit: 500 })
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    })
    const tracer = provider.getTracer('loupe-browser-test', '1.0.0')
    for (const run of runs.filter((r) => r.service === service))
      ids[run.key] = emit(tracer, now - run.agoMs, run.root, ROOT_CONTEXT)
    await provider.forceFlush()
    await provider.shutdown()
  }
  return ids as Record<BrowserRun['key'], string>
}

/**
 * Waits until every run is readable in full and listed: the trace list and the reports read
 * settled summaries, which the collector writes once a trace has been quiet for LOUPE_SETTLE_MS.
 */
export async function waitForRuns(
  baseUrl: string,
  runs: readonly BrowserRun[],
  ids: Record<string, string>,
): Promise<void> {
  const from = Date.now() - Math.max(...runs.map((r) => r.agoMs)) - HOUR
  const want = new Map(runs.map((r) => [ids[r.key], spanCount(r.root)]))
  await until(
    async () =>
      (
        (await (await fetch(`${baseUrl}/api/traces?from=${from}&limit=1000`)).json()) as {
          traces: Array<{ traceId: string; spanCount: number }>
        }
      ).traces,
    (listed) => listed.filter((t) => want.get(t.traceId) === t.spanCount).length === want.size,
    { what: 'every run listed in full' },
  )
}
