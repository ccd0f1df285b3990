/**
 * The Costs view (`/costs`): totals against the previous period, cost over time stacked by one
 * dimension, breakdowns by service, agent, user and tool, the most expensive traces, and a warning
 * when some calls had no price. Loaded lazily by App.tsx because recharts is large; nothing outside
 * this folder may import recharts, or it lands in the first bundle.
 *
 * Each section owns its query, so a slow breakdown never holds back the totals. View state (the
 * stack dimension, the chart type) lives in the URL with the global time range. While the range
 * ends now every section follows it, and the totals say how much of the cost is still running.
 */
import { apiUrl } from '../../api/client.ts'
import { ErrorState, Loading } from '../../components/States.tsx'
import { useCostReport } from '../../hooks/queries.ts'
import { useTimeRange } from '../../hooks/useTimeRange.ts'
import { parseStack, previousPeriod, unpricedModels } from '../../model/cost-series.ts'
import { rangeParams } from '../../model/time-range.ts'
import { useLocation } from '../../router.ts'
import { BreakdownTable } from './BreakdownTable.tsx'
import { CostChart } from './CostChart.tsx'
import { CostTotals } from './CostTotals.tsx'
import { ExpensiveTraces } from './ExpensiveTraces.tsx'
import { UnpricedWarning } from './UnpricedWarning.tsx'
import './Costs.css'

export default function CostsView() {
  const { params: url } = useLocation()
  const { range, poll, params } = useTimeRange()
  const stack = parseStack(url.get('stack'))
  const chartType = url.get('chart') === 'area' ? 'area' : 'bar'
  // One by-model report gives the totals and the unpriced models; the previous period's totals
  // come from the same report shifted back by the range's length.
  const current = useCostReport({ ...params, groupBy: 'model' }, poll)
  const previous = useCostReport({ ...previousPeriod(params), groupBy: 'model' }, poll)
  // the range as of now, not as of the query keys: a live range has moved on since it was picked
  const csvHref = apiUrl('/api/reports/cost', { ...rangeParams(range), groupBy: stack, format: 'csv' })

  return (
    <div className="costs">
      <header className="costs-head">
        <h1>Costs</h1>
        <a className="button-link" data-testid="csv-download" href={csvHref} download={`loupe-cost-by-${stack}.csv`}>
          Download CSV (by {stack})
        </a>
      </header>

      {current.isPending ? (
        <Loading what="Loading costs" />
      ) : current.isError ? (
        <ErrorState error={current.error} />
      ) : (
        <>
          <CostTotals current={current.data.totals} previous={previous.data?.totals} rangeKey={range.key} />
          {current.data.totals.unpricedCalls > 0 && (
            <UnpricedWarning calls={current.data.totals.unpricedCalls} models={unpricedModels(current.data)} />
          )}
        </>
      )}

      <CostChart stack={stack} chartType={chartType} range={range} params={params} poll={poll} />

      <div className="costs-grid">
        <BreakdownTable dimension="service" title="By service" params={params} poll={poll} />
        <BreakdownTable dimension="agent" title="By agent" params={params} poll={poll} />
      </div>
      {/* the tool table has two more columns, so it gets the wider side */}
      <div className="costs-grid costs-grid-wide-right">
        <BreakdownTable dimension="user" title="By user" params={params} poll={poll} />
        <BreakdownTable dimension="tool" title="By tool" params={params} poll={poll} />
      </div>

      <ExpensiveTraces params={params} poll={poll} />
    </div>
  )
}
