import { describe, expect, it } from 'vitest'
import {
  driftRows,
  driftTable,
  driftVerdict,
  formatEffect,
  formatP,
  formatPercent,
  formatShift,
  formatStatistic,
} from './drift-table.ts'
import { DRIFT } from './testing.ts'

describe('driftTable', () => {
  const lines = driftTable(DRIFT).trimEnd().split('\n')

  it('has one row per agent, model and feature, drifted rows first, the rest in the server order', () => {
    expect(lines[0]).toMatch(
      /^agent +model +feature +test +n ref +n cur +statistic +p \(adjusted\) +effect \/ threshold +verdict +p50 ref → cur$/,
    )
    expect(lines.slice(1)).toHaveLength(5)
    expect(lines[1]).toMatch(
      /^planner +gpt-4o +latency-ms +ks +400 +120 +0\.930 +< 0\.0001 +0\.930 \/ 0\.100 +drifted +800ms → 1\.6s$/,
    )
    expect(lines[2]).toMatch(
      /^planner +gpt-4o +input-tokens-per-call +ks +400 +120 +0\.050 +0\.800 +0\.050 \/ 0\.100 +stable +1,000 → 1,010$/,
    )
    expect(lines[3]).toMatch(
      /^planner +gpt-4o +call-error-rate +two-proportion +400 +12 +— +— +— \/ 2\.0% +insufficient data +rate 1\.0% → —$/,
    )
    expect(lines[4]).toMatch(
      /^planner +\(all models\) +steps-per-trace +chi-square +400 +120 +12\.4 +0\.0042 +0\.012 \/ 0\.050 +stable +3 → 3\.5$/,
    )
    expect(lines[5]).toMatch(
      /^planner +\(all models\) +trace-error-rate +two-proportion .* -0\.4% \/ 2\.0% +stable +rate 2\.0% → 1\.6%$/,
    )
  })

  it('right-aligns the figures: the effect column ends at the same place on every line', () => {
    const end = lines[0]!.indexOf('effect / threshold') + 'effect / threshold'.length
    for (const line of lines) expect(line.slice(end - 1, end + 3)).toMatch(/^\S {2}\S$/)
  })

  it('has just the header for a report with no groups', () => {
    expect(
      driftTable({ ...DRIFT, groups: [] })
        .trimEnd()
        .split('\n'),
    ).toHaveLength(1)
  })
})

describe('rows and cells', () => {
  it('sorts drifted first, keeping the order of the rest', () => {
    expect(driftRows(DRIFT).map((r) => `${r.model}/${r.feature.feature}`)).toEqual([
      'gpt-4o/latency-ms',
      'gpt-4o/input-tokens-per-call',
      'gpt-4o/call-error-rate',
      '/steps-per-trace',
      '/trace-error-rate',
    ])
  })

  it.each([
    [{ status: 'ok', drifted: true }, 'drifted'],
    [{ status: 'ok', drifted: false }, 'stable'],
    [{ status: 'insufficient-data', drifted: false }, 'insufficient data'],
  ] as const)('driftVerdict(%j) = %s', (f, verdict) => {
    expect(driftVerdict(f)).toBe(verdict)
  })

  it.each([
    [null, '—'],
    [3e-39, '< 0.0001'],
    [0.0042, '0.0042'],
    [0.05, '0.050'],
    [1, '1.000'],
  ])('formatP(%s) = %s', (p, text) => {
    expect(formatP(p)).toBe(text)
  })

  it.each([
    [null, '—'],
    [0.93, '0.930'],
    [-1.2, '-1.200'],
    [12.44, '12.4'],
    [1234.5, '1235'],
  ])('formatStatistic(%s) = %s', (v, text) => {
    expect(formatStatistic(v)).toBe(text)
  })

  it.each([
    [0, '0%'],
    [0.016, '1.6%'],
    [-0.004, '-0.4%'],
    [0.35, '35%'],
  ])('formatPercent(%d) = %s', (v, text) => {
    expect(formatPercent(v)).toBe(text)
  })

  it.each([
    [{ test: 'ks', effectSize: 0.2, threshold: 0.1 }, '0.200 / 0.100'],
    [{ test: 'chi-square', effectSize: null, threshold: 0.05 }, '— / 0.050'],
    [{ test: 'two-proportion', effectSize: 0.05, threshold: 0.02 }, '5.0% / 2.0%'],
  ] as const)('formatEffect(%j) = %s', (f, text) => {
    expect(formatEffect(f)).toBe(text)
  })

  it('shows medians in the feature unit, and the cost in dollars', () => {
    const [latency] = driftRows(DRIFT)
    const cost = {
      ...latency!.feature,
      feature: 'cost-per-trace-usd' as const,
      quantiles: { ref: { p50: 0.0075, p95: 0, p99: 0 }, cur: null },
    }
    expect(formatShift(cost)).toBe('$0.0075 → —')
    expect(formatShift({ ...cost, quantiles: { ref: null, cur: null } })).toBe('—')
  })
})
