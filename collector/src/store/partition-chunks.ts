/**
 * @module store/partition-chunks
 * ClickHouse refuses an insert that touches more than `max_partitions_per_insert_block` (100)
 * partitions, and the spans table is partitioned by day. A batch of backfilled spans can span
 * more days than that, so it is split into inserts of at most `maxDays` distinct days each.
 * (Passing the setting per insert instead would make the embedded engine prefix every insert
 * with a `SET`, and scan the whole payload as a multi-statement query.)
 */
import type { SpanRecord } from '../normalise/span-record.ts'

const NS_PER_DAY = 86_400_000_000_000n

export function chunkByPartitionDays(spans: readonly SpanRecord[], maxDays: number): SpanRecord[][] {
  const days = new Map<bigint, SpanRecord[]>()
  for (const s of spans) {
    const day = BigInt(s.startTimeUnixNano) / NS_PER_DAY
    const list = days.get(day)
    if (list) list.push(s)
    else days.set(day, [s])
  }
  if (days.size <= maxDays) return [spans as SpanRecord[]]
  const chunks: SpanRecord[][] = []
  let current: SpanRecord[] = []
  let inCurrent = 0
  for (const list of days.values()) {
    if (inCurrent === maxDays) {
      chunks.push(current)
      current = []
      inCurrent = 0
    }
    for (const s of list) current.push(s)
    inCurrent++
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}
