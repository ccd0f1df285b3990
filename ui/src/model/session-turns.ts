/**
 * @module model/session-turns
 * A session's traces read as the turns of one conversation: numbered oldest first, each with its
 * offset from the first turn, the idle gap since the previous turn ended, and the running cost.
 * Also the window the session page asks for. Pure.
 */
import { compareUnixNano, type TraceSummary } from '@loupe/schema'
import { nanoToMs } from './format.ts'

export interface Turn {
  /** 1-based, in start order */
  n: number
  trace: TraceSummary
  startMs: number
  /** since the first turn started */
  offsetMs: number
  /** since the previous turn ended; null for the first turn, 0 when turns overlap */
  gapMs: number | null
  cumulativeCostUsd: number
}

/** The API already returns oldest first; sorting again keeps the numbering right regardless. */
export function sessionTurns(traces: readonly TraceSummary[]): Turn[] {
  const sorted = [...traces].sort((a, b) => {
    const d = compareUnixNano(a.startTimeUnixNano, b.startTimeUnixNano)
    return d !== 0 ? d : a.traceId.localeCompare(b.traceId)
  })
  const first = sorted[0] === undefined ? 0 : nanoToMs(sorted[0].startTimeUnixNano)
  let cumulative = 0
  let prevEnd: number | null = null
  return sorted.map((trace, i) => {
    const startMs = nanoToMs(trace.startTimeUnixNano)
    cumulative += trace.costUsd
    const turn: Turn = {
      n: i + 1,
      trace,
      startMs,
      offsetMs: startMs - first,
      gapMs: prevEnd === null ? null : Math.max(0, startMs - prevEnd),
      cumulativeCostUsd: cumulative,
    }
    prevEnd = Math.max(prevEnd ?? -Infinity, startMs + trace.durationMs)
    return turn
  })
}

/**
 * Time between turns, which runs to hours and days (formatDuration stops at minutes): the two
 * largest units, "45s", "12m 5s", "3h 20m", "2d 4h".
 */
export function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 60) return ms < 1000 ? `${Math.round(ms)}ms` : `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${s % 60}s`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h}h ${m % 60}m`
  return `${Math.floor(h / 24)}d ${h % 24}h`
}

/** The API's own default look-back for a session page: conversations span days. */
export const SESSION_LOOKBACK_MS = 30 * 86_400_000

/**
 * The window a session page asks for: the global range, widened to at least 30 days before its
 * end, so following a session from a short range still shows its earlier turns, while a custom
 * range in the past still finds sessions from back then.
 */
export function sessionWindow(range: { from: number; to: number }): { from: number; to: number } {
  return { from: Math.min(range.from, range.to - SESSION_LOOKBACK_MS), to: range.to }
}
