/**
 * @module query/time-range
 * Resolves `from`/`to` (epoch ms, already parsed by the API schemas) to a concrete range, and the
 * wider span-scan window that finds every span of the traces that start inside it.
 *
 * Invariant: a trace belongs to a range by its start time (its earliest span). Its later spans
 * may start after `to`, and a trace that began before `from` has earlier spans before it, so the
 * scan reaches MAX_TRACE_MS beyond both ends. Traces longer than that are assumed not to occur.
 */
import { BadQueryError } from './bad-query.ts'

export const MAX_TRACE_MS = 24 * 3600 * 1000
const DAY_MS = 24 * 3600 * 1000

export interface TimeRange {
  fromMs: number
  toMs: number
}

export interface ScanParams {
  fromMs: number
  toMs: number
  scanFromMs: number
  scanToMs: number
}

export function resolveRange(
  q: { from?: number | undefined; to?: number | undefined },
  now: number,
  defaultSpanMs = DAY_MS,
): TimeRange {
  const toMs = q.to ?? now
  const fromMs = q.from ?? toMs - defaultSpanMs
  if (fromMs >= toMs)
    throw new BadQueryError(
      `from (${new Date(fromMs).toISOString()}) must be before to (${new Date(toMs).toISOString()})`,
    )
  return { fromMs, toMs }
}

export function scanParams(range: TimeRange): ScanParams {
  return { ...range, scanFromMs: range.fromMs - MAX_TRACE_MS, scanToMs: range.toMs + MAX_TRACE_MS }
}

/** WHERE clause selecting a project's spans in the scan window (params: projectId, scanFromMs, scanToMs). */
export const SCAN_WHERE = `project_id = {projectId: String}
  AND start_time >= fromUnixTimestamp64Milli({scanFromMs: Int64})
  AND start_time < fromUnixTimestamp64Milli({scanToMs: Int64})`
/**
 * The spans of the traces that start in the range, and some more (params: projectId, fromMs,
 * scanToMs): SCAN_WHERE without the reach before `from`, which only finds spans of earlier traces.
 */
export const SPANS_OF_RANGE = `project_id = {projectId: String}
  AND start_time >= fromUnixTimestamp64Milli({fromMs: Int64})
  AND start_time < fromUnixTimestamp64Milli({scanToMs: Int64})`
