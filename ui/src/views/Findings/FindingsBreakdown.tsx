/**
 * One breakdown table (by detector or by agent): findings, wasted cost and a share bar. A row's
 * name filters the view to it; clicking the selected one clears the filter.
 */
import { formatCost } from '../../model/format.ts'
import type { BreakdownRow } from '../../model/findings-view.ts'

export function FindingsBreakdown({
  testId,
  title,
  nameHeader,
  rows,
  selected,
  onSelect,
  note,
}: {
  testId: string
  title: string
  nameHeader: string
  rows: BreakdownRow[]
  selected: string | undefined
  /** called with the key to filter by, or undefined to clear */
  onSelect: (key: string | undefined) => void
  /** shown under the title, e.g. when the rows are only part of the range */
  note?: string | undefined
}) {
  const showTraces = rows.some((r) => r.traces !== undefined)
  return (
    <section className="panel fv-section" data-testid={testId} aria-label={title}>
      <div className="fv-section-head">
        <h2>{title}</h2>
        {note && <span className="fv-note">{note}</span>}
      </div>
      <div className="fv-scroll">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{nameHeader}</th>
              <th scope="col" className="num">
                Findings
              </th>
              {showTraces && (
                <th scope="col" className="num">
                  Traces
                </th>
              )}
              <th scope="col" className="num">
                Wasted cost
              </th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const active = selected === r.key
              // an unnamed agent cannot be filtered on: the API reads an empty value as "any"
              const filterable = r.key !== ''
              return (
                <tr key={r.key} data-key={r.key} className={active ? 'fv-row-active' : undefined}>
                  <th scope="row" className="fv-name">
                    {filterable ? (
                      <button
                        type="button"
                        className="fv-link-button"
                        aria-pressed={active}
                        title={active ? 'Clear this filter' : `Only ${r.label}`}
                        onClick={() => onSelect(active ? undefined : r.key)}
                      >
                        {r.label}
                      </button>
                    ) : (
                      <span className="fv-muted">{r.label}</span>
                    )}
                  </th>
                  <td className="num">{r.findings.toLocaleString('en-US')}</td>
                  {showTraces && <td className="num">{r.traces?.toLocaleString('en-US') ?? '—'}</td>}
                  <td className="num">{formatCost(r.wastedCostUsd)}</td>
                  <td>
                    <div className="fv-share" title={`${(r.share * 100).toFixed(1)}%`}>
                      <div className="fv-share-bar">
                        <span style={{ width: `${Math.max(0, Math.min(1, r.share)) * 100}%` }} />
                      </div>
                      <span className="fv-share-text">{Math.round(r.share * 100)}%</span>
                    </div>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}
