import { describe, expect, it } from 'vitest'
import { makeSpanRecord } from './testing.ts'
import { dayOf } from '@loupe/schema'
import { chunkByDays, encodeSpans } from './encoded-spans.ts'
import { INSERT_COLUMNS, toRowValues } from './span-row.ts'

const DAY = 86_400_000_000_000n
const onDay = (d: number, spanId: string, extra: Parameters<typeof makeSpanRecord>[0] = {}) =>
  makeSpanRecord({ spanId, startTimeUnixNano: (BigInt(20_000 + d) * DAY + 5n).toString(), ...extra })

describe('encodeSpans', () => {
  it('groups spans by project and day, rows in INSERT_COLUMNS order, trace ids distinct', () => {
    const spans = [
      onDay(0, 'a', { traceId: 't1' }),
      onDay(1, 'b', { traceId: 't1' }),
      onDay(0, 'c', { traceId: 't2' }),
      onDay(0, 'd', { traceId: 't1' }),
      onDay(0, 'e', { projectId: 'other', traceId: 't3' }),
    ]
    const parts = encodeSpans(spans)
    expect(parts.map((p) => [p.projectId, p.day - 20_000, p.count, p.traceIds])).toEqual([
      ['default', 0, 3, ['t1', 't2']],
      ['default', 1, 1, ['t1']],
      ['other', 0, 1, ['t3']],
    ])
    const rows = JSON.parse(`[${parts[0]!.rows}]`) as unknown[][]
    expect(rows).toHaveLength(3)
    expect(rows[0]).toHaveLength(INSERT_COLUMNS.length)
    expect(rows[1]).toEqual(JSON.parse(JSON.stringify(toRowValues(spans[2]!))))
  })

  it('encodes nothing for no spans', () => {
    expect(encodeSpans([])).toEqual([])
  })
})

describe('dayOf', () => {
  it('agrees with BigInt division, including times under a second and the last nanosecond of a day', () => {
    for (const ns of [
      '0',
      '1',
      '999999999',
      '86399999999999',
      '86400000000000',
      '1764633600123456789',
      String(20_000n * DAY - 1n),
    ]) {
      expect(dayOf(ns)).toBe(Number(BigInt(ns) / DAY))
    }
  })
})

describe('chunkByDays', () => {
  it('keeps parts within the limit in one insert', () => {
    const parts = encodeSpans([onDay(0, 'a'), onDay(1, 'b'), onDay(0, 'c')])
    expect(chunkByDays(parts, 100)).toEqual([parts])
  })

  it('cuts parts over the limit into inserts of at most maxDays days, losing nothing', () => {
    const parts = Array.from({ length: 25 }, (_, i) => encodeSpans([onDay(i % 7, String(i).padStart(16, '0'))])).flat()
    const chunks = chunkByDays(parts, 3)
    expect(chunks).toHaveLength(3)
    for (const chunk of chunks) expect(new Set(chunk.map((p) => p.day)).size).toBeLessThanOrEqual(3)
    expect(chunks.flat()).toHaveLength(parts.length)
    expect(new Set(chunks.flat())).toEqual(new Set(parts))
  })
})
