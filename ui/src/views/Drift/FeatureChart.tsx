/**
 * The chart of one expanded feature: the shared-bin histogram as two bar series (reference and
 * current, each as a share of its window so windows of different sizes compare), or, for a rate,
 * the two rates as two bars. Loaded on demand: this and CostChart are the only modules outside
 * recharts' own chunk that import it, and neither is in the first bundle.
 */
import type { DriftFeature } from '@loupe/schema'
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { FEATURE_INFO, formatPercent, histogramBins } from '../../model/drift-view.ts'

/** Okabe–Ito blue and orange: apart in both themes and for the common colour-vision deficiencies. */
const REF = '#56b4e9'
const CUR = '#e69f00'

const SCALE_NOTE = {
  linear: 'equal-width bins; ticks are each bin’s lower edge',
  log: 'log-spaced bins (each wider than the one before); ticks are each bin’s lower edge',
  categories: 'one bar per count; the last bar collects everything at or above it',
} as const

export default function FeatureChart({ feature }: { feature: DriftFeature }) {
  const info = FEATURE_INFO[feature.feature]
  if (feature.histogram === null) {
    if (feature.rateRef === null || feature.rateCur === null)
      return <div className="state-empty-small">Nothing to draw.</div>
    const data = [
      { label: 'Reference', rate: feature.rateRef, n: feature.nRef },
      { label: 'Current', rate: feature.rateCur, n: feature.nCur },
    ]
    return (
      <figure className="dv-chart" data-testid="drift-chart" data-kind="rate">
        <figcaption>
          {info.label} {info.per}: reference {formatPercent(feature.rateRef)} of {feature.nRef.toLocaleString('en-US')},
          current {formatPercent(feature.rateCur)} of {feature.nCur.toLocaleString('en-US')}
        </figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={data} layout="vertical" margin={{ left: 16, right: 24 }}>
            <CartesianGrid horizontal={false} />
            <XAxis
              type="number"
              tickFormatter={(v: number) => formatPercent(v)}
              domain={[0, (max: number) => Math.max(max * 1.1, 0.01)]}
            />
            <YAxis type="category" dataKey="label" width={80} />
            <Tooltip cursor={{ fillOpacity: 0.08 }} formatter={(v) => formatPercent(Number(v))} />
            <Bar dataKey="rate" name={info.label} isAnimationActive={false}>
              <Cell fill={REF} />
              <Cell fill={CUR} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </figure>
    )
  }
  const bins = histogramBins(feature)
  return (
    <figure className="dv-chart" data-testid="drift-chart" data-kind={feature.histogram.scale}>
      <figcaption>
        {info.label} {info.per}, share of each window per bin · {SCALE_NOTE[feature.histogram.scale]}
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={bins} barGap={0} barCategoryGap="12%">
          <CartesianGrid vertical={false} />
          <XAxis dataKey="label" interval="preserveStartEnd" minTickGap={8} />
          <YAxis tickFormatter={(v: number) => formatPercent(v)} width={48} />
          <Tooltip
            cursor={{ fillOpacity: 0.08 }}
            content={({ active, payload }) => {
              const bin = active ? (payload?.[0]?.payload as (typeof bins)[number] | undefined) : undefined
              if (!bin) return null
              return (
                <div className="chart-tooltip">
                  <strong>{bin.range}</strong>
                  <div>
                    <span className="swatch" style={{ background: REF }} />
                    Reference: {bin.refCount.toLocaleString('en-US')} ({formatPercent(bin.refShare)})
                  </div>
                  <div>
                    <span className="swatch" style={{ background: CUR }} />
                    Current: {bin.curCount.toLocaleString('en-US')} ({formatPercent(bin.curShare)})
                  </div>
                </div>
              )
            }}
          />
          <Legend itemSorter={(item) => (item.dataKey === 'refShare' ? 0 : 1)} />
          <Bar
            dataKey="refShare"
            name={`Reference (n=${feature.nRef.toLocaleString('en-US')})`}
            fill={REF}
            isAnimationActive={false}
          />
          <Bar
            dataKey="curShare"
            name={`Current (n=${feature.nCur.toLocaleString('en-US')})`}
            fill={CUR}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  )
}
