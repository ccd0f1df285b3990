/**
 * @module model/time-range
 * The global time range, as kept in the URL: `range=15m|1h|24h|7d|30d` (relative to now) or
 * `range=custom&from=<ms>&to=<ms>`, and how views follow a range that ends now. Pure.
 */
export const RANGES = ['15m', '1h', '24h', '7d', '30d'] as const
export type RelativeRange = (typeof RANGES)[number]
export const RANGE_LABEL: Record<RelativeRange | 'custom', string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  custom: 'Custom',
}
const RANGE_MS: Record<RelativeRange, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
}

export const REFRESH = ['off', '10s', '30s', '1m', '5m'] as const
type Refresh = (typeof REFRESH)[number]
const REFRESH_MS: Record<Refresh, number | false> = {
  off: false,
  '10s': 10_000,
  '30s': 30_000,
  '1m': 60_000,
  '5m': 300_000,
}

export interface ResolvedRange {
  key: RelativeRange | 'custom'
  fromMs: number
  toMs: number
}

/** Resolves the URL's range against `now`; unknown values fall back to the last 24 hours. */
export function resolveRange(params: URLSearchParams, now: number): ResolvedRange {
  const range = params.get('range')
  if (range === 'custom') {
    const from = Number(params.get('from'))
    const to = Number(params.get('to'))
    if (Number.isFinite(from) && Number.isFinite(to) && from > 0 && to > from)
      return { key: 'custom', fromMs: from, toMs: to }
  }
  const key = (RANGES as readonly string[]).includes(range ?? '') ? (range as RelativeRange) : '24h'
  return { key, fromMs: now - RANGE_MS[key], toMs: now }
}

/** The API's `from`/`to` for a resolved range: whole milliseconds that still cover it. */
export function rangeParams(range: Pick<ResolvedRange, 'fromMs' | 'toMs'>): { from: number; to: number } {
  return { from: Math.floor(range.fromMs), to: Math.ceil(range.toMs) }
}

/** How often a view that follows now asks again: what a running trace changes shows within 2 s. */
export const LIVE_INTERVAL_MS = 1000

/**
 * Views whose queries follow a range ending now, live. Readiness and drift are heavier reports
 * that change slowly; they refresh on the user's auto-refresh interval instead. A trace's detail
 * follows its own state (running or not), not the range. Alerts follow now because a trace rule
 * fires while its agent runs, and a delivery's status changes seconds after.
 */
const LIVE_VIEWS: ReadonlySet<string> = new Set(['traces', 'sessions', 'session', 'costs', 'findings', 'alerts'])

/** True when the view follows now: a live view under a relative range (a custom range stays put). */
export function followsNow(view: string, params: URLSearchParams): boolean {
  return LIVE_VIEWS.has(view) && resolveRange(params, 0).key !== 'custom'
}

/**
 * A query's `from`/`to`, resolved at `anchorMs`, moved forward to `nowMs`. A live view keeps its
 * query keys at the anchor (one cache entry, refetched in place, so nothing flickers) and slides
 * each request instead. Windows derived from the range (the previous period, a session's
 * look-back) move by the same amount, so they keep their place relative to it.
 */
export function slideWindow<P extends Record<string, unknown>>(params: P, anchorMs: number, nowMs: number): P {
  const by = Math.max(0, Math.round(nowMs - anchorMs))
  const out: Record<string, unknown> = { ...params }
  for (const k of ['from', 'to']) {
    const v = out[k]
    if (typeof v === 'number') out[k] = v + by
  }
  return out as P
}

export function refreshInterval(params: URLSearchParams): number | false {
  const r = params.get('refresh')
  return (REFRESH as readonly string[]).includes(r ?? '') ? REFRESH_MS[r as Refresh] : false
}

/** A good chart bucket for a range: about 30 to 200 buckets. */
export function intervalFor(range: ResolvedRange): 'minute' | 'hour' | 'day' {
  const span = range.toMs - range.fromMs
  if (span <= 3 * 3_600_000) return 'minute'
  if (span <= 8 * 86_400_000) return 'hour'
  return 'day'
}
