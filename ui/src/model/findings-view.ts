/**
 * @module model/findings-view
 * The Findings view (`/findings`) shaped from one `/api/findings` answer: the URL filters, the
 * by-detector and by-agent breakdowns, wasted cost bucketed over time, and the deep link that
 * focuses a finding in the trace detail. Pure.
 *
 * Invariant: totals and the by-detector breakdown come from the server and cover every finding in
 * the range; the by-agent breakdown and the time series are computed from the returned rows, which
 * are capped by `limit` (most wasteful first). `isPartial` says when the two can disagree.
 */
import { DETECTOR_IDS, type FindingRow, type FindingsResponse } from '@loupe/schema'
import type { ResolvedRange } from './time-range.ts'

export type DetectorId = FindingRow['detector']
export type Severity = FindingRow['severity']
export const SEVERITIES: readonly Severity[] = ['critical', 'warning']

/** The most rows the view asks for (the API's maximum). */
export const FINDINGS_LIMIT = 1000

/** What each detector looks for, for the breakdown's tooltips and the empty state. */
export const DETECTOR_INFO: Record<DetectorId, { label: string; explain: string }> = {
  'repeated-tool-call': {
    label: 'Repeated tool call',
    explain: 'the same tool call returning the same result again and again',
  },
  'repeated-error': {
    label: 'Repeated error',
    explain: 'the same call failing with the same error several times in a row',
  },
  'no-progress': { label: 'No progress', explain: 'a tool returning the identical result though its arguments change' },
  cycle: { label: 'Cycle', explain: 'a short sequence of steps or hand-offs repeating (A → B → A → B)' },
  'near-duplicate-llm': {
    label: 'Near-duplicate LLM call',
    explain: 'consecutive LLM calls that say, or are fed, the same thing again',
  },
  'step-budget': { label: 'Step budget', explain: 'far more steps than a cap or than the agent usually takes' },
  'cost-without-progress': {
    label: 'Cost without progress',
    explain: 'money spent over a window of steps that bring nothing new',
  },
}

export interface FindingFilters {
  detector?: DetectorId
  severity?: Severity
  service?: string
  agent?: string
}

/** The URL's filters; unknown detector or severity values are dropped rather than sent. */
export function parseFindingFilters(params: URLSearchParams): FindingFilters {
  const out: FindingFilters = {}
  const detector = params.get('detector')
  if (detector && (DETECTOR_IDS as readonly string[]).includes(detector)) out.detector = detector as DetectorId
  const severity = params.get('severity')
  if (severity && (SEVERITIES as readonly string[]).includes(severity)) out.severity = severity as Severity
  const service = params.get('service')?.trim()
  if (service) out.service = service
  const agent = params.get('agent')?.trim()
  if (agent) out.agent = agent
  return out
}

export interface BreakdownRow {
  key: string
  label: string
  findings: number
  /** distinct traces, when known (the by-detector totals do not carry them) */
  traces?: number
  wastedCostUsd: number
  /** 0..1 of the breakdown's wasted cost; of its findings when nothing has a cost */
  share: number
}

function withShares(rows: Omit<BreakdownRow, 'share'>[]): BreakdownRow[] {
  const cost = rows.reduce((s, r) => s + r.wastedCostUsd, 0)
  const count = rows.reduce((s, r) => s + r.findings, 0)
  return rows
    .map((r) => ({ ...r, share: cost > 0 ? r.wastedCostUsd / cost : count > 0 ? r.findings / count : 0 }))
    .sort((a, b) => b.wastedCostUsd - a.wastedCostUsd || b.findings - a.findings || a.key.localeCompare(b.key))
}

/** The server's per-detector totals, most wasteful first. */
export function detectorRows(totals: FindingsResponse['totals']): BreakdownRow[] {
  return withShares(
    totals.byDetector.map((d) => ({
      key: d.detector,
      label: DETECTOR_INFO[d.detector].label,
      findings: d.findings,
      wastedCostUsd: d.wastedCostUsd,
    })),
  )
}

const NO_AGENT = '(no agent)'

/** Rows grouped by agent name, most wasteful first. */
export function agentRows(
  rows: readonly Pick<FindingRow, 'agentName' | 'traceId' | 'wastedCostUsd'>[],
): BreakdownRow[] {
  const groups = new Map<string, { findings: number; traces: Set<string>; wastedCostUsd: number }>()
  for (const r of rows) {
    const g = groups.get(r.agentName) ?? { findings: 0, traces: new Set<string>(), wastedCostUsd: 0 }
    g.findings += 1
    g.traces.add(r.traceId)
    g.wastedCostUsd += r.wastedCostUsd
    groups.set(r.agentName, g)
  }
  return withShares(
    [...groups].map(([name, g]) => ({
      key: name,
      label: name === '' ? NO_AGENT : name,
      findings: g.findings,
      traces: g.traces.size,
      wastedCostUsd: g.wastedCostUsd,
    })),
  )
}

export type Interval = 'minute' | 'hour' | 'day'
const INTERVAL_MS: Record<Interval, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }

export interface WasteBucket {
  /** bucket start, epoch ms, aligned to the interval in UTC */
  startMs: number
  findings: number
  wastedCostUsd: number
}

/**
 * Dense buckets covering `[fromMs, toMs)`, oldest first, with each row counted in the bucket of
 * its trace's start. Rows outside the range are ignored.
 */
export function wasteSeries(
  rows: readonly Pick<FindingRow, 'traceStartUnixNano' | 'wastedCostUsd'>[],
  range: Pick<ResolvedRange, 'fromMs' | 'toMs'>,
  interval: Interval,
): WasteBucket[] {
  const step = INTERVAL_MS[interval]
  const first = Math.floor(range.fromMs / step) * step
  if (!(range.toMs > range.fromMs)) return []
  const count = Math.ceil((range.toMs - first) / step)
  const buckets: WasteBucket[] = Array.from({ length: count }, (_, i) => ({
    startMs: first + i * step,
    findings: 0,
    wastedCostUsd: 0,
  }))
  for (const r of rows) {
    const ms = Number(BigInt(r.traceStartUnixNano) / 1_000_000n)
    if (ms < range.fromMs || ms >= range.toMs) continue
    const b = buckets[Math.floor((ms - first) / step)]
    if (!b) continue
    b.findings += 1
    b.wastedCostUsd += r.wastedCostUsd
  }
  return buckets
}

/** True when the rows are only the most wasteful part of the range's findings. */
export function isPartial(res: FindingsResponse): boolean {
  return res.findings.length < res.totals.findings
}

/**
 * The trace detail link that focuses a finding. The trace's own findings list may be ordered
 * differently from this list, so the link names the finding's first span rather than an index.
 */
export function traceLink(row: Pick<FindingRow, 'traceId' | 'firstSpanId'>): {
  path: string
  params: Record<string, string>
} {
  return { path: `/traces/${encodeURIComponent(row.traceId)}`, params: { span: row.firstSpanId } }
}
