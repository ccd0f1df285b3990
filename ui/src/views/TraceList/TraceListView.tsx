/**
 * `/traces`: the trace list. All view state (filters, search, sort, page, chart metric) is in the
 * URL (model/trace-list), so a deep link reproduces the view and back/forward work; server state
 * comes through TanStack Query and follows now while the range ends now (hooks/useTimeRange):
 * running traces appear and grow in place.
 */
import { Empty, ErrorState, Loading, NoData } from '../../components/States.tsx'
import { isRefreshing, useFacets, useTraces } from '../../hooks/queries.ts'
import { useTimeRange } from '../../hooks/useTimeRange.ts'
import { RANGE_LABEL } from '../../model/time-range.ts'
import { clearFiltersChange, hasActiveFilters, readTraceListState, traceListQuery } from '../../model/trace-list.ts'
import { setParams, useLocation } from '../../router.ts'
import { Pager } from './Pager.tsx'
import { CHART_METRICS, TraceHistogram, type ChartMetric } from './TraceHistogram.tsx'
import { TraceFilters } from './TraceFilters.tsx'
import { TraceTable } from './TraceTable.tsx'
import './TraceList.css'

export function TraceListView() {
  const { params } = useLocation()
  const { range, params: rangeParams, poll, live } = useTimeRange()
  const state = readTraceListState(params)
  const chart = params.get('chart')
  const metric: ChartMetric = chart !== null && chart in CHART_METRICS ? (chart as ChartMetric) : 'costUsd'
  const traces = useTraces(traceListQuery(state, rangeParams), poll)
  const facets = useFacets(rangeParams, poll)
  const filtered = hasActiveFilters(state)

  const rangeText = range.key === 'custom' ? 'this time range' : `the ${RANGE_LABEL[range.key].toLowerCase()}`
  if (traces.isPending) return <Loading what="Loading traces" />
  if (traces.error && !traces.data) {
    return (
      <div className="tl-view">
        <ErrorState error={traces.error} />
        {/* a cursor from an old link can stop matching (another sort): offer the way out */}
        {state.cursor !== undefined && (
          <Empty>
            <button type="button" onClick={() => setParams({ cursor: undefined })}>
              Back to first page
            </button>
          </Empty>
        )}
      </div>
    )
  }
  const { traces: rows, nextCursor } = traces.data
  // nothing at all in the range: teach how to send traces instead of showing empty controls
  if (rows.length === 0 && !filtered && state.cursor === undefined)
    return <NoData title={`No traces in ${rangeText}`} />

  return (
    <div className="tl-view">
      <div className="tl-heading">
        <h1>Traces</h1>
        {isRefreshing(traces, live) && <span className="spinner" role="status" aria-label="Refreshing" />}
      </div>
      <TraceHistogram state={state} metric={metric} />
      <TraceFilters state={state} facets={facets.data} />
      {traces.error && <ErrorState error={traces.error} />}
      {rows.length === 0 ? (
        filtered ? (
          <Empty>
            No traces in {rangeText} match these filters.{' '}
            <button type="button" onClick={() => setParams(clearFiltersChange())}>
              Clear filters
            </button>
          </Empty>
        ) : (
          <Empty>
            No more traces.{' '}
            <button type="button" onClick={() => setParams({ cursor: undefined })}>
              Back to first page
            </button>
          </Empty>
        )
      ) : (
        <>
          <TraceTable state={state} traces={rows} stale={traces.isPlaceholderData} />
          <Pager
            scope="traces"
            cursor={state.cursor}
            nextCursor={nextCursor}
            shown={rows.length}
            noun={rows.length === 1 ? 'trace' : 'traces'}
          />
        </>
      )}
    </div>
  )
}
