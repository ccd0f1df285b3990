/**
 * @module model/histogram
 * Shapes a `/api/reports/timeseries` answer into the bars of a small SVG bar chart: one bar per
 * bucket (all series summed), heights scaled to a "nice" top value, in pixel coordinates. Pure, so
 * the trace list can draw its chart without a chart library (recharts would double the first load).
 *
 * Invariant: the API returns every bucket of the range, empty ones as 0, oldest first, so bar i
 * sits at x = i × slot and no gap handling is needed.
 */
export type Interval = 'minute' | 'hour' | 'day'

const INTERVAL_MS: Record<Interval, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }

export interface HistogramInput {
  interval: Interval
  buckets: readonly string[]
  series: ReadonlyArray<{ key: string; values: readonly number[] }>
}

export interface Bar {
  startMs: number
  endMs: number
  value: number
  x: number
  y: number
  width: number
  height: number
}

export interface Histogram {
  bars: Bar[]
  /** the value of the chart's top edge: the smallest nice number at or above the largest bar */
  top: number
  total: number
}

/** Smallest 1, 2, 2.5 or 5 × 10^k at or above `v` (1 for nothing to show). */
export function niceCeil(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1
  const pow = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 2.5, 5, 10]) {
    // the epsilon keeps 0.3 from rounding up to 0.5 through 0.30000000000000004
    if (m * pow >= v * (1 - 1e-9)) return m * pow
  }
  return 10 * pow
}

export function buildHistogram(
  input: HistogramInput,
  size: { width: number; height: number; gap?: number },
): Histogram {
  const { width, height, gap = 1 } = size
  const n = input.buckets.length
  const values = input.buckets.map((_, i) => input.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0))
  const max = values.reduce((m, v) => Math.max(m, v), 0)
  const top = niceCeil(max)
  const slot = n > 0 ? width / n : width
  const step = INTERVAL_MS[input.interval]
  const bars = values.map((value, i) => {
    const startMs = Date.parse(input.buckets[i] as string)
    // a non-zero bucket always shows, even when it is a sliver next to the peak
    const h = value > 0 ? Math.max(1, (value / top) * height) : 0
    return {
      startMs,
      endMs: startMs + step,
      value,
      x: i * slot,
      y: height - h,
      width: Math.max(1, slot - gap),
      height: h,
    }
  })
  return { bars, top, total: values.reduce((a, b) => a + b, 0) }
}

/** URL changes that zoom the global range onto one bar (and back to the first page). */
export function zoomChange(bar: Pick<Bar, 'startMs' | 'endMs'>): Record<string, string | undefined> {
  return { range: 'custom', from: String(bar.startMs), to: String(bar.endMs), cursor: undefined }
}

/** A bucket's start as the axis and tooltips show it, in local time. */
export function bucketLabel(startMs: number, interval: Interval): string {
  const d = new Date(startMs)
  if (interval === 'day') return d.toLocaleDateString('en-GB', { day: '2-digit', month: 'short' })
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
  return interval === 'hour' && d.getHours() === 0
    ? d.toLocaleDateString('en-GB', { day: '2-digit', month: 'short' })
    : time
}
