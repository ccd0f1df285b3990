import type { CostMeasures, CostReportResponse, TimeseriesResponse } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import {
  breakdownRows,
  bucketLabel,
  formatChange,
  parseStack,
  periodChange,
  previousPeriod,
  toStackedChart,
  unpricedModels,
  type Change,
} from './cost-series.ts'

const ZERO: CostMeasures = {
  spanCount: 0,
  llmCalls: 0,
  toolCalls: 0,
  toolDurationMs: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  costUsd: 0,
  unpricedCalls: 0,
  wastedCostUsd: 0,
  runningCostUsd: 0,
}

function report(dim: string, rows: Array<[string, Partial<CostMeasures>]>): CostReportResponse {
  const full = rows.map(([v, m]) => ({ ...ZERO, ...m, dimensions: { [dim]: v } }))
  const totals = {
    ...ZERO,
    costUsd: full.reduce((s, r) => s + r.costUsd, 0),
    unpricedCalls: full.reduce((s, r) => s + r.unpricedCalls, 0),
  }
  return { groupBy: [dim as 'model'], from: '', to: '', rows: full, totals }
}

describe('parseStack', () => {
  it.each([
    [null, 'model'],
    ['agent', 'agent'],
    ['user', 'user'],
    ['trace', 'model'],
    ['', 'model'],
    ['AGENT', 'model'],
  ])('%s → %s', (v, want) => {
    expect(parseStack(v)).toBe(want)
  })
})

describe('toStackedChart', () => {
  const ts: TimeseriesResponse = {
    metric: 'costUsd',
    interval: 'hour',
    groupBy: 'model',
    buckets: ['2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z', '2026-01-01T12:00:00.000Z'],
    series: [
      { key: 'claude-3.5-sonnet', values: [0.5, 0, 1] },
      { key: 'never-used', values: [0, 0, 0] },
      { key: '', values: [0, 0.25, 0] },
      { key: 'other', values: [0.125, 0, 0] },
    ],
  }
  it('makes one row per bucket with path-safe keys, dropping all-zero series', () => {
    const chart = toStackedChart(ts)
    expect(chart.keys).toEqual([
      { dataKey: 's0', key: 'claude-3.5-sonnet', label: 'claude-3.5-sonnet' },
      { dataKey: 's1', key: '', label: '(none)' },
      { dataKey: 's2', key: 'other', label: 'other' },
    ])
    expect(chart.rows).toEqual([
      { t: Date.UTC(2026, 0, 1, 10), s0: 0.5, s1: 0, s2: 0.125 },
      { t: Date.UTC(2026, 0, 1, 11), s0: 0, s1: 0.25, s2: 0 },
      { t: Date.UTC(2026, 0, 1, 12), s0: 1, s1: 0, s2: 0 },
    ])
    expect(chart.total).toBe(1.875)
  })
  it('keeps empty buckets when there is no series at all', () => {
    const chart = toStackedChart({ ...ts, series: [] })
    expect(chart.keys).toEqual([])
    expect(chart.rows.map((r) => Object.keys(r))).toEqual([['t'], ['t'], ['t']])
    expect(chart.total).toBe(0)
  })
})

describe('bucketLabel', () => {
  const t = Date.UTC(2026, 0, 5, 9, 30)
  it.each([
    ['minute', 3_600_000, '09:30'],
    ['hour', 86_400_000, '09:30'],
    ['hour', 7 * 86_400_000, '05 Jan, 09:30'],
    ['day', 30 * 86_400_000, '05 Jan'],
  ] as const)('%s over %d ms → %s', (interval, span, want) => {
    expect(bucketLabel(t, interval, span, 'UTC')).toBe(want)
  })
})

describe('previousPeriod', () => {
  it.each([
    [
      { from: 1000, to: 3000 },
      { from: -1000, to: 1000 },
    ],
    [
      { from: 86_400_000, to: 2 * 86_400_000 },
      { from: 0, to: 86_400_000 },
    ],
  ])('%o → %o', (range, want) => {
    expect(previousPeriod(range)).toEqual(want)
  })
})

describe('periodChange / formatChange', () => {
  it.each<[number, number, Change, string]>([
    [0, 0, { kind: 'none' }, 'no change'],
    [5, 0, { kind: 'new' }, 'new'],
    [3, 2, { kind: 'ratio', ratio: 0.5 }, '+50%'],
    [1, 2, { kind: 'ratio', ratio: -0.5 }, '−50%'],
    [0, 4, { kind: 'ratio', ratio: -1 }, '−100%'],
    [1.05, 1, { kind: 'ratio', ratio: 0.05000000000000004 }, '+5.0%'],
    [1, 1, { kind: 'ratio', ratio: 0 }, '0%'],
    [1.00001, 1, { kind: 'ratio', ratio: 0.000010000000000065512 }, '0%'],
  ])('%d vs %d', (current, previous, change, text) => {
    const got = periodChange(current, previous)
    expect(got.kind).toBe(change.kind)
    if (got.kind === 'ratio' && change.kind === 'ratio') expect(got.ratio).toBeCloseTo(change.ratio, 12)
    expect(formatChange(got)).toBe(text)
  })
})

describe('breakdownRows', () => {
  it('sorts by cost, then calls, then name, with shares of the total', () => {
    const rows = breakdownRows(
      report('agent', [
        ['b', { costUsd: 1, llmCalls: 2 }],
        ['', { costUsd: 0, llmCalls: 0 }],
        ['a', { costUsd: 1, llmCalls: 2 }],
        ['c', { costUsd: 2, llmCalls: 1 }],
        ['d', { costUsd: 1, llmCalls: 5 }],
      ]),
      'agent',
    )
    expect(rows.map((r) => [r.label, r.share])).toEqual([
      ['c', 0.4],
      ['d', 0.2],
      ['a', 0.2],
      ['b', 0.2],
      ['(none)', 0],
    ])
  })
  it('gives zero shares when nothing cost anything', () => {
    expect(breakdownRows(report('tool', [['search', { toolCalls: 3 }]]), 'tool')).toMatchObject([
      { key: 'search', toolCalls: 3, share: 0 },
    ])
  })
})

describe('unpricedModels', () => {
  it.each([
    [[['gpt-4o', { costUsd: 1 }]], []],
    [
      [
        ['gpt-4o', { costUsd: 1 }],
        ['acme-9', { unpricedCalls: 2 }],
        ['zeta', { unpricedCalls: 2 }],
        ['', { unpricedCalls: 5 }],
      ],
      [
        { model: '(none)', calls: 5 },
        { model: 'acme-9', calls: 2 },
        { model: 'zeta', calls: 2 },
      ],
    ],
  ] as Array<[Array<[string, Partial<CostMeasures>]>, unknown]>)('%j', (rows, want) => {
    expect(unpricedModels(report('model', rows))).toEqual(want)
  })
})
