/**
 * @module settle/live-trace
 * A trace that is still receiving spans, kept in memory so that lists, reports and findings can
 * show it while it runs. Pure: the settler feeds it spans and writes what `liveSettlement`
 * returns as the trace's provisional version.
 *
 * Bounded work on long traces: the newest spans (the window) are settled afresh on every
 * refresh, exactly as a quiet trace is. Once the window passes its size, its older half is folded:
 * settled once, in the window's context, into totals, cost facts and findings that never change
 * again. So a refresh costs at most a window, and a fold a window per half-window of new spans,
 * however long the trace grows. What a fold gives up: a loop longer than the window shows as two
 * findings, and a duplicate call or agent name decided across the fold stays as it was. The
 * settled version, read from storage once the trace is quiet, has none of these limits.
 */
import type { DetectorConfig, StepHistory } from '../detect/types.ts'
import type { GenAiLog } from '../normalise/genai-logs.ts'
import { costFacts, mergeFacts, type CostFact } from './cost-facts.ts'
import type { SettleSpan } from './settle-span.ts'
import { settleTrace, type PlacedFinding, type SettledTrace } from './settle-trace.ts'
import { mergeTotals, summariseTrace, type TraceTotals } from './summary.ts'

/** A GenAI record held for a span, with the id that tells a re-sent record from a new one. */
export type HeldLog = GenAiLog & { spanId: string; logId: string }

/** What the spans folded out of the window add up to. */
interface Folded {
  totals: TraceTotals
  facts: CostFact[]
  findings: PlacedFinding[]
  hasRoot: boolean
}

export interface LiveTrace {
  readonly projectId: string
  readonly traceId: string
  /** the newest spans by span id, in arrival order (a re-sent span keeps its place) */
  readonly window: Map<string, SettleSpan>
  folded: Folded | null
  /** ids of the folded spans, so a re-sent one is not counted again */
  readonly foldedIds: Set<string>
  /** estimated heap held by the window */
  bytes: number
  /** bumped by every span that arrives: a refresh written at an older generation leaves the trace dirty */
  generation: number
  /** the generation of the last provisional version written */
  written: number
  /** when a span last arrived, ms */
  lastSpanAt: number
  /** GenAI event records by span id: they fill the conversations of the window's LLM spans */
  readonly logs: Map<string, HeldLog[]>
}

export function newLiveTrace(projectId: string, traceId: string): LiveTrace {
  return {
    projectId,
    traceId,
    window: new Map(),
    folded: null,
    foldedIds: new Set(),
    bytes: 0,
    generation: 0,
    written: 0,
    lastSpanAt: 0,
    logs: new Map(),
  }
}

function logBytes(l: GenAiLog): number {
  let chars = l.body.length + l.timeUnixNano.length + l.eventName.length
  for (const k in l.attributes) chars += k.length + (l.attributes[k]?.length ?? 0)
  return 200 + 2 * chars
}

/**
 * Adds GenAI event records for spans of this trace, whether their spans have arrived or not. A
 * record for a span already folded is dropped: the fold was decided without it, as a span arriving
 * after its part folded is; a record already held (a retried export) is not added again. Returns the change in estimated bytes.
 */
export function addLogs(t: LiveTrace, logs: readonly HeldLog[]): number {
  let delta = 0
  for (const l of logs) {
    if (t.foldedIds.has(l.spanId)) continue
    const list = t.logs.get(l.spanId)
    if (list?.some((held) => held.logId === l.logId)) continue
    if (list) list.push(l)
    else t.logs.set(l.spanId, [l])
    delta += logBytes(l)
  }
  if (delta > 0) t.generation++
  t.bytes += delta
  return delta
}

/** Rough heap cost of a span's settle view: its strings (two bytes a character) and the object. */
export function spanBytes(s: SettleSpan): number {
  let chars = s.traceId.length + s.spanId.length + s.name.length + s.statusMessage.length
  for (const v of [s.toolArguments, s.toolResult, s.input, s.output, s.parentSpanId, s.model, s.toolName])
    if (v !== null) chars += v.length
  return 400 + 2 * chars
}

/**
 * Adds spans (of this trace) as they arrive; a span already held is replaced (a retried export
 * or a newer version). `replace: false` adds only spans not yet held: stored spans read to seed a
 * trace never overwrite what arrived since. Returns the change in estimated bytes.
 */
export function addSpans(t: LiveTrace, spans: readonly SettleSpan[], at: number, replace = true): number {
  let delta = 0
  for (const s of spans) {
    if (t.foldedIds.has(s.spanId)) continue
    const held = t.window.get(s.spanId)
    if (held !== undefined) {
      if (!replace) continue
      delta -= spanBytes(held)
    }
    t.window.set(s.spanId, s)
    delta += spanBytes(s)
  }
  if (spans.length > 0) {
    t.generation++
    t.lastSpanAt = Math.max(t.lastSpanAt, at)
  }
  t.bytes += delta
  return delta
}

export function isDirty(t: LiveTrace): boolean {
  return t.written !== t.generation
}

/**
 * The trace looks finished: its root span has arrived (a root ends last) and every span's parent
 * is here. Only for a trace held whole (nothing folded).
 */
export function looksFinished(t: LiveTrace): boolean {
  if (t.folded !== null) return false
  let root = false
  for (const s of t.window.values()) {
    if (s.parentSpanId === null) root = true
    else if (!t.window.has(s.parentSpanId)) return false
  }
  return root
}

/**
 * Folds the `count` oldest spans of the window (all of them when count ≥ its size), deciding
 * them with the whole window in view. Returns the change in estimated bytes.
 */
export function foldOldest(
  t: LiveTrace,
  count: number,
  detectors: Partial<DetectorConfig>,
  history: ReadonlyMap<string, StepHistory>,
): number {
  const spans = [...t.window.values()]
  const n = Math.min(count, spans.length)
  if (n === 0) return 0
  const { decided, settled } = settleTrace(t.projectId, t.traceId, 0, spans, detectors, history, t.logs)
  const findings = settled.findings
  const old = decided.slice(0, n)
  const oldIds = new Set(old.map((s) => s.spanId))
  const wasted = new Set(findings.flatMap((p) => p.finding.wastedSpanIds))
  const totals = summariseTrace(old)
  const part: Folded = {
    totals,
    facts: costFacts(old, totals.summary, wasted),
    findings: findings.filter((p) => oldIds.has(p.finding.firstSpanId)),
    hasRoot: old.some((s) => s.parentSpanId === null),
  }
  t.folded = t.folded === null ? part : mergeFolded(t.folded, part)
  let delta = 0
  for (const s of spans.slice(0, n)) {
    t.window.delete(s.spanId)
    t.foldedIds.add(s.spanId)
    delta -= spanBytes(s)
    for (const l of t.logs.get(s.spanId) ?? []) delta -= logBytes(l)
    t.logs.delete(s.spanId)
  }
  t.bytes += delta
  return delta
}

/**
 * Findings of two parts, in order. A step budget is passed by the whole trace, not a stretch of
 * it: only the newest reading of it stays, or every fold of a long trace would add one.
 */
function joinFindings(older: readonly PlacedFinding[], newer: readonly PlacedFinding[]): PlacedFinding[] {
  const whole = newer.some((p) => p.finding.detector === 'step-budget')
  return [...older.filter((p) => !(whole && p.finding.detector === 'step-budget')), ...newer]
}

function mergeFolded(a: Folded, b: Folded): Folded {
  const findings = joinFindings(a.findings, b.findings)
  return {
    totals: mergeTotals(a.totals, b.totals, b.hasRoot && !a.hasRoot, findings.length),
    facts: mergeFacts(a.facts, b.facts),
    findings,
    hasRoot: a.hasRoot || b.hasRoot,
  }
}

/** The trace as known so far, as a provisional (running) version. Requires at least one span. */
export function liveSettlement(
  t: LiveTrace,
  version: number,
  detectors: Partial<DetectorConfig>,
  history: ReadonlyMap<string, StepHistory>,
): SettledTrace {
  const { projectId, traceId } = t
  const spans = [...t.window.values()]
  const folded = t.folded
  if (spans.length === 0) {
    if (folded === null) throw new Error(`live trace ${traceId} has no spans`)
    return { projectId, traceId, version, running: true, ...folded }
  }
  const { settled } = settleTrace(projectId, traceId, version, spans, detectors, history, t.logs)
  if (folded === null) return { ...settled, running: true }
  // Findings folded earlier keep their place; one found again in the window (same detector, same
  // first span) is the newer reading of the same finding.
  const key = (p: PlacedFinding) => `${p.finding.detector}\u0000${p.finding.firstSpanId}`
  const fresh = new Set(settled.findings.map(key))
  const findings = joinFindings(
    folded.findings.filter((p) => !fresh.has(key(p))),
    settled.findings,
  )
  const rootInWindow = spans.some((s) => s.parentSpanId === null)
  return {
    projectId,
    traceId,
    version,
    running: true,
    totals: mergeTotals(folded.totals, settled.totals, rootInWindow && !folded.hasRoot, findings.length),
    facts: mergeFacts(folded.facts, settled.facts),
    findings,
  }
}
