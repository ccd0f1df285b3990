/**
 * A light bar chart above the trace list: cost or LLM calls per bucket over the global range, drawn
 * as plain SVG from `/api/reports/timeseries` (no chart library in the first load). Clicking a bar
 * zooms the range onto it. The timeseries API knows the facet filters, not search, errors-only,
 * running-only or min-cost, so the chart says when it ignores those.
 */
import { useTimeseries } from '../../hooks/queries.ts'
import { useTimeRange } from '../../hooks/useTimeRange.ts'
import { formatCost } from '../../model/format.ts'
import { bucketLabel, buildHistogram, zoomChange, type Bar, type Interval } from '../../model/histogram.ts'
import { intervalFor } from '../../model/time-range.ts'
import type { TraceListState } from '../../model/trace-list.ts'
import { setParams } from '../../router.ts'

export const CHART_METRICS = { costUsd: 'Cost', llmCalls: 'LLM calls' } as const
export type ChartMetric = keyof typeof CHART_METRICS

const W = 1000
const H = 64

const formatValue = (metric: ChartMetric, v: number) =>
  metric === 'costUsd' ? formatCost(v) : v.toLocaleString('en-US')

export function TraceHistogram({ state, metric }: { state: TraceListState; metric: ChartMetric }) {
  const { range, params, poll } = useTimeRange()
  const interval = intervalFor(range)
  const f = state.filters
  const series = useTimeseries(
    {
      ...params,
      interval,
      metric,
      service: f.service,
      agent: f.agent,
      model: f.model,
      provider: f.provider,
      userId: f.userId,
    },
    poll,
  )
  const ignored = [
    f.q && 'search',
    f.status && 'errors only',
    f.state && `${f.state} only`,
    f.minCostUsd && 'min cost',
  ].filter(Boolean)
  const chart = series.data && buildHistogram(series.data, { width: W, height: H, gap: 2 })
  const bars = chart?.bars ?? []
  const mid = bars[Math.floor(bars.length / 2)]
  return (
    <section
      className="tl-histogram panel"
      data-testid="trace-histogram"
      aria-label={`${CHART_METRICS[metric]} per ${interval}`}
    >
      <header className="tl-histogram-head">
        <div>
          <span className="tl-histogram-title">
            {CHART_METRICS[metric]} per {interval}
          </span>
          {chart && <span className="tl-histogram-total">{formatValue(metric, chart.total)} in range</span>}
          {ignored.length > 0 && <span className="tl-muted tl-histogram-note">(ignores {ignored.join(', ')})</span>}
        </div>
        <div className="tl-segmented" role="group" aria-label="Chart metric">
          {(Object.keys(CHART_METRICS) as ChartMetric[]).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={m === metric}
              onClick={() => setParams({ chart: m === 'costUsd' ? undefined : m }, { replace: true })}
            >
              {CHART_METRICS[m]}
            </button>
          ))}
        </div>
      </header>
      {series.error && !series.data ? (
        <p className="tl-histogram-error">Chart unavailable: {series.error.message}</p>
      ) : (
        <div className="tl-histogram-body">
          <span className="tl-axis-top" aria-hidden>
            {chart ? formatValue(metric, chart.top) : ''}
          </span>
          <svg
            className={series.isPlaceholderData ? 'tl-histogram-svg tl-stale' : 'tl-histogram-svg'}
            viewBox={`0 0 ${W} ${H}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={
              chart
                ? `${CHART_METRICS[metric]} per ${interval}: ${formatValue(metric, chart.total)} in total over ${bars.length} ${interval}s`
                : 'Loading chart'
            }
          >
            <line className="tl-grid" x1={0} x2={W} y1={0.5} y2={0.5} vectorEffect="non-scaling-stroke" />
            <line className="tl-grid" x1={0} x2={W} y1={H / 2} y2={H / 2} vectorEffect="non-scaling-stroke" />
            <line className="tl-baseline" x1={0} x2={W} y1={H - 0.5} y2={H - 0.5} vectorEffect="non-scaling-stroke" />
            {bars.map((b) => (
              <BarRect key={b.startMs} bar={b} slot={W / bars.length} metric={metric} interval={interval} />
            ))}
          </svg>
          <div className="tl-axis" aria-hidden>
            <span>{bars[0] ? bucketLabel(bars[0].startMs, interval) : ''}</span>
            <span>{mid ? bucketLabel(mid.startMs, interval) : ''}</span>
            <span>{bars.length === 0 ? '' : range.key === 'custom' ? bucketLabel(range.toMs, interval) : 'now'}</span>
          </div>
        </div>
      )}
    </section>
  )
}

function BarRect({ bar, slot, metric, interval }: { bar: Bar; slot: number; metric: ChartMetric; interval: Interval }) {
  const when = new Date(bar.startMs).toLocaleString('en-GB', {
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  })
  return (
    <g className="tl-bar" onClick={() => setParams(zoomChange(bar))}>
      <title>{`${when} (${interval}): ${formatValue(metric, bar.value)} (click to zoom in)`}</title>
      {/* the whole column is the hover and click target, not just the (maybe tiny) bar */}
      <rect className="tl-bar-hit" x={bar.x} y={0} width={slot} height={H} />
      {bar.height > 0 && <rect className="tl-bar-fill" x={bar.x} y={bar.y} width={bar.width} height={bar.height} />}
    </g>
  )
}
