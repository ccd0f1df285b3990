/**
 * @module model/running
 * What the UI shows of a trace still receiving spans, against the browser's clock. Pure.
 *
 * A running summary's `durationMs` is the extent of the spans stored so far: from the first
 * span's start to the last stored span's end. So `start + durationMs` is when the latest known
 * span ended, and the run has lasted at least until now. The clocks of the agent and the browser
 * may disagree, so neither figure is allowed to go backwards or below zero.
 */
import type { TraceSummary } from '@loupe/schema'
import { nanoToMs } from './format.ts'

type Extent = Pick<TraceSummary, 'startTimeUnixNano' | 'durationMs'>

/** How long a running trace has lasted: since its first span started, at least its known extent. */
export function runningDurationMs(t: Extent, nowMs: number): number {
  return Math.max(t.durationMs, nowMs - nanoToMs(t.startTimeUnixNano))
}

/** Time since the latest known span ended; 0 when the agent's clock runs ahead of ours. */
export function sinceLastSpanMs(t: Extent, nowMs: number): number {
  return Math.max(0, nowMs - (nanoToMs(t.startTimeUnixNano) + t.durationMs))
}

/** "just now", "12 s ago", "3 min ago", "2 h ago": a coarse age that ticks readably once a second. */
export function formatAgo(ms: number): string {
  const s = Math.floor(ms / 1000)
  if (s < 1) return 'just now'
  if (s < 60) return `${s} s ago`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ago`
  return `${Math.floor(m / 60)} h ago`
}
