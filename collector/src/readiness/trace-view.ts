/**
 * @module readiness/trace-view
 * Spans grouped once for every check: per (service, agent), the traces that agent took part in,
 * each with that agent's own spans and the whole trace around them (other agents, other services).
 *
 * Invariants: agents are in (service, agent) order, traces in trace-id order, spans in start order
 * with ties by span id, so every check that walks them is deterministic.
 *
 * Root: the run's entry span is the earliest span without a parent; when none arrived (the trace
 * was continued from an uninstrumented caller), the earliest span whose parent is missing. That
 * span's missing parent is upstream, not lost, so it is not counted as an orphan.
 */
import { isStepSpan } from '../detect/steps.ts'
import { cmp } from './check.ts'
import type { ReadinessSpan } from './types.ts'

export interface TraceView {
  traceId: string
  /** this agent's spans in the trace, in start order */
  spans: ReadinessSpan[]
  /** every span of the trace (any agent, any service), in start order */
  all: ReadinessSpan[]
  root: ReadinessSpan
  /** span ids of `all` */
  ids: ReadonlySet<string>
}

export interface AgentView {
  serviceName: string
  /** '' for spans with no agent */
  agentName: string
  traces: TraceView[]
  spanCount: number
}

/** Start order, ties by span id. */
function byStart(a: ReadinessSpan, b: ReadinessSpan): number {
  return a.startMs - b.startMs || cmp(a.spanId, b.spanId)
}

export const endMs = (s: ReadinessSpan): number => s.startMs + s.durationMs

/** LLM and tool calls that are not rollups: what a "step" is to the loop detectors too. */
export function stepsOf(spans: readonly ReadinessSpan[]): ReadinessSpan[] {
  return spans.filter(isStepSpan)
}

export function toolCallsOf(spans: readonly ReadinessSpan[]): ReadinessSpan[] {
  return spans.filter((s) => s.kind === 'tool' && !s.isRollup)
}

export function llmCallsOf(spans: readonly ReadinessSpan[]): ReadinessSpan[] {
  return spans.filter((s) => s.kind === 'llm' && !s.isRollup)
}

/** A tool call's name: the tool name when known, else the span name. */
export const toolNameOf = (s: ReadinessSpan): string => s.toolName ?? s.name

function findRoot(all: readonly ReadinessSpan[], ids: ReadonlySet<string>): ReadinessSpan {
  const root =
    all.find((s) => s.parentSpanId === null) ?? all.find((s) => s.parentSpanId !== null && !ids.has(s.parentSpanId))
  // a trace with no parentless span and no missing parent is a cycle of parents: take the first
  return root ?? (all[0] as ReadinessSpan)
}

/** Spans whose parent never arrived (the root's upstream parent excepted). */
export function orphansOf(t: TraceView, spans: readonly ReadinessSpan[] = t.spans): ReadinessSpan[] {
  return spans.filter((s) => s !== t.root && s.parentSpanId !== null && !t.ids.has(s.parentSpanId))
}

/** Ids of every ancestor of `spans` within the trace. */
export function ancestorIds(t: TraceView, spans: readonly ReadinessSpan[]): Set<string> {
  const parent = new Map(t.all.map((s) => [s.spanId, s.parentSpanId]))
  const out = new Set<string>()
  for (const s of spans) {
    let p = s.parentSpanId
    while (p !== null && !out.has(p) && parent.has(p)) {
      out.add(p)
      p = parent.get(p) ?? null
    }
  }
  return out
}

/** Group spans per (service, agent) and per trace. */
export function buildAgentViews(spans: readonly ReadinessSpan[]): AgentView[] {
  const traces = new Map<string, ReadinessSpan[]>()
  for (const s of spans) {
    const list = traces.get(s.traceId)
    if (list) list.push(s)
    else traces.set(s.traceId, [s])
  }
  const agents = new Map<string, AgentView>()
  for (const traceId of [...traces.keys()].sort(cmp)) {
    const all = (traces.get(traceId) ?? []).sort(byStart)
    const ids = new Set(all.map((s) => s.spanId))
    const root = findRoot(all, ids)
    const mine = new Map<string, ReadinessSpan[]>()
    for (const s of all) {
      const key = JSON.stringify([s.serviceName, s.agentName ?? ''])
      const list = mine.get(key)
      if (list) list.push(s)
      else mine.set(key, [s])
    }
    for (const [key, agentSpans] of mine) {
      const [serviceName, agentName] = JSON.parse(key) as [string, string]
      let view = agents.get(key)
      if (!view) {
        view = { serviceName, agentName, traces: [], spanCount: 0 }
        agents.set(key, view)
      }
      view.traces.push({ traceId, spans: agentSpans, all, root, ids })
      view.spanCount += agentSpans.length
    }
  }
  return [...agents.values()].sort((a, b) => cmp(a.serviceName, b.serviceName) || cmp(a.agentName, b.agentName))
}
