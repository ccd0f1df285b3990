import { describe, expect, it } from 'vitest'
import { makeSpanRecord } from '../../../test/utils/span-record.ts'
import { chunkByPartitionDays } from './partition-chunks.ts'

const DAY = 86_400_000_000_000n
const onDay = (d: number, spanId: string) =>
  makeSpanRecord({ spanId, startTimeUnixNano: (BigInt(20_000 + d) * DAY + 5n).toString() })

describe('chunkByPartitionDays', () => {
  it('keeps a batch within the limit whole', () => {
    const spans = [onDay(0, 'a'), onDay(1, 'b'), onDay(0, 'c')]
    expect(chunkByPartitionDays(spans, 100)).toEqual([spans])
  })

  it('splits a batch over the limit into chunks of at most maxDays days, losing nothing', () => {
    const spans = Array.from({ length: 250 }, (_, i) => onDay(i % 7, String(i).padStart(16, '0')))
    const chunks = chunkByPartitionDays(spans, 3)
    expect(chunks).toHaveLength(3)
    for (const chunk of chunks) {
      const days = new Set(chunk.map((s) => BigInt(s.startTimeUnixNano) / DAY))
      expect(days.size).toBeLessThanOrEqual(3)
    }
    expect(chunks.flat().map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanId).sort())
  })
})
