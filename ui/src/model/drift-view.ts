/**
 * @module model/drift-view
 * The Drift view (`/drift`) shaped from one `/api/reports/drift` answer: the URL state (filters,
 * the reference window, the expanded feature), the groups with drifted ones first, one readable
 * row per feature (test, samples, p, effect against threshold, verdict, percentiles ref → cur) and
 * the shared-bin histogram as chart data. Pure.
 *
 * Invariant: the current window is always the global time range; the reference window is either
 * the API's default (7 days before the current window), the previous period of the same length, or
 * explicit epoch-ms bounds from the URL.
 */
import {
  DRIFT_FEATURES,
  type DriftFeature,
  type DriftFeatureId,
  type DriftGroup,
  type DriftResponse,
} from '@loupe/schema'
import { formatCost, formatDuration } from './format.ts'

export type FeatureUnit = 'ms' | 'tokens' | 'usd' | 'count' | 'rate'

export const FEATURE_INFO: Record<DriftFeatureId, { label: string; unit: FeatureUnit; per: string }> = {
  'latency-ms': { label: 'Latency', unit: 'ms', per: 'per LLM call' },
  'input-tokens-per-call': { label: 'Input tokens', unit: 'tokens', per: 'per LLM call' },
  'output-tokens-per-call': { label: 'Output tokens', unit: 'tokens', per: 'per LLM call' },
  'call-error-rate': { label: 'Call error rate', unit: 'rate', per: 'of LLM calls' },
  'cost-per-trace-usd': { label: 'Cost', unit: 'usd', per: 'per trace' },
  'steps-per-trace': { label: 'Steps', unit: 'count', per: 'per trace' },
  'retries-per-trace': { label: 'Retries', unit: 'count', per: 'per trace' },
  'trace-error-rate': { label: 'Trace error rate', unit: 'rate', per: 'of traces' },
}

const TEST_INFO: Record<DriftFeature['test'], { label: string; statistic: string; effect: string }> = {
  ks: { label: 'KS', statistic: 'D', effect: 'KS D' },
  'chi-square': { label: 'χ²', statistic: 'χ²', effect: 'JS divergence (bits)' },
  'two-proportion': { label: 'two-proportion z', statistic: 'z', effect: 'rate difference' },
}

export type ReferenceMode = 'default' | 'previous' | 'custom'

export interface DriftState {
  filters: { service?: string; agent?: string; model?: string }
  /** `ref`: default (absent), `previous` or `custom` */
  reference: { mode: 'default' } | { mode: 'previous' } | { mode: 'custom'; fromMs: number; toMs: number }
  alpha?: number
  /** `open`: the expanded feature, as featureKey() */
  open?: string
}

const posInt = (v: string | null): number | undefined => {
  if (v === null || !/^\d{1,16}$/.test(v)) return undefined
  const n = Number(v)
  return n > 0 ? n : undefined
}

export function parseDriftState(params: URLSearchParams): DriftState {
  const filters: DriftState['filters'] = {}
  for (const k of ['service', 'agent', 'model'] as const) {
    const v = params.get(k)?.trim()
    if (v) filters[k] = v
  }
  let reference: DriftState['reference'] = { mode: 'default' }
  const mode = params.get('ref')
  if (mode === 'previous') reference = { mode: 'previous' }
  else if (mode === 'custom') {
    const fromMs = posInt(params.get('referenceFrom'))
    const toMs = posInt(params.get('referenceTo'))
    if (fromMs !== undefined && toMs !== undefined && toMs > fromMs) reference = { mode: 'custom', fromMs, toMs }
  }
  const state: DriftState = { filters, reference }
  const alpha = Number(params.get('alpha'))
  if (params.get('alpha') && alpha > 0 && alpha < 1) state.alpha = alpha
  const open = params.get('open')
  if (open) state.open = open
  return state
}

/** The reference bounds to send, given the current window (global range) in epoch ms. */
export function referenceParams(
  state: DriftState,
  current: { from: number; to: number },
): { referenceFrom?: number; referenceTo?: number } {
  switch (state.reference.mode) {
    case 'default':
      return {}
    case 'previous':
      return { referenceFrom: current.from - (current.to - current.from), referenceTo: current.from }
    case 'custom':
      return { referenceFrom: state.reference.fromMs, referenceTo: state.reference.toMs }
  }
}

const groupKey = (g: Pick<DriftGroup, 'agentName' | 'model'>): string =>
  `${encodeURIComponent(g.agentName)}|${encodeURIComponent(g.model)}`
export const featureKey = (g: Pick<DriftGroup, 'agentName' | 'model'>, feature: DriftFeatureId): string =>
  `${groupKey(g)}|${feature}`

export type FeatureVerdict = 'drifted' | 'stable' | 'insufficient'
export const VERDICT_TEXT: Record<FeatureVerdict, { label: string; icon: string }> = {
  drifted: { label: 'drifted', icon: '▲' },
  stable: { label: 'stable', icon: '=' },
  insufficient: { label: 'insufficient data', icon: '?' },
}

export function featureVerdict(f: Pick<DriftFeature, 'status' | 'drifted'>): FeatureVerdict {
  if (f.status === 'insufficient-data') return 'insufficient'
  return f.drifted ? 'drifted' : 'stable'
}

function formatValue(unit: FeatureUnit, v: number): string {
  switch (unit) {
    case 'ms':
      return v === 0 ? '0ms' : formatDuration(v)
    case 'usd':
      return formatCost(v)
    case 'rate':
      return formatPercent(v)
    case 'tokens':
      return Math.round(v).toLocaleString('en-US')
    case 'count':
      return Number.isInteger(v) ? String(v) : v.toFixed(1)
  }
}

export function formatPercent(v: number): string {
  const pct = v * 100
  if (pct === 0) return '0%'
  if (Math.abs(pct) < 10) return `${pct.toFixed(1)}%`
  return `${Math.round(pct)}%`
}

/** Relative change ref → cur as "+102%", "−8.5%"; null when the reference is 0. */
export function relativeChange(ref: number, cur: number): string | null {
  if (ref === 0) return cur === 0 ? '0%' : null
  const r = (cur - ref) / Math.abs(ref)
  const pct = Math.abs(r * 100)
  const text = pct < 10 ? pct.toFixed(1) : String(Math.round(pct))
  if (text === '0' || text === '0.0') return '0%'
  return `${r > 0 ? '+' : '−'}${text}%`
}

export function formatP(p: number | null): string {
  if (p === null) return '—'
  if (p < 0.0001) return '< 0.0001'
  if (p < 0.01) return p.toFixed(4)
  return p.toFixed(3)
}

function formatStat(v: number | null): string {
  if (v === null) return '—'
  if (Math.abs(v) >= 100) return v.toFixed(0)
  return v.toFixed(Math.abs(v) >= 10 ? 1 : 3)
}

interface QuantileShift {
  q: 'p50' | 'p95' | 'p99'
  ref: string
  cur: string
  change: string | null
}

export interface FeatureRow {
  key: string
  feature: DriftFeatureId
  label: string
  per: string
  unit: FeatureUnit
  test: string
  statisticLabel: string
  statistic: string
  nRef: number
  nCur: number
  pAdjusted: string
  pRaw: string
  effect: string
  threshold: string
  effectLabel: string
  /** |effect| ≥ threshold */
  large: boolean
  verdict: FeatureVerdict
  quantiles: QuantileShift[]
  rates: { ref: string; cur: string; change: string | null } | null
  /** there is something to draw when expanded */
  chartable: boolean
}

export function featureRow(group: Pick<DriftGroup, 'agentName' | 'model'>, f: DriftFeature): FeatureRow {
  const info = FEATURE_INFO[f.feature]
  const test = TEST_INFO[f.test]
  const effectFmt = (v: number) => (f.test === 'two-proportion' ? formatPercent(v) : v.toFixed(3))
  const q = f.quantiles
  const quantiles: QuantileShift[] =
    q.ref !== null && q.cur !== null
      ? (['p50', 'p95', 'p99'] as const).map((k) => ({
          q: k,
          ref: formatValue(info.unit, q.ref![k]),
          cur: formatValue(info.unit, q.cur![k]),
          change: relativeChange(q.ref![k], q.cur![k]),
        }))
      : []
  const rates =
    f.rateRef !== null && f.rateCur !== null
      ? { ref: formatPercent(f.rateRef), cur: formatPercent(f.rateCur), change: relativeChange(f.rateRef, f.rateCur) }
      : null
  return {
    key: featureKey(group, f.feature),
    feature: f.feature,
    label: info.label,
    per: info.per,
    unit: info.unit,
    test: test.label,
    statisticLabel: test.statistic,
    statistic: formatStat(f.statistic),
    nRef: f.nRef,
    nCur: f.nCur,
    pAdjusted: formatP(f.pAdjusted),
    pRaw: formatP(f.pValue),
    effect: f.effectSize === null ? '—' : effectFmt(f.effectSize),
    threshold: effectFmt(f.threshold),
    effectLabel: test.effect,
    large: f.effectSize !== null && Math.abs(f.effectSize) >= f.threshold,
    verdict: featureVerdict(f),
    quantiles,
    rates,
    chartable: (f.histogram !== null && f.histogram.ref.length > 0) || rates !== null,
  }
}

export interface GroupView {
  key: string
  label: string
  agentName: string
  model: string
  drifted: boolean
  /** at least one feature had enough samples to be tested */
  tested: boolean
  driftedCount: number
  insufficientCount: number
  rows: FeatureRow[]
}

const FEATURE_ORDER = new Map(DRIFT_FEATURES.map((f, i) => [f, i]))

const NO_AGENT = '(no agent)'
const groupLabel = (g: Pick<DriftGroup, 'agentName' | 'model'>): string =>
  `${g.agentName || NO_AGENT} · ${g.model || 'per trace, all models'}`

/**
 * Groups with drifted features first (most drifted first), then tested ones, then those where no
 * feature had enough samples; by agent and model within each. Features in report order.
 */
export function groupViews(res: Pick<DriftResponse, 'groups'>): GroupView[] {
  return res.groups
    .map((g) => {
      const rows = [...g.features]
        .sort((a, b) => (FEATURE_ORDER.get(a.feature) ?? 0) - (FEATURE_ORDER.get(b.feature) ?? 0))
        .map((f) => featureRow(g, f))
      return {
        key: groupKey(g),
        label: groupLabel(g),
        agentName: g.agentName,
        model: g.model,
        drifted: g.drifted,
        tested: rows.some((r) => r.verdict !== 'insufficient'),
        driftedCount: rows.filter((r) => r.verdict === 'drifted').length,
        insufficientCount: rows.filter((r) => r.verdict === 'insufficient').length,
        rows,
      }
    })
    .sort(
      (a, b) =>
        Number(b.drifted) - Number(a.drifted) ||
        b.driftedCount - a.driftedCount ||
        Number(b.tested) - Number(a.tested) ||
        a.agentName.localeCompare(b.agentName) ||
        a.model.localeCompare(b.model),
    )
}

export interface HistogramBin {
  /** the x-axis tick: a category, or the bin's lower edge */
  label: string
  /** the whole bin, for the tooltip: "120ms – 170ms" */
  range: string
  /** counts (not `ref`/`cur`: recharts spreads a row's fields onto each bar's <path>, and `ref` is React's) */
  refCount: number
  curCount: number
  /** counts as a share of each window, so windows of different sizes compare */
  refShare: number
  curShare: number
}

/**
 * The shared-bin histogram as chart rows. Counts features use the API's category labels;
 * continuous ones label each bin by its edges in the feature's unit (log bins read as such,
 * since their edges grow geometrically).
 */
export function histogramBins(f: Pick<DriftFeature, 'feature' | 'histogram'>): HistogramBin[] {
  const h = f.histogram
  if (h === null) return []
  const unit = FEATURE_INFO[f.feature].unit
  const n = Math.min(h.ref.length, h.cur.length)
  const refTotal = h.ref.reduce((s, v) => s + v, 0)
  const curTotal = h.cur.reduce((s, v) => s + v, 0)
  const byEdges = h.scale !== 'categories' && h.edges.length === n + 1
  const fmt = (v: number) => formatValue(unit, v)
  return Array.from({ length: n }, (_, i) => {
    const label = byEdges ? fmt(h.edges[i]!) : (h.labels[i] ?? String(i))
    const range = byEdges ? `${fmt(h.edges[i]!)} – ${fmt(h.edges[i + 1]!)}` : label
    const refCount = h.ref[i]!
    const curCount = h.cur[i]!
    return {
      label,
      range,
      refCount,
      curCount,
      refShare: refTotal > 0 ? refCount / refTotal : 0,
      curShare: curTotal > 0 ? curCount / curTotal : 0,
    }
  })
}

/** "3 Nov 10:00 → 10 Nov 10:00 (7 days)" for a window's ISO bounds. */
export function windowText(w: { from: string; to: string }): string {
  const from = Date.parse(w.from)
  const to = Date.parse(w.to)
  if (Number.isNaN(from) || Number.isNaN(to)) return `${w.from} → ${w.to}`
  const fmt = (ms: number) =>
    new Date(ms).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
  return `${fmt(from)} → ${fmt(to)} (${spanText(to - from)})`
}

export function spanText(ms: number): string {
  const h = ms / 3_600_000
  if (h < 1) return `${Math.round(ms / 60_000)} min`
  if (h < 48) return `${Number.isInteger(Math.round(h * 10) / 10) ? Math.round(h) : h.toFixed(1)} h`
  const d = h / 24
  return `${Number.isInteger(Math.round(d * 10) / 10) ? Math.round(d) : d.toFixed(1)} days`
}
