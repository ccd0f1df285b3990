/**
 * @module model/cost-series
 * Shapes the cost reports for the Costs view: the timeseries into rows a recharts stacked chart
 * reads, a report into breakdown rows with shares, and the change against the previous period.
 * Pure: no React, no fetch, so every rule here is tested without a DOM.
 */
import type { CostMeasures, CostReportResponse, TimeseriesResponse } from '@loupe/schema'

/** The dimensions the cost chart can stack by (one at a time, `?stack=` in the URL). */
export const STACK_DIMENSIONS = ['model', 'provider', 'service', 'agent', 'tool', 'user'] as const
export type StackDimension = (typeof STACK_DIMENSIONS)[number]
const DEFAULT_STACK: StackDimension = 'model'

/** `?stack=` from the URL; anything unknown falls back to model rather than failing the view. */
export function parseStack(value: string | null): StackDimension {
  return (STACK_DIMENSIONS as readonly string[]).includes(value ?? '') ? (value as StackDimension) : DEFAULT_STACK
}

/** How a dimension value reads; spans without one (e.g. no agent) come back as ''. */
function dimensionLabel(value: string | undefined): string {
  return value === undefined || value === '' ? '(none)' : value
}

interface SeriesKey {
  /** the recharts dataKey: `s0`, `s1`, ... */
  dataKey: string
  /** the dimension value as the API returned it ('other' for the rest beyond top N) */
  key: string
  label: string
}

export interface StackedChart {
  keys: SeriesKey[]
  /** one row per bucket, oldest first: `{t, s0, s1, ...}` */
  rows: Array<Record<string, number>>
  /** sum of every series over every bucket */
  total: number
}

/**
 * Dense series → one row per bucket. Series are keyed `s0..sN` rather than by their value because
 * recharts reads a string dataKey as a lodash path: a model named `claude-3.5` would be looked up
 * as `claude-3` → `5`. Series keep the API's order (largest first, "other" last), so the biggest
 * spend sits at the bottom of the stack. A series that is zero in every bucket is dropped.
 */
export function toStackedChart(ts: TimeseriesResponse): StackedChart {
  const live = ts.series.filter((s) => s.values.some((v) => v !== 0))
  const keys = live.map((s, i) => ({ dataKey: `s${i}`, key: s.key, label: dimensionLabel(s.key) }))
  let total = 0
  const rows = ts.buckets.map((iso, b) => {
    const row: Record<string, number> = { t: Date.parse(iso) }
    live.forEach((s, i) => {
      const v = s.values[b] ?? 0
      row[`s${i}`] = v
      total += v
    })
    return row
  })
  return { keys, rows, total }
}

/** A bucket's tick label: times for minute/hour buckets (with the date past a day), dates for days. */
export function bucketLabel(
  ms: number,
  interval: TimeseriesResponse['interval'],
  spanMs: number,
  timeZone?: string,
): string {
  const opts: Intl.DateTimeFormatOptions = { timeZone, hourCycle: 'h23' }
  if (interval === 'day' || spanMs > 86_400_000) Object.assign(opts, { day: '2-digit', month: 'short' })
  if (interval !== 'day') Object.assign(opts, { hour: '2-digit', minute: '2-digit' })
  return new Intl.DateTimeFormat('en-GB', opts).format(ms)
}

/** The period of equal length just before `{from, to}` (epoch ms, `to` exclusive). */
export function previousPeriod(range: { from: number; to: number }): { from: number; to: number } {
  return { from: range.from - (range.to - range.from), to: range.from }
}

export type Change =
  | { kind: 'none' } // zero in both periods
  | { kind: 'new' } // zero before, something now: a percentage would be infinite
  | { kind: 'ratio'; ratio: number } // (current − previous) / previous

export function periodChange(current: number, previous: number): Change {
  if (previous === 0) return current === 0 ? { kind: 'none' } : { kind: 'new' }
  return { kind: 'ratio', ratio: (current - previous) / previous }
}

/** `+12%`, `−40%`, `0%` (a true minus sign); one decimal under 10% so small moves are not lost. */
export function formatChange(change: Change): string {
  if (change.kind === 'none') return 'no change'
  if (change.kind === 'new') return 'new'
  const pct = change.ratio * 100
  const digits = Math.abs(pct) < 10 ? 1 : 0
  const text = Math.abs(pct).toFixed(digits)
  if (Number(text) === 0) return '0%'
  return `${pct > 0 ? '+' : '−'}${text}%`
}

export interface BreakdownRow extends CostMeasures {
  key: string
  label: string
  /** this row's part of the total cost, 0..1 (0 when the total is 0) */
  share: number
}

/**
 * A one-dimension report → rows by cost, highest first (ties by LLM calls, then name, so the
 * order is stable across refreshes). Shares are of the report's total cost.
 */
export function breakdownRows(report: CostReportResponse, dimension: string): BreakdownRow[] {
  const total = report.totals.costUsd
  return report.rows
    .map(({ dimensions, ...measures }) => {
      const key = dimensions[dimension] ?? ''
      return { ...measures, key, label: dimensionLabel(key), share: total > 0 ? measures.costUsd / total : 0 }
    })
    .sort((a, b) => b.costUsd - a.costUsd || b.llmCalls - a.llmCalls || a.key.localeCompare(b.key))
}

/** Models that had calls without a price, most calls first: what to add to LOUPE_PRICES_FILE. */
export function unpricedModels(byModel: CostReportResponse): Array<{ model: string; calls: number }> {
  return byModel.rows
    .filter((r) => r.unpricedCalls > 0)
    .map((r) => ({ model: dimensionLabel(r.dimensions['model']), calls: r.unpricedCalls }))
    .sort((a, b) => b.calls - a.calls || a.model.localeCompare(b.model))
}
