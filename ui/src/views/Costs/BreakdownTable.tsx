/**
 * One breakdown of the range's cost by a single dimension: cost, share of the total (as a bar),
 * calls and tokens; the tool breakdown adds tool calls and tool time. An LLM call's cost counts
 * under the tools it requested (README "Attribution rules"), so "(none)" there is LLM spend that
 * asked for no tool.
 */
import { ErrorState, Loading } from '../../components/States.tsx'
import { Link } from '../../components/Link.tsx'
import { useCostReport, type Poll } from '../../hooks/queries.ts'
import { breakdownRows } from '../../model/cost-series.ts'
import { formatCost, formatDuration, formatTokens } from '../../model/format.ts'

type Dimension = 'service' | 'agent' | 'user' | 'tool'

/** What '' means per dimension: spans that carry no value for it. */
const NONE_LABEL: Record<Dimension, string> = {
  service: '(no service)',
  agent: '(no agent)',
  user: '(no user)',
  tool: '(no tool requested)',
}

/** Dimensions whose value is also a trace-list filter: their names link to the filtered list. */
const LIST_FILTER: Partial<Record<Dimension, string>> = { service: 'service', agent: 'agent', user: 'userId' }

export function BreakdownTable({
  dimension,
  title,
  params,
  poll,
}: {
  dimension: Dimension
  title: string
  params: { from: number; to: number }
  poll: Poll
}) {
  const report = useCostReport({ ...params, groupBy: dimension }, poll)
  const isTool = dimension === 'tool'
  const filter = LIST_FILTER[dimension]

  return (
    <section className="panel costs-section" aria-labelledby={`breakdown-${dimension}-title`}>
      <div className="section-head">
        <h2 id={`breakdown-${dimension}-title`}>{title}</h2>
      </div>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} />
      ) : (
        <div className="table-scroll">
          <table className="data breakdown" data-testid={`breakdown-${dimension}`}>
            <thead>
              <tr>
                <th scope="col">{dimension[0]!.toUpperCase() + dimension.slice(1)}</th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col">Share</th>
                <th scope="col" className="num">
                  LLM calls
                </th>
                {isTool && (
                  <th scope="col" className="num">
                    Tool calls
                  </th>
                )}
                {isTool && (
                  <th scope="col" className="num">
                    Tool time
                  </th>
                )}
                <th scope="col" className="num">
                  Tokens in / out
                </th>
              </tr>
            </thead>
            <tbody>
              {breakdownRows(report.data, dimension).map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row" className="breakdown-name">
                    {r.key === '' ? (
                      <span className="none-value">{NONE_LABEL[dimension]}</span>
                    ) : filter ? (
                      <Link to="/traces" params={{ [filter]: r.key }} title={`Traces of ${r.label}`}>
                        {r.label}
                      </Link>
                    ) : (
                      r.label
                    )}
                    {r.unpricedCalls > 0 && (
                      <>
                        {' '}
                        <span className="unpriced-badge" title={`${r.unpricedCalls} calls without a price`}>
                          unpriced
                        </span>
                      </>
                    )}
                  </th>
                  <td className="num">{formatCost(r.costUsd)}</td>
                  <td>
                    <div className="share-cell">
                      <span className="share-bar" aria-hidden>
                        <span style={{ width: `${(r.share * 100).toFixed(1)}%` }} />
                      </span>
                      <span className="share-text">
                        {(r.share * 100).toFixed(r.share > 0 && r.share < 0.1 ? 1 : 0)}%
                      </span>
                    </div>
                  </td>
                  <td className="num">{r.llmCalls.toLocaleString('en-US')}</td>
                  {isTool && <td className="num">{r.toolCalls.toLocaleString('en-US')}</td>}
                  {isTool && <td className="num">{r.toolCalls > 0 ? formatDuration(r.toolDurationMs) : '—'}</td>}
                  <td className="num">
                    {formatTokens(r.inputTokens)} / {formatTokens(r.outputTokens)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.data.rows.length === 0 && <div className="state-empty-small">Nothing in this range.</div>}
        </div>
      )}
    </section>
  )
}
