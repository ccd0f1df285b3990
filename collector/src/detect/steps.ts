/**
 * @module detect/steps
 * A trace's spans as the detectors see them: LLM and tool steps in start order, each tool call
 * fingerprinted (tool name + scrubbed canonical arguments) and its outcome hashed (scrubbed result,
 * status, error type). Rollup spans repeat their children's usage and are never steps.
 *
 * Turn: a tool call's turn is the LLM call that requested it, i.e. the latest LLM step under the
 * same parent that started at or before it (or its parent, when the parent is an LLM step); an LLM
 * step inside an LLM span that does not count (settle/duplicate-calls.ts) stands in that span's
 * place. Calls of one fingerprint in the same turn, or under one parent and overlapping in time, are
 * one occurrence: a model asking for the same thing twice in parallel is not a loop.
 */
import { compareUnixNano } from '@loupe/schema'
import { scrub, shortHash } from './scrub.ts'
import type { DetectSpan } from './types.ts'
import { callParent } from '../settle/duplicate-calls.ts'
import { costUnits, unitsToUsd } from '../settle/settle-span.ts'

export interface Step {
  /** position in the trace's step sequence */
  index: number
  span: DetectSpan
  kind: 'llm' | 'tool'
  /** '' when the agent is unknown */
  agent: string
  toolName: string
  /** tool name + scrubbed canonical arguments; '' for LLM steps */
  fingerprint: string
  /** hash of scrubbed result, status and error type; '' for LLM steps */
  resultHash: string
  hasResult: boolean
  failed: boolean
  /** error type + scrubbed status message, '' when the step did not fail */
  errorKey: string
  /** span id of the LLM call that requested this tool call; null for LLM steps and orphan tools */
  turnId: string | null
  start: bigint
  end: bigint
}

/** Calls of one fingerprint that count once (see the module comment). */
export interface Occurrence {
  steps: Step[]
}

export function isStepSpan(s: Pick<DetectSpan, 'kind' | 'isRollup'>): boolean {
  return (s.kind === 'llm' || s.kind === 'tool') && !s.isRollup
}

/** Start order, ties by span id. */
export function compareSpans(a: DetectSpan, b: DetectSpan): number {
  const d = compareUnixNano(a.startTimeUnixNano, b.startTimeUnixNano)
  if (d !== 0) return d
  return a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0
}

/** Steps of one trace in start order (ties by span id, so the order is deterministic). */
export function buildSteps(spans: readonly DetectSpan[]): Step[] {
  const ordered = spans.filter(isStepSpan).sort(compareSpans)
  const llmIds = new Set(ordered.filter((s) => s.kind === 'llm').map((s) => s.spanId))
  const latestLlm = new Map<string, string>()
  const parentOf = callParent(spans)
  // Every step is one object literal with all its fields: spreading a shared base and adding
  // keys sends V8 (Node 20) down a slow path, microseconds per step.
  return ordered.map((span, index): Step => {
    const parent = parentOf(span) ?? ''
    const failed = span.status === 'error'
    const agent = span.agentName ?? ''
    const errorKey = failed ? `${span.errorType ?? ''}: ${scrub(span.statusMessage)}` : ''
    const start = BigInt(span.startTimeUnixNano)
    const end = BigInt(span.endTimeUnixNano)
    if (span.kind === 'llm') {
      latestLlm.set(parent, span.spanId)
      return {
        index,
        span,
        kind: 'llm',
        agent,
        toolName: '',
        fingerprint: '',
        resultHash: '',
        hasResult: false,
        failed,
        errorKey,
        turnId: null,
        start,
        end,
      }
    }
    const toolName = span.toolName ?? span.name
    return {
      index,
      span,
      kind: 'tool',
      agent,
      toolName,
      fingerprint: `${toolName}(${scrub(span.toolArguments)})`,
      resultHash: shortHash(scrub(span.toolResult), span.status, span.errorType ?? ''),
      hasResult: span.toolResult !== null,
      failed,
      errorKey,
      turnId:
        span.parentSpanId !== null && llmIds.has(span.parentSpanId)
          ? span.parentSpanId
          : (latestLlm.get(parent) ?? null),
      start,
      end,
    }
  })
}

/** Steps per agent ('' for unknown), agents in order of first appearance. */
export function byAgent(steps: readonly Step[]): Map<string, Step[]> {
  return groupBy(steps, (s) => s.agent)
}

export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}

function sameOccurrence(prev: Occurrence, s: Step): boolean {
  return prev.steps.some(
    (p) =>
      (p.turnId !== null && p.turnId === s.turnId) || (p.span.parentSpanId === s.span.parentSpanId && s.start < p.end),
  )
}

/** Calls of one fingerprint (in step order) folded into occurrences. */
export function occurrences(calls: readonly Step[]): Occurrence[] {
  const out: Occurrence[] = []
  for (const s of calls) {
    const prev = out[out.length - 1]
    if (prev && sameOccurrence(prev, s)) prev.steps.push(s)
    else out.push({ steps: [s] })
  }
  return out
}

/**
 * Tokens and cost wasted by repeats: the spans of every occurrence after the first, plus the LLM
 * turns that requested them (a tool span costs nothing itself; the model call asking for it does).
 */
export function waste(
  repeats: readonly Occurrence[],
  byId: ReadonlyMap<string, Step>,
  exclude: ReadonlySet<string> = new Set(),
): ReturnType<typeof spanWaste> {
  const spans = new Map<string, DetectSpan>()
  for (const o of repeats) {
    for (const s of o.steps) {
      spans.set(s.span.spanId, s.span)
      const turn = s.turnId === null ? undefined : byId.get(s.turnId)
      if (turn) spans.set(turn.span.spanId, turn.span)
    }
  }
  for (const id of exclude) spans.delete(id)
  return spanWaste([...spans.values()])
}

/** Summed tokens and cost, and which spans they are; cost added in pico-dollars so the sum does not drift. */
export function spanWaste(spans: readonly DetectSpan[]): {
  wastedTokens: number
  wastedCostUsd: number
  wastedSpanIds: string[]
} {
  let tokens = 0
  let units = 0n
  for (const s of spans) {
    tokens += s.inputTokens + s.outputTokens
    units += costUnits(s.costUsd)
  }
  return { wastedTokens: tokens, wastedCostUsd: unitsToUsd(units), wastedSpanIds: spans.map((s) => s.spanId).sort() }
}

export function stepIndex(steps: readonly Step[]): Map<string, Step> {
  return new Map(steps.map((s) => [s.span.spanId, s]))
}

/** `get_weather({"city":"Paris"})`, raw arguments shortened for a message. */
export function callLabel(s: Step, max = 80): string {
  const args = (s.span.toolArguments ?? '').replace(/\s+/g, ' ')
  return `${s.toolName}(${args.length > max ? `${args.slice(0, max - 1)}…` : args})`
}

export function spanIdsOf(steps: readonly Step[]): string[] {
  return [...steps].sort((a, b) => a.index - b.index).map((s) => s.span.spanId)
}
