/**
 * One agent · model group: a row per feature with the test, the samples in each window, the
 * statistic, the adjusted p-value, the effect against its threshold, the verdict and p50/p95/p99
 * (or the rate) reference → current. A feature's name expands it into its chart, which is loaded
 * on demand with recharts (`?open=` keeps the expanded feature in the URL).
 */
import type { DriftFeature } from '@loupe/schema'
import { Component, Fragment, lazy, Suspense, type ReactNode } from 'react'
import { ErrorState, Loading } from '../../components/States.tsx'
import { VERDICT_TEXT, type FeatureRow, type FeatureVerdict, type GroupView } from '../../model/drift-view.ts'
import { setParams } from '../../router.ts'

const FeatureChart = lazy(() => import('./FeatureChart.tsx'))

export function DriftGroupPanel({
  group,
  features,
  open,
}: {
  group: GroupView
  features: ReadonlyMap<string, DriftFeature>
  open: string | undefined
}) {
  return (
    <section
      className={`panel dv-group${group.drifted ? ' dv-group-drifted' : ''}`}
      aria-label={group.label}
      data-testid="drift-group"
      data-agent={group.agentName}
      data-model={group.model}
      data-drifted={group.drifted}
    >
      <div className="dv-group-head">
        <h2>{group.label}</h2>
        <Verdict verdict={group.drifted ? 'drifted' : group.tested ? 'stable' : 'insufficient'} />
        <span className="dv-note">
          {group.driftedCount > 0
            ? `${group.driftedCount} of ${group.rows.length} features drifted`
            : `${group.rows.length} features`}
          {group.insufficientCount > 0 && ` · ${group.insufficientCount} with too few samples`}
        </span>
      </div>
      <div className="dv-scroll">
        <table className="data dv-table">
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Test</th>
              <th scope="col" className="num">
                n ref / cur
              </th>
              <th scope="col" className="num">
                Statistic
              </th>
              <th scope="col" className="num" title="p-value after Benjamini-Hochberg across the report's features">
                p (adj.)
              </th>
              <th scope="col" className="num">
                Effect / threshold
              </th>
              <th scope="col">Verdict</th>
              <th scope="col" className="num">
                p50 ref → cur
              </th>
              <th scope="col" className="num">
                p95 ref → cur
              </th>
              <th scope="col" className="num">
                p99 ref → cur
              </th>
            </tr>
          </thead>
          <tbody>
            {group.rows.map((r) => {
              const expanded = open === r.key
              const feature = features.get(r.key)
              return (
                <Fragment key={r.key}>
                  <tr
                    data-testid="drift-feature"
                    data-feature={r.feature}
                    data-verdict={r.verdict}
                    className={expanded ? 'dv-row-open' : undefined}
                  >
                    <th scope="row">
                      {r.chartable ? (
                        <button
                          type="button"
                          className="dv-link-button"
                          aria-expanded={expanded}
                          onClick={() => setParams({ open: expanded ? undefined : r.key })}
                        >
                          <span aria-hidden className="dv-caret">
                            {expanded ? '▾' : '▸'}
                          </span>{' '}
                          {r.label}
                        </button>
                      ) : (
                        r.label
                      )}
                      <div className="dv-per">{r.per}</div>
                    </th>
                    <td>{r.test}</td>
                    <td className="num">
                      {r.nRef.toLocaleString('en-US')} / {r.nCur.toLocaleString('en-US')}
                    </td>
                    <td className="num">{r.statistic === '—' ? '—' : `${r.statisticLabel} ${r.statistic}`}</td>
                    <td className="num" title={`raw p ${r.pRaw}`}>
                      {r.pAdjusted}
                    </td>
                    <td className="num" title={r.effectLabel}>
                      <span className={r.large ? 'dv-large' : undefined}>{r.effect}</span>{' '}
                      <span className="dv-muted">
                        {r.large ? '≥' : '<'} {r.threshold}
                      </span>
                    </td>
                    <td>
                      <Verdict verdict={r.verdict} />
                    </td>
                    <Shifts row={r} />
                  </tr>
                  {expanded && feature && (
                    <tr className="dv-chart-row">
                      <td colSpan={10}>
                        <ChartBoundary>
                          <Suspense fallback={<Loading what="Loading chart" />}>
                            <FeatureChart feature={feature} />
                          </Suspense>
                        </ChartBoundary>
                      </td>
                    </tr>
                  )}
                </Fragment>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function Shifts({ row }: { row: FeatureRow }) {
  if (row.rates) {
    return (
      <td colSpan={3} className="num" data-testid="drift-rate">
        rate {row.rates.ref} → {row.rates.cur} <Change change={row.rates.change} />
      </td>
    )
  }
  if (row.quantiles.length === 0)
    return (
      <td colSpan={3} className="num dv-muted">
        —
      </td>
    )
  return (
    <>
      {row.quantiles.map((q) => (
        <td key={q.q} className="num" data-testid={`drift-${q.q}`}>
          {q.ref} → {q.cur} <Change change={q.change} />
        </td>
      ))}
    </>
  )
}

function Change({ change }: { change: string | null }) {
  if (change === null) return null
  const dir = change.startsWith('+') ? 'up' : change.startsWith('−') ? 'down' : 'flat'
  return <span className={`dv-change dv-change-${dir}`}>{change}</span>
}

function Verdict({ verdict }: { verdict: FeatureVerdict }) {
  const t = VERDICT_TEXT[verdict]
  return (
    <span className={`dv-verdict dv-${verdict}`} data-verdict={verdict}>
      <span aria-hidden>{t.icon}</span> {t.label}
    </span>
  )
}

/** A chart that fails to load or draw costs its own row, not the page. */
class ChartBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null }
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render() {
    return this.state.error === null ? this.props.children : <ErrorState error={this.state.error} />
  }
}
