/**
 * The ten most expensive traces of the range, each linking to its trace view: where to look first
 * when the bill is high.
 */
import { Link } from '../../components/Link.tsx'
import { RunningBadge, TraceDuration } from '../../components/Running.tsx'
import { ErrorState, Loading } from '../../components/States.tsx'
import { useTraces, type Poll } from '../../hooks/queries.ts'
import { formatCost, formatTime, formatTokens } from '../../model/format.ts'

export function ExpensiveTraces({ params, poll }: { params: { from: number; to: number }; poll: Poll }) {
  const traces = useTraces({ ...params, sort: 'costUsd', order: 'desc', limit: 10 }, poll)
  return (
    <section className="panel costs-section" aria-labelledby="expensive-title">
      <div className="section-head">
        <h2 id="expensive-title">Most expensive traces</h2>
      </div>
      {traces.isPending ? (
        <Loading />
      ) : traces.isError ? (
        <ErrorState error={traces.error} />
      ) : (
        <div className="table-scroll">
          <table className="data" data-testid="expensive-traces">
            <thead>
              <tr>
                <th scope="col">Trace</th>
                <th scope="col">Service · agent</th>
                <th scope="col">Models</th>
                <th scope="col">Started</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col" className="num">
                  LLM calls
                </th>
                <th scope="col" className="num">
                  Tokens in / out
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {traces.data.traces.map((t) => (
                <tr key={t.traceId} data-trace-id={t.traceId}>
                  <th scope="row" className="breakdown-name">
                    <Link to={`/traces/${t.traceId}`}>{t.rootName || t.traceId.slice(0, 12)}</Link>
                    {t.running && <RunningBadge />}
                  </th>
                  <td>{[...t.serviceNames, ...t.agentNames].join(' · ') || '—'}</td>
                  <td>{t.models.join(', ') || '—'}</td>
                  <td>{formatTime(t.startTimeUnixNano)}</td>
                  <td className="num">
                    <TraceDuration trace={t} />
                  </td>
                  <td className="num">{t.llmCalls.toLocaleString('en-US')}</td>
                  <td className="num">
                    {formatTokens(t.inputTokens)} / {formatTokens(t.outputTokens)}
                  </td>
                  <td className="num">
                    {formatCost(t.costUsd)}
                    {t.unpricedCalls > 0 && (
                      <>
                        {' '}
                        <span className="unpriced-badge" title={`${t.unpricedCalls} calls without a price`}>
                          +?
                        </span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {traces.data.traces.length === 0 && <div className="state-empty-small">No traces in this range.</div>}
        </div>
      )}
    </section>
  )
}
