import type { TraceLog } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { buildSpanTree, type TreeSpan } from './span-tree.ts'
import {
  indexTraceLogs,
  logOffset,
  logsForSpan,
  severityLabel,
  severityLevel,
  severityTone,
  type SeverityLevel,
} from './trace-logs.ts'

/** Trace start, Unix ns: 2025-01-01T00:00:00Z. Times below are ms after it. */
const T0 = 1_735_689_600_000_000_000n
const ns = (ms: number) => (T0 + BigInt(Math.round(ms * 1e6))).toString()

const span = (spanId: string, parentSpanId: string | null, startMs: number, endMs: number): TreeSpan => ({
  spanId,
  parentSpanId,
  startTimeUnixNano: ns(startMs),
  endTimeUnixNano: ns(endMs),
  status: 'ok',
})

const log = (spanId: string | null, ms: number, extra: Partial<TraceLog> = {}): TraceLog => ({
  spanId,
  timeUnixNano: ns(ms),
  severityNumber: 9,
  severityText: 'INFO',
  eventName: '',
  body: `at ${ms}`,
  attributes: {},
  ...extra,
})

/*
 *   root  0 ──────────────────── 1000
 *   ├─ a     100 ──── 400
 *   └─ b              400 ─────── 1000
 */
const tree = buildSpanTree([span('root', null, 0, 1000), span('a', 'root', 100, 400), span('b', 'root', 400, 1000)])

describe('severityLevel', () => {
  it.each<[number, string, SeverityLevel]>([
    [1, '', 'trace'],
    [4, '', 'trace'],
    [5, '', 'debug'],
    [9, 'INFO', 'info'],
    [12, '', 'info'],
    [13, 'WARN', 'warn'],
    [16, '', 'warn'],
    [17, 'ERROR', 'error'],
    [20, '', 'error'],
    [21, '', 'fatal'],
    [24, '', 'fatal'],
    // the number wins over the text
    [17, 'info', 'error'],
    // unspecified number: the text decides
    [0, 'Warning', 'warn'],
    [0, 'INFO2', 'info'],
    [0, ' critical ', 'fatal'],
    [0, 'err', 'error'],
    [0, '', 'unspecified'],
    [0, 'chatty', 'unspecified'],
    [25, 'debug', 'debug'],
    [-1, '', 'unspecified'],
  ])('%i %j → %s', (n, text, level) => {
    expect(severityLevel(n, text)).toBe(level)
  })
})

describe('severityLabel', () => {
  it.each<[number, string, string]>([
    [13, 'WARN', 'WARN'],
    [13, ' warning ', 'warning'],
    [13, '', 'WARN'],
    [9, '', 'INFO'],
    [10, '', 'INFO2'],
    [12, '', 'INFO4'],
    [24, '', 'FATAL4'],
    [0, '', 'UNSPECIFIED'],
    [30, '', 'UNSPECIFIED'],
  ])('%i %j → %s', (n, text, label) => {
    expect(severityLabel(n, text)).toBe(label)
  })
})

describe('severityTone', () => {
  it.each<[SeverityLevel, string]>([
    ['fatal', 'error'],
    ['error', 'error'],
    ['warn', 'warn'],
    ['info', 'neutral'],
    ['debug', 'neutral'],
    ['trace', 'neutral'],
    ['unspecified', 'neutral'],
  ])('%s → %s', (level, tone) => {
    expect(severityTone(level)).toBe(tone)
  })
})

describe('indexTraceLogs', () => {
  it('groups records by span in the order sent, with their times after the trace start', () => {
    const index = indexTraceLogs([log('a', 150), log('b', 500), log('a', 300)], tree)
    expect(index.bySpan.get('a')!.map((v) => v.traceMs)).toEqual([150, 300])
    expect(index.bySpan.get('b')!.map((v) => v.log.body)).toEqual(['at 500'])
    expect(index.bySpan.has('root')).toBe(false)
    expect(index.unattached).toEqual([])
  })

  it('keeps sub-millisecond times exact on epoch-scale timestamps', () => {
    const index = indexTraceLogs([log('a', 100.000_001)], tree)
    expect(index.bySpan.get('a')![0]!.traceMs).toBeCloseTo(100.000_001, 9)
  })

  it('puts records with no span, or a span not in the trace, with the first root', () => {
    const index = indexTraceLogs([log(null, 50), log('gone', 60), log('a', 200)], tree)
    expect(index.unattached.map((v) => [v.log.spanId, v.attached])).toEqual([
      [null, false],
      ['gone', false],
    ])
    expect(index.bySpan.has('gone')).toBe(false)
    expect(index.marks.get('root')!.map((m) => m.fraction)).toEqual([0.05, 0.06])
    expect(index.marks.get('root')![0]!.title).toBe('INFO (no span): at 50')
  })

  it('places marks on the axis, clamped to it, coloured by severity', () => {
    const index = indexTraceLogs(
      [
        log('a', 250, { severityNumber: 13, severityText: 'WARN', body: 'cache miss for key 42' }),
        log('b', -20, { severityNumber: 17, severityText: '' }),
        log('b', 1500, { severityNumber: 5, severityText: 'DEBUG' }),
      ],
      tree,
    )
    expect(index.marks.get('a')).toEqual([
      { fraction: 0.25, tone: 'warn', count: 1, title: 'WARN: cache miss for key 42' },
    ])
    expect(index.marks.get('b')!.map((m) => [m.fraction, m.tone])).toEqual([
      [0, 'error'],
      [1, 'neutral'],
    ])
  })

  it('merges records at (nearly) the same point into one mark of the worst tone', () => {
    const index = indexTraceLogs(
      [
        log('b', 500, { body: 'one' }),
        log('b', 500.5, { severityNumber: 21, severityText: 'FATAL', body: 'two\nsecond line' }),
        log('b', 501, { severityNumber: 13, severityText: 'WARN', body: '', eventName: 'gen_ai.choice' }),
        log('b', 600, { body: 'apart' }),
      ],
      tree,
    )
    const marks = index.marks.get('b')!
    expect(marks).toHaveLength(2)
    expect(marks[0]).toEqual({
      fraction: 0.5,
      tone: 'error',
      count: 3,
      title: '3 logs\nINFO: one\nFATAL: two\nWARN: gen_ai.choice',
    })
    expect(marks[1]!.count).toBe(1)
  })

  it('lists at most five records in a merged mark', () => {
    const index = indexTraceLogs(
      Array.from({ length: 8 }, (_, i) => log('a', 200, { body: `line ${i}` })),
      tree,
    )
    const [mark] = index.marks.get('a')!
    expect(mark!.count).toBe(8)
    expect(mark!.title.split('\n')).toEqual(
      ['8 logs', 'line 0', 'line 1', 'line 2', 'line 3', 'line 4', '…'].map((l, i) =>
        i === 0 || l === '…' ? l : `INFO: ${l}`,
      ),
    )
  })

  it('cuts a long first line and skips blank leading lines', () => {
    const index = indexTraceLogs([log('a', 200, { body: `\n  \n${'x'.repeat(200)}\nmore` })], tree)
    const v = index.bySpan.get('a')![0]!
    expect(v.firstLine).toHaveLength(120)
    expect(v.firstLine.endsWith('…')).toBe(true)
  })

  it('puts every mark at the start of a zero-length trace', () => {
    const flat = buildSpanTree([span('only', null, 0, 0)])
    const index = indexTraceLogs([log('only', 0), log('only', 5)], flat)
    expect(index.marks.get('only')!.map((m) => [m.fraction, m.count])).toEqual([[0, 2]])
  })

  it('has nowhere to mark records of a trace with no spans, and keeps them', () => {
    const index = indexTraceLogs([log(null, 0)], buildSpanTree([]))
    expect(index.unattached).toHaveLength(1)
    expect(index.marks.size).toBe(0)
  })
})

describe('logsForSpan', () => {
  const index = indexTraceLogs([log('root', 700), log(null, 10), log('a', 150), log('gone', 900)], tree)

  it('gives a span its own records', () => {
    expect(logsForSpan(index, tree, 'a').map((v) => v.traceMs)).toEqual([150])
    expect(logsForSpan(index, tree, 'b')).toEqual([])
  })

  it('gives the first root the records that name no span too, in time order', () => {
    expect(logsForSpan(index, tree, 'root').map((v) => [v.traceMs, v.attached])).toEqual([
      [10, false],
      [700, true],
      [900, false],
    ])
  })
})

describe('logOffset', () => {
  it.each<[number, number, string]>([
    [150, 100, '+50ms'],
    [100, 100, '+0µs'],
    [97, 100, '−3.0ms'],
    [2100, 100, '+2.00s'],
  ])('record at %d, span at %d → %s', (at, start, text) => {
    const [v] = indexTraceLogs([log('a', at)], tree).bySpan.get('a')!
    expect(logOffset(v!, start)).toBe(text)
  })
})
