/**
 * The Findings view (`/findings`): what loops and runaways cost over the range. Totals, the
 * breakdowns by detector and by agent, wasted cost over time and the worst findings, each linking
 * to its trace with the finding's spans in view. Filters (`detector`, `severity`, `service`,
 * `agent`) live in the URL with the global time range. Loaded lazily by App.tsx.
 *
 * One `/api/findings` request feeds every section; the shaping is in `model/findings-view.ts`.
 * While the range ends now it follows it: a loop shows up while its agent still runs, marked
 * provisional until its trace settles.
 */
import { ErrorState, Loading } from '../../components/States.tsx'
import { useFacets, useFindings } from '../../hooks/queries.ts'
import { useTimeRange } from '../../hooks/useTimeRange.ts'
import { formatCost, formatTokens } from '../../model/format.ts'
import {
  agentRows,
  detectorRows,
  FINDINGS_LIMIT,
  isPartial,
  parseFindingFilters,
  wasteSeries,
} from '../../model/findings-view.ts'
import { intervalFor } from '../../model/time-range.ts'
import { setParams, useLocation } from '../../router.ts'
import { FindingsBreakdown } from './FindingsBreakdown.tsx'
import { FindingsEmpty } from './FindingsEmpty.tsx'
import { FindingsFilters } from './FindingsFilters.tsx'
import { WasteChart } from './WasteChart.tsx'
import { WorstFindings } from './WorstFindings.tsx'
import './Findings.css'

export default function FindingsView() {
  const { params: url } = useLocation()
  const { range, poll, params } = useTimeRange()
  const filters = parseFindingFilters(url)
  const query = useFindings({ ...params, ...filters, limit: FINDINGS_LIMIT }, poll)
  const facets = useFacets(params, poll)
  const filtered = Object.keys(filters).length > 0

  let body: React.ReactNode
  if (query.isPending) body = <Loading what="Loading findings" />
  else if (query.isError) body = <ErrorState error={query.error} />
  else if (query.data.totals.findings === 0) body = <FindingsEmpty filtered={filtered} />
  else {
    const data = query.data
    const interval = intervalFor(range)
    const partial = isPartial(data)
    const partialNote = partial
      ? `from the ${data.findings.length.toLocaleString('en-US')} most wasteful of ${data.totals.findings.toLocaleString('en-US')} findings`
      : undefined
    body = (
      <>
        <section className="fv-cards" aria-label="Totals" data-testid="findings-total">
          <Card
            label="Findings"
            value={data.totals.findings.toLocaleString('en-US')}
            testId="findings-total-findings"
          />
          <Card
            label="Traces with findings"
            value={data.totals.traces.toLocaleString('en-US')}
            testId="findings-total-traces"
          />
          <Card label="Wasted cost" value={formatCost(data.totals.wastedCostUsd)} testId="findings-total-cost" />
          <Card label="Wasted tokens" value={formatTokens(data.totals.wastedTokens)} testId="findings-total-tokens" />
        </section>
        <div className="fv-grid">
          <FindingsBreakdown
            testId="findings-by-detector"
            title="By detector"
            nameHeader="Detector"
            rows={detectorRows(data.totals)}
            selected={filters.detector}
            onSelect={(key) => setParams({ detector: key })}
          />
          <FindingsBreakdown
            testId="findings-by-agent"
            title="By agent"
            nameHeader="Agent"
            rows={agentRows(data.findings)}
            note={partialNote}
            selected={filters.agent}
            onSelect={(key) => setParams({ agent: key })}
          />
        </div>
        <WasteChart
          buckets={wasteSeries(data.findings, range, interval)}
          interval={interval}
          spanMs={range.toMs - range.fromMs}
          note={partialNote}
        />
        <WorstFindings rows={data.findings} total={data.totals.findings} />
      </>
    )
  }

  return (
    <div className="fv" data-testid="findings-view">
      <header className="fv-head">
        <h1>Findings</h1>
        <p className="fv-sub">
          Loops and runaways the detectors found in traces that started in this range, and what the repetition cost.
        </p>
      </header>
      <FindingsFilters filters={filters} facets={facets.data} />
      {body}
    </div>
  )
}

function Card({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="panel fv-card">
      <div className="fv-card-label">{label}</div>
      <div className="fv-card-value" data-testid={testId}>
        {value}
      </div>
    </div>
  )
}
