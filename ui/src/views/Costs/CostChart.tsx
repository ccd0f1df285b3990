/**
 * Cost over time, stacked by one dimension (model by default; `?stack=` in the URL), as bars or
 * areas (`?chart=area`). The data comes shaped from model/cost-series.ts; this file only draws.
 * The only module besides its siblings that may import recharts (see CostsView).
 */
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { ErrorState, Loading } from '../../components/States.tsx'
import { useTimeseries, type Poll } from '../../hooks/queries.ts'
import { STACK_DIMENSIONS, bucketLabel, toStackedChart, type StackDimension } from '../../model/cost-series.ts'
import { formatCost } from '../../model/format.ts'
import { intervalFor, type ResolvedRange } from '../../model/time-range.ts'
import { setParams } from '../../router.ts'

/** Distinct in both themes and for the common colour-vision deficiencies (Okabe–Ito based). */
const PALETTE = ['#5b8def', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#b8a400', '#8c6bd6']
const OTHER_COLOUR = '#94a3b8'
/** The chart shows this many values of the dimension; the rest are summed into "other". */
const TOP = 8

export function CostChart({
  stack,
  chartType,
  range,
  params,
  poll,
}: {
  stack: StackDimension
  chartType: 'bar' | 'area'
  range: ResolvedRange
  params: { from: number; to: number }
  poll: Poll
}) {
  const interval = intervalFor(range)
  const ts = useTimeseries({ ...params, interval, metric: 'costUsd', groupBy: stack, top: TOP }, poll)
  const span = range.toMs - range.fromMs

  return (
    <section className="panel costs-section" aria-labelledby="cost-chart-title">
      <div className="section-head">
        <h2 id="cost-chart-title">Cost over time</h2>
        <label className="control">
          Stack by{' '}
          <select
            data-testid="stack-by"
            value={stack}
            onChange={(e) => setParams({ stack: e.target.value === 'model' ? undefined : e.target.value })}
          >
            {STACK_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label="Chart type">
          <button type="button" aria-pressed={chartType === 'bar'} onClick={() => setParams({ chart: undefined })}>
            Bars
          </button>
          <button type="button" aria-pressed={chartType === 'area'} onClick={() => setParams({ chart: 'area' })}>
            Areas
          </button>
        </div>
      </div>
      <div className="cost-chart" data-testid="cost-chart">
        {ts.isPending ? (
          <Loading what="Loading chart" />
        ) : ts.isError ? (
          <ErrorState error={ts.error} />
        ) : (
          <Chart data={toStackedChart(ts.data)} chartType={chartType} label={(t) => bucketLabel(t, interval, span)} />
        )}
      </div>
    </section>
  )
}

function Chart({
  data,
  chartType,
  label,
}: {
  data: ReturnType<typeof toStackedChart>
  chartType: 'bar' | 'area'
  label: (t: number) => string
}) {
  if (data.total === 0) return <div className="state-empty-small">No cost in this range.</div>
  const colour = (i: number, key: string) => (key === 'other' ? OTHER_COLOUR : PALETTE[i % PALETTE.length]!)
  const byTime = new Map(data.rows.map((r) => [r.t, r]))
  // Animation is off: with auto-refresh on, every tick would replay it.
  const common = (
    <>
      <CartesianGrid vertical={false} />
      <XAxis dataKey="t" tickFormatter={(t: number) => label(t)} minTickGap={24} />
      <YAxis tickFormatter={(v: number) => formatCost(v)} width={64} />
      <Tooltip
        cursor={{ fillOpacity: 0.08 }}
        content={({ active, label: t }) => {
          const row = active ? byTime.get(Number(t)) : undefined
          if (row === undefined) return null
          const total = data.keys.reduce((s, k) => s + (row[k.dataKey] ?? 0), 0)
          return (
            <div className="chart-tooltip">
              <strong>{label(Number(t))}</strong> · {formatCost(total)}
              {data.keys
                .filter((k) => (row[k.dataKey] ?? 0) > 0)
                .map((k) => (
                  <div key={k.dataKey}>
                    <span className="swatch" style={{ background: colour(data.keys.indexOf(k), k.key) }} />
                    {k.label}: {formatCost(row[k.dataKey] ?? 0)}
                  </div>
                ))}
            </div>
          )
        }}
      />
      <Legend />
    </>
  )
  return (
    <ResponsiveContainer width="100%" height={280}>
      {chartType === 'area' ? (
        <AreaChart data={data.rows}>
          {common}
          {data.keys.map((k, i) => (
            <Area
              key={k.dataKey}
              dataKey={k.dataKey}
              name={k.label}
              stackId="cost"
              type="linear"
              stroke={colour(i, k.key)}
              fill={colour(i, k.key)}
              fillOpacity={0.5}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      ) : (
        <BarChart data={data.rows}>
          {common}
          {data.keys.map((k, i) => (
            <Bar
              key={k.dataKey}
              dataKey={k.dataKey}
              name={k.label}
              stackId="cost"
              fill={colour(i, k.key)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      )}
    </ResponsiveContainer>
  )
}
