/**
 * Wasted cost over time as hand-drawn SVG bars (recharts stays in the Costs chunk). Each bar is
 * one bucket of trace start times; its tooltip gives the bucket, the cost and the findings.
 */
import { bucketLabel } from '../../model/cost-series.ts'
import { formatCost } from '../../model/format.ts'
import type { Interval, WasteBucket } from '../../model/findings-view.ts'

const W = 1000
const H = 160

export function WasteChart({
  buckets,
  interval,
  spanMs,
  note,
}: {
  buckets: WasteBucket[]
  interval: Interval
  spanMs: number
  note?: string | undefined
}) {
  const max = buckets.reduce((m, b) => Math.max(m, b.wastedCostUsd), 0)
  const slot = buckets.length > 0 ? W / buckets.length : W
  const gap = slot > 4 ? Math.min(2, slot * 0.2) : 0
  const label = (ms: number) => bucketLabel(ms, interval, spanMs)
  const ticks =
    buckets.length === 0 ? [] : [buckets[0]!, buckets[Math.floor(buckets.length / 2)]!, buckets[buckets.length - 1]!]
  return (
    <section className="panel fv-section" data-testid="findings-chart" aria-label="Wasted cost over time">
      <div className="fv-section-head">
        <h2>Wasted cost over time</h2>
        <span className="fv-note">
          per {interval}, by trace start{note ? `, ${note}` : ''}
        </span>
      </div>
      <div className="fv-chart">
        <div className="fv-chart-y" aria-hidden>
          <span>{formatCost(max)}</span>
          <span>$0</span>
        </div>
        <div className="fv-chart-plot">
          <svg
            viewBox={`0 0 ${W} ${H}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={`Wasted cost per ${interval}, peak ${formatCost(max)}`}
          >
            <line x1={0} x2={W} y1={H - 0.5} y2={H - 0.5} className="fv-axis" />
            {buckets.map((b, i) => {
              const h = max > 0 ? (b.wastedCostUsd / max) * (H - 4) : 0
              return (
                <g key={b.startMs}>
                  {/* a full-height, invisible target so thin bars still show their tooltip */}
                  <rect x={i * slot} y={0} width={slot} height={H} className="fv-hit">
                    <title>{`${label(b.startMs)}: ${formatCost(b.wastedCostUsd)} wasted, ${b.findings} finding${b.findings === 1 ? '' : 's'}`}</title>
                  </rect>
                  {h > 0 && (
                    <rect
                      x={i * slot + gap / 2}
                      y={H - Math.max(h, 1)}
                      width={Math.max(slot - gap, 0.5)}
                      height={Math.max(h, 1)}
                      className="fv-bar"
                    />
                  )}
                </g>
              )
            })}
          </svg>
          <div className="fv-chart-x" aria-hidden>
            {ticks.map((b, i) => (
              <span key={i}>{label(b.startMs)}</span>
            ))}
          </div>
        </div>
      </div>
    </section>
  )
}
