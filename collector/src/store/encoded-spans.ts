/**
 * @module store/encoded-spans
 * Spans turned into insert rows as soon as a request is prepared, grouped by day partition.
 *
 * Why ahead of time: a request's spans wait for their batch's insert (hundreds of milliseconds
 * under load), and as objects they survive young-generation collections and get copied; as one
 * flat string they die with the request and the rows wait in large-object space, never copied.
 *
 * Why by day: the spans table is partitioned by day, and ClickHouse refuses an insert that
 * touches more than `max_partitions_per_insert_block` (100) partitions; backfilled spans can span
 * more days than that, so inserts are cut at that many distinct days. (Passing the setting per
 * insert instead would make the embedded engine prefix every insert with a `SET` and scan the
 * whole payload as a multi-statement query.)
 */
import { dayOf } from '@loupe/schema'
import type { SpanRecord } from '../normalise/span-record.ts'
import { toSettleSpan, type SettleSpan } from '../settle/settle-span.ts'
import { toRowValues } from './span-row.ts'

export interface EncodedSpans {
  projectId: string
  /** Distinct trace ids among these spans (what the settler is told about once they are stored). */
  traceIds: string[]
  /** Days since the Unix epoch (UTC) of the spans' start: their partition. */
  day: number
  count: number
  /** The spans' rows, JSON arrays in INSERT_COLUMNS order, joined by ','. */
  rows: string
  /** The spans' settle views, when the settler follows running traces; else null. */
  settleViews: SettleSpan[] | null
}

/** One part per (project, day) among `spans`, in order of first appearance. */
export function encodeSpans(spans: readonly SpanRecord[], withSettleViews = false): EncodedSpans[] {
  const groups = new Map<string, { projectId: string; day: number; spans: SpanRecord[] }>()
  let last: { projectId: string; day: number; spans: SpanRecord[] } | undefined
  for (const s of spans) {
    const day = dayOf(s.startTimeUnixNano)
    // A request's spans nearly always share one project and day: skip the map lookup then.
    if (last !== undefined && last.day === day && last.projectId === s.projectId) {
      last.spans.push(s)
      continue
    }
    const key = `${s.projectId}\u0000${day}`
    last = groups.get(key)
    if (last) last.spans.push(s)
    else groups.set(key, (last = { projectId: s.projectId, day, spans: [s] }))
  }
  const parts: EncodedSpans[] = []
  for (const { projectId, day, spans: group } of groups.values()) {
    parts.push({
      projectId,
      day,
      count: group.length,
      traceIds: [...new Set(group.map((s) => s.traceId))],
      rows: jsonRows(group.map(toRowValues)),
      settleViews: withSettleViews ? group.map(toSettleSpan) : null,
    })
  }
  return parts
}

/** Rows (value arrays) as JSON arrays joined by ',': the outer brackets go, so batches join into one array. */
export function jsonRows(rows: readonly unknown[][]): string {
  return JSON.stringify(rows).slice(1, -1)
}

/** Parts cut into inserts of at most `maxDays` distinct days each (parts of a day together), losing none. */
export function chunkByDays(parts: readonly EncodedSpans[], maxDays: number): EncodedSpans[][] {
  const byDay = new Map<number, EncodedSpans[]>()
  for (const p of parts) {
    const list = byDay.get(p.day)
    if (list) list.push(p)
    else byDay.set(p.day, [p])
  }
  if (byDay.size <= maxDays) return [parts as EncodedSpans[]]
  const chunks: EncodedSpans[][] = []
  const days = [...byDay.values()]
  for (let i = 0; i < days.length; i += maxDays) chunks.push(days.slice(i, i + maxDays).flat())
  return chunks
}
