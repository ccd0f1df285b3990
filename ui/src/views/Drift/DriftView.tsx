/**
 * The Drift view (`/drift`): has an agent's behaviour changed? The current window (the global
 * time range) against a reference window, per agent · model, one row per feature with its test,
 * p-value, effect and percentiles; a feature expands into its shared-bin histogram. Filters, the
 * reference window, α and the expanded feature live in the URL. Loaded lazily by App.tsx; the
 * chart's recharts loads later still, on the first expand.
 *
 * One `/api/reports/drift` request feeds the page; the shaping is in `model/drift-view.ts`.
 */
import type { DriftFeature } from '@loupe/schema'
import { useMemo } from 'react'
import { ErrorState, Loading } from '../../components/States.tsx'
import { useDrift, useFacets } from '../../hooks/queries.ts'
import { useTimeRange } from '../../hooks/useTimeRange.ts'
import { featureKey, groupViews, parseDriftState, referenceParams } from '../../model/drift-view.ts'
import { useLocation } from '../../router.ts'
import { DriftEmpty } from './DriftEmpty.tsx'
import { DriftFilters } from './DriftFilters.tsx'
import { DriftGroupPanel } from './DriftGroupPanel.tsx'
import { DriftWindows } from './DriftWindows.tsx'
import './Drift.css'

export default function DriftView() {
  const { params: url } = useLocation()
  const { poll, params } = useTimeRange()
  const state = parseDriftState(url)
  const query = useDrift({ ...params, ...referenceParams(state, params), ...state.filters, alpha: state.alpha }, poll)
  const facets = useFacets(params, poll)
  const data = query.data
  const groups = useMemo(() => (data ? groupViews(data) : []), [data])
  const features = useMemo(() => {
    const m = new Map<string, DriftFeature>()
    for (const g of data?.groups ?? []) for (const f of g.features) m.set(featureKey(g, f.feature), f)
    return m
  }, [data])

  let body: React.ReactNode
  if (query.isPending) body = <Loading what="Comparing windows" />
  else if (query.isError) body = <ErrorState error={query.error} />
  else if (groups.length === 0)
    body = <DriftEmpty filtered={Object.keys(state.filters).length > 0} minSamples={query.data.minSamples} />
  else {
    const drifted = groups.filter((g) => g.drifted).length
    const tested = groups.filter((g) => g.tested)
    const untested = groups.filter((g) => !g.tested)
    body = (
      <>
        <p className="dv-summary" data-testid="drift-summary">
          {drifted > 0 ? (
            <strong>
              {drifted} of {tested.length} tested groups drifted
            </strong>
          ) : (
            <>
              No drift in {tested.length} tested group{tested.length === 1 ? '' : 's'}
            </>
          )}
          <span className="dv-note">
            {' '}
            · a feature drifts when its adjusted p is below α = {query.data.alpha} and its effect reaches the threshold
          </span>
        </p>
        {tested.map((g) => (
          <DriftGroupPanel key={g.key} group={g} features={features} open={state.open} />
        ))}
        {untested.length > 0 && (
          // open by default only when there is nothing else to show, or a feature inside is expanded
          <details
            className="dv-untested"
            data-testid="drift-untested"
            open={tested.length === 0 || untested.some((g) => state.open?.startsWith(`${g.key}|`))}
          >
            <summary>
              {untested.length} group{untested.length === 1 ? '' : 's'} with too few samples to test
              <span className="dv-note">
                {' '}
                (fewer than {query.data.minSamples} in a window): {untested.map((g) => g.label).join(', ')}
              </span>
            </summary>
            {untested.map((g) => (
              <DriftGroupPanel key={g.key} group={g} features={features} open={state.open} />
            ))}
          </details>
        )}
      </>
    )
  }

  return (
    <div className="dv" data-testid="drift-view">
      <header>
        <h1>Drift</h1>
        <p className="dv-sub">
          Has latency, token use, cost, step count or the error rate of an agent changed between two windows?
        </p>
      </header>
      <DriftWindows state={state} current={params} answer={data} />
      <DriftFilters filters={state.filters} facets={facets.data} />
      {body}
    </div>
  )
}
