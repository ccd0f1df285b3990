/**
 * The matrix: one row per service / agent (worst first), one column per check, each cell a
 * verdict badge. A cell opens the agent's detail at that check; the agent's name opens it at the
 * top. The open row and cell are marked with aria-pressed, and the URL carries both.
 */
import { CHECK_IDS } from '@loupe/schema'
import { CHECK_INFO, VERDICT_INFO, type MatrixRow } from '../../model/readiness-view.ts'
import { setParams } from '../../router.ts'
import { VerdictBadge } from './VerdictBadge.tsx'

export function ReadinessMatrix({
  rows,
  openRow,
  openCheck,
}: {
  rows: MatrixRow[]
  openRow: string | undefined
  openCheck: string | undefined
}) {
  return (
    <section className="panel rv-section" aria-label="Readiness by agent" data-testid="readiness-matrix">
      <div className="rv-section-head">
        <h2>By agent</h2>
        <span className="rv-note">worst first · select a cell for the figures and example traces</span>
      </div>
      <div className="rv-scroll">
        <table className="data rv-matrix">
          <thead>
            <tr>
              <th scope="col">Service / agent</th>
              <th scope="col">Overall</th>
              {CHECK_IDS.map((id) => (
                <th key={id} scope="col" className="rv-col" title={CHECK_INFO[id].asks}>
                  {CHECK_INFO[id].short}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const open = r.key === openRow
              return (
                <tr
                  key={r.key}
                  data-testid="readiness-row"
                  data-service={r.serviceName}
                  data-agent={r.agentName}
                  className={open ? 'rv-row-open' : undefined}
                >
                  <th scope="row" className="rv-agent">
                    <button
                      type="button"
                      className="rv-link-button"
                      aria-pressed={open && openCheck === undefined}
                      onClick={() =>
                        setParams({ row: open && openCheck === undefined ? undefined : r.key, check: undefined })
                      }
                    >
                      <span className="rv-service">{r.serviceName || '—'}</span> /{' '}
                      <strong>{r.agentName || <em>(no agent)</em>}</strong>
                    </button>
                    <div className="rv-agent-meta">
                      {r.agent.traces.toLocaleString('en-US')} trace{r.agent.traces === 1 ? '' : 's'}
                    </div>
                  </th>
                  <td>
                    <VerdictBadge verdict={r.agent.verdict} />
                  </td>
                  {r.cells.map((c) => {
                    const selected = open && openCheck === c.id
                    if (c.check === undefined)
                      return (
                        <td key={c.id} className="rv-cell" data-check={c.id}>
                          <span className="rv-muted" aria-label="not reported">
                            —
                          </span>
                        </td>
                      )
                    const label = `${r.label}, ${c.check.title}: ${VERDICT_INFO[c.check.verdict].label}`
                    return (
                      <td
                        key={c.id}
                        className="rv-cell"
                        data-testid="readiness-cell"
                        data-check={c.id}
                        data-verdict={c.check.verdict}
                      >
                        <button
                          type="button"
                          className={`rv-cell-button${selected ? ' rv-selected' : ''}`}
                          aria-pressed={selected}
                          aria-label={label}
                          title={c.check.summary}
                          onClick={() => setParams({ row: r.key, check: selected ? undefined : c.id })}
                        >
                          <VerdictBadge verdict={c.check.verdict} compact />
                        </button>
                      </td>
                    )
                  })}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}
