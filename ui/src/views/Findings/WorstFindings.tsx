/**
 * The worst findings, most wasteful first (the API's order): message, detector and severity,
 * where it happened, how often it repeated and what it wasted, with a link that opens the trace
 * on the finding's first span. A finding on a trace still running is marked provisional. Capped
 * at `SHOWN` rows rather than virtualised.
 */
import type { FindingRow } from '@loupe/schema'
import { Link } from '../../components/Link.tsx'
import { ProvisionalBadge } from '../../components/Running.tsx'
import { formatCost, formatTime, formatTokens } from '../../model/format.ts'
import { DETECTOR_INFO, traceLink } from '../../model/findings-view.ts'

const SHOWN = 100

export function WorstFindings({ rows, total }: { rows: readonly FindingRow[]; total: number }) {
  const shown = rows.slice(0, SHOWN)
  const provisional = shown.filter((r) => r.provisional).length
  return (
    <section className="panel fv-section" data-testid="findings-worst" aria-label="Worst findings">
      <div className="fv-section-head">
        <h2>Worst findings</h2>
        {shown.length < total && (
          <span className="fv-note">
            the {shown.length} most wasteful of {total.toLocaleString('en-US')}
          </span>
        )}
        {provisional > 0 && (
          <span className="fv-note" data-testid="findings-provisional">
            {provisional} provisional: on traces still running
          </span>
        )}
      </div>
      <div className="fv-scroll">
        <table className="data fv-worst">
          <thead>
            <tr>
              <th scope="col">Finding</th>
              <th scope="col">Detector</th>
              <th scope="col">Service / agent</th>
              <th scope="col" className="num">
                Count
              </th>
              <th scope="col" className="num">
                Wasted tokens
              </th>
              <th scope="col" className="num">
                Wasted cost
              </th>
              <th scope="col">Trace</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => {
              const link = traceLink(r)
              return (
                <tr
                  key={`${r.traceId}-${r.detector}-${r.firstSpanId}-${i}`}
                  data-testid="findings-worst-row"
                  data-detector={r.detector}
                  data-severity={r.severity}
                  data-provisional={r.provisional ? 'true' : undefined}
                >
                  <td className="fv-message" title={r.message}>
                    {r.provisional && (
                      <>
                        <ProvisionalBadge />{' '}
                      </>
                    )}
                    {r.message}
                  </td>
                  <td>
                    <span className={`fv-sev ${r.severity}`}>{r.severity}</span>{' '}
                    <span title={DETECTOR_INFO[r.detector].explain}>{DETECTOR_INFO[r.detector].label}</span>
                  </td>
                  <td className="fv-where">
                    {r.serviceName || <span className="fv-muted">—</span>}
                    {r.agentName && <span className="fv-muted"> / {r.agentName}</span>}
                  </td>
                  <td className="num">{r.count.toLocaleString('en-US')}×</td>
                  <td className="num">{formatTokens(r.wastedTokens)}</td>
                  <td className="num">{formatCost(r.wastedCostUsd)}</td>
                  <td>
                    <Link to={link.path} params={link.params} title={`Open trace ${r.traceId} at the finding`}>
                      {formatTime(r.traceStartUnixNano)}
                    </Link>
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
