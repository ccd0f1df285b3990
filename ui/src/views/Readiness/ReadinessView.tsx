/**
 * The Readiness view (`/readiness`): per service and agent, the ten production-readiness checks
 * as a matrix of verdicts (worst first), the open agent's detail with each check's figures, table
 * and example traces, and the policy the report applied. Filters (`service`, `agent`) and the
 * selection (`row`, `check`) live in the URL with the global time range. Loaded lazily by App.tsx.
 *
 * One `/api/reports/readiness` request feeds the page; the shaping is in `model/readiness-view.ts`.
 */
import { ErrorState, Loading } from '../../components/States.tsx'
import { useFacets, useReadiness } from '../../hooks/queries.ts'
import { useTimeRange } from '../../hooks/useTimeRange.ts'
import {
  coverageText,
  matrixRows,
  parseReadinessState,
  selectedRow,
  verdictTotals,
} from '../../model/readiness-view.ts'
import { useLocation } from '../../router.ts'
import { PolicyPanel } from './PolicyPanel.tsx'
import { ReadinessDetail } from './ReadinessDetail.tsx'
import { ReadinessEmpty } from './ReadinessEmpty.tsx'
import { ReadinessFilters } from './ReadinessFilters.tsx'
import { ReadinessMatrix } from './ReadinessMatrix.tsx'
import { VerdictBadge } from './VerdictBadge.tsx'
import './Readiness.css'

export default function ReadinessView() {
  const { params: url } = useLocation()
  const { poll, params } = useTimeRange()
  const state = parseReadinessState(url)
  const query = useReadiness({ ...params, ...state.filters }, poll)
  const facets = useFacets(params, poll)
  const filtered = state.filters.service !== undefined || state.filters.agent !== undefined

  let body: React.ReactNode
  if (query.isPending) body = <Loading what="Checking readiness" />
  else if (query.isError) body = <ErrorState error={query.error} />
  else {
    const data = query.data
    const rows = matrixRows(data.agents)
    const open = selectedRow(rows, state.row)
    const totals = verdictTotals(data.agents)
    body = (
      <>
        {rows.length === 0 ? (
          <ReadinessEmpty filtered={filtered} tracesInRange={data.tracesInRange} />
        ) : (
          <>
            <p className="rv-totals" data-testid="readiness-totals">
              {rows.length} agent{rows.length === 1 ? '' : 's'}:{' '}
              {(['fail', 'warn', 'unknown', 'pass'] as const).map((v) => (
                <span key={v} className="rv-total">
                  <VerdictBadge verdict={v} compact /> {totals[v]}
                </span>
              ))}
              <span className="rv-note">· {coverageText(data)}</span>
            </p>
            <ReadinessMatrix rows={rows} openRow={open?.key} openCheck={open ? state.check : undefined} />
            {open && <ReadinessDetail row={open} check={state.check} />}
          </>
        )}
        <PolicyPanel policy={data.policy} coverage={coverageText(data)} />
      </>
    )
  }

  return (
    <div className="rv" data-testid="readiness-view">
      <header>
        <h1>Readiness</h1>
        <p className="rv-sub">
          Is each agent ready for production? Ten checks over the traces that started in this range, judged against the
          policy below.
        </p>
      </header>
      <ReadinessFilters filters={state.filters} facets={facets.data} />
      {body}
    </div>
  )
}
