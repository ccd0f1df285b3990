/**
 * The global time range from the URL, resolved against a "now" that moves only when the range
 * changes or an auto-refresh tick passes, so query keys stay stable between ticks.
 */
import { useEffect, useMemo, useState } from 'react'
import { refreshInterval, resolveRange, type ResolvedRange } from '../model/time-range.ts'
import { useLocation } from '../router.ts'

export function useTimeRange(): {
  range: ResolvedRange
  refetchInterval: number | false
  params: { from: number; to: number }
} {
  const { params } = useLocation()
  const key = `${params.get('range') ?? ''}|${params.get('from') ?? ''}|${params.get('to') ?? ''}`
  const interval = refreshInterval(params)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => setNow(Date.now()), [key])
  useEffect(() => {
    if (interval === false) return
    const t = setInterval(() => setNow(Date.now()), interval)
    return () => clearInterval(t)
  }, [interval])
  const range = useMemo(() => resolveRange(params, now), [key, now]) // eslint-disable-line react-hooks/exhaustive-deps
  return { range, refetchInterval: interval, params: { from: Math.floor(range.fromMs), to: Math.ceil(range.toMs) } }
}
