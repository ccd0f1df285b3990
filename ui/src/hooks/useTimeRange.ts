/**
 * The global time range from the URL, and how the view's queries follow the clock.
 *
 * A range that ends now, on a view that follows it (`followsNow`), is live: the query parameters
 * stay at the moment the range was picked (`params`: stable query keys, so each answer replaces
 * the last in place and nothing flickers), and every `LIVE_INTERVAL_MS` each query asks again
 * with its window slid forward to the current time (`poll`). TanStack Query skips those polls
 * while the tab is hidden. We poll rather than push: every view is already a cacheable GET with
 * its own filters, so live needs no second code path and works through any proxy.
 *
 * Otherwise "now" moves only when the range changes or an auto-refresh tick passes, and each
 * tick is a new set of query keys.
 */
import { useEffect, useMemo, useState } from 'react'
import type { Poll } from './queries.ts'
import {
  followsNow,
  LIVE_INTERVAL_MS,
  rangeParams,
  refreshInterval,
  resolveRange,
  type ResolvedRange,
} from '../model/time-range.ts'
import { useLocation } from '../router.ts'

export function useTimeRange(): {
  /** the range as of the latest tick: what charts and buckets are drawn against */
  range: ResolvedRange
  /** the queries' `from`/`to` */
  params: { from: number; to: number }
  /** pass to every query of the view */
  poll: Poll
  /** the view follows now */
  live: boolean
} {
  const { route, params } = useLocation()
  const key = `${params.get('range') ?? ''}|${params.get('from') ?? ''}|${params.get('to') ?? ''}`
  const live = followsNow(route.name, params)
  const interval = live ? LIVE_INTERVAL_MS : refreshInterval(params)
  // `anchor`: when the range was picked; `now`: the latest tick. A new range resets both during
  // render rather than in an effect, so its first queries are not asked twice.
  const [clock, setClock] = useState(() => {
    const t = Date.now()
    return { key, anchor: t, now: t }
  })
  let current = clock
  if (clock.key !== key) {
    const t = Date.now()
    current = { key, anchor: t, now: t }
    setClock(current)
  }
  useEffect(() => {
    if (interval === false) return
    const t = setInterval(() => setClock((c) => ({ ...c, now: Date.now() })), interval)
    return () => clearInterval(t)
  }, [interval])
  const { anchor, now } = current
  const range = useMemo(() => resolveRange(params, now), [key, now]) // eslint-disable-line react-hooks/exhaustive-deps
  const askedAt = live ? anchor : now
  const queryParams = useMemo(() => rangeParams(resolveRange(params, askedAt)), [key, askedAt]) // eslint-disable-line react-hooks/exhaustive-deps
  const poll = useMemo<Poll>(
    () => ({ refetchInterval: interval, slideFrom: live ? anchor : null }),
    [interval, live, anchor],
  )
  return { range, params: queryParams, poll, live }
}
