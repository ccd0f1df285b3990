import type { FindingsResponse } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import {
  agentRows,
  detectorRows,
  isPartial,
  parseFindingFilters,
  traceLink,
  wasteSeries,
  type FindingFilters,
} from './findings-view.ts'

const ns = (ms: number) => String(BigInt(ms) * 1_000_000n)

describe('parseFindingFilters', () => {
  it.each<[string, FindingFilters]>([
    ['', {}],
    ['detector=cycle&severity=critical', { detector: 'cycle', severity: 'critical' }],
    ['detector=bogus&severity=fatal', {}],
    ['service=%20api%20&agent=planner', { service: 'api', agent: 'planner' }],
    ['service=&agent=%20', {}],
  ])('%s', (search, want) => {
    expect(parseFindingFilters(new URLSearchParams(search))).toEqual(want)
  })
})

describe('detectorRows', () => {
  it('sorts by wasted cost and shares the cost', () => {
    const rows = detectorRows({
      findings: 4,
      traces: 2,
      wastedTokens: 0,
      wastedCostUsd: 4,
      byDetector: [
        { detector: 'cycle', findings: 1, wastedCostUsd: 1 },
        { detector: 'repeated-tool-call', findings: 3, wastedCostUsd: 3 },
      ],
    })
    expect(rows.map((r) => [r.key, r.label, r.share])).toEqual([
      ['repeated-tool-call', 'Repeated tool call', 0.75],
      ['cycle', 'Cycle', 0.25],
    ])
  })
  it('shares by count when nothing has a cost', () => {
    const rows = detectorRows({
      findings: 4,
      traces: 1,
      wastedTokens: 0,
      wastedCostUsd: 0,
      byDetector: [
        { detector: 'cycle', findings: 1, wastedCostUsd: 0 },
        { detector: 'step-budget', findings: 3, wastedCostUsd: 0 },
      ],
    })
    expect(rows.map((r) => [r.key, r.share])).toEqual([
      ['step-budget', 0.75],
      ['cycle', 0.25],
    ])
  })
  it('is empty without findings', () => {
    expect(detectorRows({ findings: 0, traces: 0, wastedTokens: 0, wastedCostUsd: 0, byDetector: [] })).toEqual([])
  })
})

describe('agentRows', () => {
  it('groups by agent, counts distinct traces, names the unnamed', () => {
    const rows = agentRows([
      { agentName: 'planner', traceId: 't1', wastedCostUsd: 0.5 },
      { agentName: 'planner', traceId: 't1', wastedCostUsd: 0.25 },
      { agentName: 'planner', traceId: 't2', wastedCostUsd: 0.25 },
      { agentName: '', traceId: 't3', wastedCostUsd: 3 },
    ])
    expect(rows).toEqual([
      { key: '', label: '(no agent)', findings: 1, traces: 1, wastedCostUsd: 3, share: 0.75 },
      { key: 'planner', label: 'planner', findings: 3, traces: 2, wastedCostUsd: 1, share: 0.25 },
    ])
  })
})

describe('wasteSeries', () => {
  const H = 3_600_000
  const from = Date.UTC(2025, 0, 1, 10, 30)
  it('makes dense UTC-aligned buckets and drops rows outside the range', () => {
    const s = wasteSeries(
      [
        { traceStartUnixNano: ns(from + 10 * 60_000), wastedCostUsd: 1 }, // 10:40 → 10:00 bucket
        { traceStartUnixNano: ns(from + 40 * 60_000), wastedCostUsd: 2 }, // 11:10 → 11:00
        { traceStartUnixNano: ns(from + 45 * 60_000), wastedCostUsd: 0.5 }, // 11:15 → 11:00
        { traceStartUnixNano: ns(from - 1), wastedCostUsd: 9 }, // before
        { traceStartUnixNano: ns(from + 3 * H), wastedCostUsd: 9 }, // at `to`, excluded
      ],
      { fromMs: from, toMs: from + 3 * H },
      'hour',
    )
    expect(s.map((b) => [new Date(b.startMs).toISOString().slice(11, 16), b.findings, b.wastedCostUsd])).toEqual([
      ['10:00', 1, 1],
      ['11:00', 2, 2.5],
      ['12:00', 0, 0],
      ['13:00', 0, 0],
    ])
  })
  it.each<['minute' | 'hour' | 'day', number, number]>([
    ['minute', 15 * 60_000, 15],
    ['hour', 24 * H, 24],
    ['day', 30 * 24 * H, 30],
  ])('%s buckets over %i ms → about %i', (interval, span, n) => {
    const start = Date.UTC(2025, 0, 1)
    expect(wasteSeries([], { fromMs: start, toMs: start + span }, interval)).toHaveLength(n)
  })
  it('is empty for an empty range', () => {
    expect(wasteSeries([], { fromMs: 10, toMs: 10 }, 'minute')).toEqual([])
  })
})

describe('isPartial / traceLink', () => {
  const res = (rows: number, total: number) =>
    ({ findings: Array.from({ length: rows }), totals: { findings: total } }) as unknown as FindingsResponse
  it.each([
    [3, 3, false],
    [2, 3, true],
    [0, 0, false],
  ])('%i rows of %i → %s', (rows, total, want) => {
    expect(isPartial(res(rows, total))).toBe(want)
  })
  it('links to the trace with the first span selected', () => {
    expect(traceLink({ traceId: 'ab12', firstSpanId: 'cd34' })).toEqual({
      path: '/traces/ab12',
      params: { span: 'cd34' },
    })
  })
})
