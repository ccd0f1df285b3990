/**
 * @module cli/drift-table
 * Pure: a drift report → one row per (agent, model, feature), drifted rows first and otherwise in
 * the server's order, as a text table for people. The rows and their cells are shared with the
 * drift CSV (format.ts), so both list the same rows in the same order.
 */
import { formatUsd, type DriftFeature, type DriftFeatureId, type DriftResponse } from '@loupe/schema'
import { dimensionCell, formatDuration, formatInt, renderTable, type Column } from './table.ts'

export type DriftVerdict = 'drifted' | 'stable' | 'insufficient data'

export interface DriftRow {
  agentName: string
  /** '' for the per-trace features of the agent (all models) */
  model: string
  feature: DriftFeature
  verdict: DriftVerdict
}

export function driftVerdict(f: Pick<DriftFeature, 'status' | 'drifted'>): DriftVerdict {
  if (f.status === 'insufficient-data') return 'insufficient data'
  return f.drifted ? 'drifted' : 'stable'
}

/** Every feature of every group, drifted first (the sort is stable, so the server's order stays). */
export function driftRows(report: DriftResponse): DriftRow[] {
  return report.groups
    .flatMap((g) =>
      g.features.map((f) => ({ agentName: g.agentName, model: g.model, feature: f, verdict: driftVerdict(f) })),
    )
    .sort((a, b) => Number(b.verdict === 'drifted') - Number(a.verdict === 'drifted'))
}

type Unit = 'ms' | 'tokens' | 'usd' | 'count' | 'rate'

const UNITS: Record<DriftFeatureId, Unit> = {
  'latency-ms': 'ms',
  'input-tokens-per-call': 'tokens',
  'output-tokens-per-call': 'tokens',
  'call-error-rate': 'rate',
  'cost-per-trace-usd': 'usd',
  'steps-per-trace': 'count',
  'retries-per-trace': 'count',
  'trace-error-rate': 'rate',
}

const NONE = '—'

/** `2.0%`, `35%`; signed for a rate difference. */
export function formatPercent(v: number): string {
  const pct = v * 100
  if (pct === 0) return '0%'
  return Math.abs(pct) < 10 ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`
}

/** `< 0.0001`, `0.0012`, `0.340`: the UI's precision. */
export function formatP(p: number | null): string {
  if (p === null) return NONE
  if (p < 0.0001) return '< 0.0001'
  return p < 0.01 ? p.toFixed(4) : p.toFixed(3)
}

export function formatStatistic(v: number | null): string {
  if (v === null) return NONE
  if (Math.abs(v) >= 100) return v.toFixed(0)
  return v.toFixed(Math.abs(v) >= 10 ? 1 : 3)
}

/** KS D and JS divergence to three decimals; a rate difference (and its threshold) as a percentage. */
export function formatEffect(f: Pick<DriftFeature, 'test' | 'effectSize' | 'threshold'>): string {
  const show = (v: number) => (f.test === 'two-proportion' ? formatPercent(v) : v.toFixed(3))
  return `${f.effectSize === null ? NONE : show(f.effectSize)} / ${show(f.threshold)}`
}

function formatValue(unit: Unit, v: number): string {
  switch (unit) {
    case 'ms':
      return formatDuration(v)
    case 'tokens':
      return formatInt(v)
    case 'usd':
      return formatUsd(v)
    case 'count':
      return Number.isInteger(v) ? String(v) : v.toFixed(1)
    case 'rate':
      return formatPercent(v)
  }
}

/** Medians ref → cur; the rate features have no percentiles, so theirs show the rates, marked as such. */
export function formatShift(f: DriftFeature): string {
  const side = (v: number | null | undefined, unit: Unit) =>
    v === null || v === undefined ? NONE : formatValue(unit, v)
  if (UNITS[f.feature] === 'rate') {
    return f.rateRef === null && f.rateCur === null
      ? NONE
      : `rate ${side(f.rateRef, 'rate')} → ${side(f.rateCur, 'rate')}`
  }
  const { ref, cur } = f.quantiles
  if (ref === null && cur === null) return NONE
  return `${side(ref?.p50, UNITS[f.feature])} → ${side(cur?.p50, UNITS[f.feature])}`
}

const COLUMNS: readonly Column[] = [
  { header: 'agent', align: 'left' },
  { header: 'model', align: 'left' },
  { header: 'feature', align: 'left' },
  { header: 'test', align: 'left' },
  { header: 'n ref', align: 'right' },
  { header: 'n cur', align: 'right' },
  { header: 'statistic', align: 'right' },
  { header: 'p (adjusted)', align: 'right' },
  { header: 'effect / threshold', align: 'right' },
  { header: 'verdict', align: 'left' },
  { header: 'p50 ref → cur', align: 'left' },
]

export function driftTable(report: DriftResponse): string {
  const rows = driftRows(report).map(({ agentName, model, feature: f, verdict }) => [
    dimensionCell(agentName),
    model === '' ? '(all models)' : dimensionCell(model),
    f.feature,
    f.test,
    formatInt(f.nRef),
    formatInt(f.nCur),
    formatStatistic(f.statistic),
    formatP(f.pAdjusted),
    formatEffect(f),
    verdict,
    formatShift(f),
  ])
  return renderTable(COLUMNS, rows)
}
