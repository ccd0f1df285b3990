/**
 * @module model/findings
 * Loop findings shaped for the trace detail view: which spans each finding names, the worst
 * severity and detectors per span (for the waterfall marker), the totals of waste, and the
 * `?finding=<index>` URL parameter. Pure.
 *
 * Invariant: a finding is referred to by its index in the API's `findings` array, which is the
 * order the collector reported them in; the panel shows them in that order so the URL index,
 * the panel row and the highlighted spans always agree.
 */
import type { Finding, Span } from '@loupe/schema'

export type FindingSeverity = Finding['severity']
type DetectorId = Finding['detector']

/** The parts of a finding this module reads, so tests need not build whole findings. */
export type FindingLike = Pick<
  Finding,
  | 'detector'
  | 'severity'
  | 'spanIds'
  | 'firstSpanId'
  | 'lastSpanId'
  | 'wastedTokens'
  | 'wastedCostUsd'
  | 'wastedSpanIds'
>

/** The parts of a span the waste totals read. */
export type WasteSpan = Pick<Span, 'spanId' | 'inputTokens' | 'outputTokens' | 'costUsd'>

/** What the waterfall shows on a row whose span one or more findings name. */
export interface SpanMark {
  severity: FindingSeverity
  /** distinct detectors, in finding order */
  detectors: DetectorId[]
  /** indices of the findings naming the span, ascending */
  findings: number[]
}

export interface FindingTotals {
  findings: number
  critical: number
  warning: number
  /**
   * Of the spans any finding counts as wasted, each once: two detectors often flag the same
   * repetition (a long loop is also over the step budget), and summing their figures would claim
   * more than the trace spent.
   */
  wastedTokens: number
  wastedCostUsd: number
}

const RANK: Record<FindingSeverity, number> = { warning: 1, critical: 2 }

/** The worse of two severities; null stands for "none". */
function worseSeverity(a: FindingSeverity | null, b: FindingSeverity | null): FindingSeverity | null {
  if (a === null) return b
  if (b === null) return a
  return RANK[b] > RANK[a] ? b : a
}

/** The worst severity among findings, or null when there are none. */
export function worstSeverity(findings: readonly Pick<Finding, 'severity'>[]): FindingSeverity | null {
  return findings.reduce<FindingSeverity | null>((worst, f) => worseSeverity(worst, f.severity), null)
}

/** Every span a finding names: its `spanIds`, plus first and last in case the list was trimmed. */
export function findingSpanIds(f: Pick<Finding, 'spanIds' | 'firstSpanId' | 'lastSpanId'>): Set<string> {
  return new Set([f.firstSpanId, ...f.spanIds, f.lastSpanId])
}

/** Span id → the mark its waterfall row carries. Spans no finding names are absent. */
export function spanMarks(findings: readonly FindingLike[]): Map<string, SpanMark> {
  const marks = new Map<string, SpanMark>()
  findings.forEach((f, i) => {
    for (const id of findingSpanIds(f)) {
      const m = marks.get(id)
      if (m === undefined) {
        marks.set(id, { severity: f.severity, detectors: [f.detector], findings: [i] })
        continue
      }
      m.severity = worseSeverity(m.severity, f.severity)!
      if (!m.detectors.includes(f.detector)) m.detectors.push(f.detector)
      m.findings.push(i)
    }
  })
  return marks
}

/** Severity counts, and the waste of the union of the findings' wasted spans, read from `spans`. */
export function findingTotals(findings: readonly FindingLike[], spans: readonly WasteSpan[]): FindingTotals {
  const t: FindingTotals = { findings: findings.length, critical: 0, warning: 0, wastedTokens: 0, wastedCostUsd: 0 }
  const wasted = new Set<string>()
  for (const f of findings) {
    t[f.severity]++
    for (const id of f.wastedSpanIds) wasted.add(id)
  }
  for (const s of spans) {
    if (!wasted.has(s.spanId)) continue
    t.wastedTokens += s.inputTokens + s.outputTokens
    t.wastedCostUsd += s.costUsd ?? 0
  }
  return t
}

/** `?finding=` → an index into `findings`, or null when absent, malformed or out of range. */
export function parseFindingParam(value: string | null, count: number): number | null {
  if (value === null || !/^\d{1,6}$/.test(value)) return null
  const i = Number(value)
  return i < count ? i : null
}

/**
 * Span ids to highlight in the agent graph: those of the selected finding when it is a cycle,
 * else those of every cycle finding (a selected non-cycle finding highlights nothing there).
 */
export function cycleSpanIds(findings: readonly FindingLike[], selected: number | null): Set<string> {
  const chosen = selected === null ? findings : [findings[selected]].filter((f) => f !== undefined)
  const ids = new Set<string>()
  for (const f of chosen) if (f.detector === 'cycle') for (const id of findingSpanIds(f)) ids.add(id)
  return ids
}
