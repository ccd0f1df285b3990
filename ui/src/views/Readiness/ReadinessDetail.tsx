/**
 * One agent's readiness: every check with its verdict, the sentence that explains it, its figures
 * (formatted by name: USD, durations, shares), its table and links to the traces that show it.
 * The check chosen in the matrix is highlighted and scrolled into view.
 */
import type { CheckId, FigureTable, ReadinessCheck } from '@loupe/schema'
import { useEffect, useRef } from 'react'
import { Link } from '../../components/Link.tsx'
import {
  CHECK_INFO,
  figureLabel,
  formatCell,
  formatFigure,
  traceHref,
  type MatrixRow,
} from '../../model/readiness-view.ts'
import { setParams } from '../../router.ts'
import { VerdictBadge } from './VerdictBadge.tsx'

export function ReadinessDetail({ row, check }: { row: MatrixRow; check: CheckId | undefined }) {
  const { agent } = row
  return (
    <section
      className="panel rv-section rv-detail"
      aria-label={`Readiness of ${row.label}`}
      data-testid="readiness-detail"
      data-service={row.serviceName}
      data-agent={row.agentName}
    >
      <div className="rv-section-head">
        <h2>{row.label}</h2>
        <VerdictBadge verdict={agent.verdict} />
        <span className="rv-note">
          {agent.traces.toLocaleString('en-US')} traces · {agent.spans.toLocaleString('en-US')} spans ·{' '}
          {agent.counts.pass} pass, {agent.counts.warn} warn, {agent.counts.fail} fail, {agent.counts.unknown} unknown
        </span>
        <button
          type="button"
          className="rv-close"
          onClick={() => setParams({ row: undefined, check: undefined })}
          aria-label="Close the detail"
        >
          Close
        </button>
      </div>
      <div className="rv-checks">
        {row.cells.map((c) => c.check && <CheckCard key={c.id} check={c.check} selected={c.id === check} />)}
      </div>
    </section>
  )
}

function CheckCard({ check, selected }: { check: ReadinessCheck; selected: boolean }) {
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' })
  }, [selected])
  const figures = Object.entries(check.figures)
  return (
    <article
      ref={ref}
      className={`rv-check rv-check-${check.verdict}${selected ? ' rv-check-selected' : ''}`}
      data-testid="readiness-check"
      data-check={check.id}
      data-verdict={check.verdict}
      aria-current={selected || undefined}
    >
      <header className="rv-check-head">
        <VerdictBadge verdict={check.verdict} />
        <h3>{check.title}</h3>
        <span className="rv-note">{CHECK_INFO[check.id].asks}</span>
      </header>
      <p className="rv-summary" data-testid="readiness-summary">
        {check.summary}
      </p>
      {figures.length > 0 && (
        <dl className="rv-figures">
          {figures.map(([name, value]) => (
            <div key={name} className="rv-figure" title={value === null ? 'not measurable in this range' : name}>
              <dt>{figureLabel(name)}</dt>
              <dd>{formatFigure(name, value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {check.table && check.table.rows.length > 0 && <CheckTable table={check.table} />}
      {check.exampleTraceIds.length > 0 && (
        <div className="rv-examples">
          <span className="rv-label">Example traces</span>
          {check.exampleTraceIds.map((id) => (
            <Link key={id} to={traceHref(id)} className="rv-trace mono" title={`Open trace ${id}`}>
              <span data-testid="readiness-example" data-trace-id={id}>
                {id.slice(0, 12)}…
              </span>
            </Link>
          ))}
        </div>
      )}
    </article>
  )
}

function CheckTable({ table }: { table: FigureTable }) {
  const numeric = table.columns.map((_, i) => table.rows.some((r) => typeof r[i] === 'number'))
  return (
    <div className="rv-scroll">
      <table className="data rv-table">
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col" className={numeric[i] ? 'num' : undefined}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {table.columns.map((c, j) => (
                <td key={j} className={numeric[j] ? 'num' : undefined}>
                  {formatCell(c, r[j] ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
