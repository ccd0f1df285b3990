/**
 * @module test/browser/report-runs
 * The agent runs the readiness and drift browser test looks at, sent through the real OTel SDK
 * and OTLP/protobuf exporter, with every value the test asserts worked out here.
 *
 * Readiness (service `shop-api`, last 2 hours, policy budget $0.05 per trace):
 * - `careful_admin`: an input guardrail, one cheap LLM call, a human approval span (approved), then
 *   the risky `delete_user` tool. Cost 2 × (1,000 × 2.50 + 100 × 10) / 1e6 = $0.007 per trace.
 * - `reckless_admin`: loops `lookup_user` six times, each after a 10,000-token call, then calls
 *   `delete_user` with no approval anywhere in the trace. Cost 7 × (10,000 × 2.50 + 500 × 10) / 1e6
 *   = $0.21 per trace, over the budget.
 *
 * Drift (service `chat-api`, model gpt-4o-mini, 3 calls per trace, 120 calls per window and agent):
 * call i of a window lasts 300 + 2i ms (i = 0…119), so p50 (numpy's linear method) is 300 + 2 × 59.5
 * = 419 ms. `steady_bot` makes the same calls in both windows (KS D = 0); `slow_bot` takes twice as
 * long in the current window: p50 419 ms → 838 ms, KS D = 1, drifted.
 */
import { ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context, type Tracer } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { until } from '../utils/until.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export const POLICY_YAML = `# readiness policy for the browser test
budgetUsd: 0.05
toolTimeoutMs: 10000
riskyTools: [delete, transfer]
allowedTools: [lookup_user, delete_user]
`

interface Planned {
  name: string
  /** ms after the trace's start */
  at: readonly [number, number]
  attributes: Attributes
  children?: readonly Planned[]
}

const agent = (name: string, end: number, children: Planned[]): Planned => ({
  name: `invoke_agent ${name}`,
  at: [0, end],
  attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name },
  children,
})
const chat = (model: string, at: readonly [number, number], input: number, output: number): Planned => ({
  name: `chat ${model}`,
  at,
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': model,
    'gen_ai.usage.input_tokens': input,
    'gen_ai.usage.output_tokens': output,
  },
})
const tool = (name: string, at: readonly [number, number], args: unknown, result: unknown): Planned => ({
  name: `execute_tool ${name}`,
  at,
  attributes: {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': name,
    'gen_ai.tool.call.arguments': JSON.stringify(args),
    'gen_ai.tool.call.result': JSON.stringify(result),
  },
})

function carefulRun(): Planned {
  return agent('careful_admin', 3000, [
    {
      name: 'apply_guardrail input_filter',
      at: [10, 60],
      attributes: { 'gen_ai.operation.name': 'apply_guardrail', 'guardrail.decision': 'pass' },
    },
    chat('gpt-4o', [100, 900], 1_000, 100),
    {
      name: 'human_approval',
      at: [1000, 1500],
      attributes: { 'approval.decision': 'approved', 'approval.reviewer': 'ops-oncall' },
    },
    tool('delete_user', [1600, 1900], { user: 'u-42' }, { deleted: true }),
    chat('gpt-4o', [2000, 2900], 1_000, 100),
  ])
}

function recklessRun(): Planned {
  const steps: Planned[] = []
  for (let i = 0; i < 6; i++) {
    steps.push(chat('gpt-4o', [100 + i * 1000, 600 + i * 1000], 10_000, 500))
    steps.push(tool('lookup_user', [650 + i * 1000, 950 + i * 1000], { user: 'u-42' }, { found: true }))
  }
  steps.push(chat('gpt-4o', [6100, 6600], 10_000, 500))
  steps.push(tool('delete_user', [6700, 6900], { user: 'u-42' }, { deleted: true }))
  return agent('reckless_admin', 7000, steps)
}

export const DRIFT_CALLS = 120
export const CALLS_PER_TRACE = 3
/** call i of a window, in ms */
export const latency = (i: number, factor: number): number => (300 + 2 * i) * factor

function driftRun(name: string, first: number, factor: number): Planned {
  const calls: Planned[] = []
  let t = 10
  for (let k = 0; k < CALLS_PER_TRACE; k++) {
    const d = latency(first + k, factor)
    calls.push(chat('gpt-4o-mini', [t, t + d], 500, 100))
    t += d + 10
  }
  return agent(name, t + 10, calls)
}

function emit(tracer: Tracer, start: number, plan: Planned, ctx: Context): string {
  const span = tracer.startSpan(
    plan.name,
    { kind: SpanKind.INTERNAL, attributes: plan.attributes, startTime: new Date(start + plan.at[0]) },
    ctx,
  )
  for (const child of plan.children ?? []) emit(tracer, start, child, trace.setSpan(ctx, span))
  span.end(new Date(start + plan.at[1]))
  return span.spanContext().traceId
}

async function send(
  baseUrl: string,
  service: string,
  runs: ReadonlyArray<{ start: number; plan: Planned }>,
): Promise<string[]> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${baseUrl}/v1/traces` }), {
        maxExportBatchSize: 512,
        maxQueueSize: 4096,
        scheduledDelayMillis: 50,
      }),
    ],
  })
  const tracer = provider.getTracer('loupe-reports-test', '1.0.0')
  const ids = runs.map((r) => emit(tracer, r.start, r.plan, ROOT_CONTEXT))
  await provider.forceFlush()
  await provider.shutdown()
  return ids
}

export interface SentReports {
  careful: string[]
  reckless: string[]
}

/** Sends every run; readiness runs start 2 hours ago, drift runs 3 days ago (reference) and in the last 2 hours (current). */
export async function sendReportRuns(baseUrl: string, now: number): Promise<SentReports> {
  const careful = [0, 1, 2].map((i) => ({ start: now - 2 * HOUR + i * 60_000, plan: carefulRun() }))
  const reckless = [0, 1, 2].map((i) => ({ start: now - 2 * HOUR + 30_000 + i * 60_000, plan: recklessRun() }))
  const ids = await send(baseUrl, 'shop-api', [...careful, ...reckless])
  const drift: Array<{ start: number; plan: Planned }> = []
  for (let n = 0; n < DRIFT_CALLS / CALLS_PER_TRACE; n++) {
    const first = n * CALLS_PER_TRACE
    drift.push({ start: now - 3 * DAY + n * 60_000, plan: driftRun('steady_bot', first, 1) })
    drift.push({ start: now - 3 * DAY + n * 60_000 + 5_000, plan: driftRun('slow_bot', first, 1) })
    drift.push({ start: now - 2 * HOUR + n * 60_000, plan: driftRun('steady_bot', first, 1) })
    drift.push({ start: now - 2 * HOUR + n * 60_000 + 5_000, plan: driftRun('slow_bot', first, 2) })
  }
  await send(baseUrl, 'chat-api', drift)
  return { careful: ids.slice(0, 3), reckless: ids.slice(3) }
}

/**
 * Waits until both reports see the runs in full: the readiness report reads settled traces, and the
 * drift report needs every LLM call under its agent, which the settler fills in.
 */
export async function waitForReports(baseUrl: string): Promise<void> {
  await until(
    () =>
      Promise.all([
        fetch(`${baseUrl}/api/reports/readiness?service=shop-api`).then((r) => (r.ok ? r.json() : null)) as Promise<{
          agents: Array<{ agentName: string; traces: number }>
        } | null>,
        fetch(`${baseUrl}/api/reports/drift?service=chat-api`).then((r) => (r.ok ? r.json() : null)) as Promise<{
          groups: Array<{
            agentName: string
            model: string
            features: Array<{ feature: string; nRef: number; nCur: number }>
          }>
        } | null>,
      ]),
    ([readiness, drift]) =>
      ['careful_admin', 'reckless_admin'].every((a) =>
        readiness?.agents.some((x) => x.agentName === a && x.traces === 3),
      ) &&
      ['steady_bot', 'slow_bot'].every((a) =>
        drift?.groups.some(
          (g) =>
            g.agentName === a &&
            g.model === 'gpt-4o-mini' &&
            g.features.some((f) => f.feature === 'latency-ms' && f.nRef === DRIFT_CALLS && f.nCur === DRIFT_CALLS),
        ),
      ),
    { what: 'the readiness and drift reports' },
  )
}
