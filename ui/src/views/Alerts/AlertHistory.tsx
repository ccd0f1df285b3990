/**
 * The alerts fired in the range, newest first (the API's order): when, which rule, firing or
 * resolved, about what (a trace or a session links to it in the app), the message, the value
 * against the threshold, and how each channel's notice went. Capped at the view's limit rather
 * than virtualised: alerts fire once per subject, so a range holds few.
 */
import type { AlertDelivery, AlertRow } from '@loupe/schema'
import { Link } from '../../components/Link.tsx'
import { useNow } from '../../hooks/useNow.ts'
import { deliveryLines, formatInstant, measure, subjectView, type RuleKind } from '../../model/alerts-view.ts'
import { StateBadge } from './StateBadge.tsx'

export function AlertHistory({ alerts, kinds }: { alerts: readonly AlertRow[]; kinds: ReadonlyMap<string, RuleKind> }) {
  return (
    <div className="av-scroll">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Fired</th>
            <th scope="col">Rule</th>
            <th scope="col">State</th>
            <th scope="col">Subject</th>
            <th scope="col">Message</th>
            <th scope="col" className="num">
              Value / threshold
            </th>
            <th scope="col">Delivery</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <AlertRowView key={a.id} alert={a} kind={kinds.get(a.rule)} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function AlertRowView({ alert: a, kind }: { alert: AlertRow; kind: RuleKind | undefined }) {
  const subject = subjectView(a)
  const m = measure(a, kind)
  return (
    <tr data-testid="alert-row" data-rule={a.rule} data-state={a.state} data-alert-id={a.id}>
      <td>
        {formatInstant(a.firedAt)}
        {a.resolvedAt !== null && <div className="av-note">resolved {formatInstant(a.resolvedAt)}</div>}
      </td>
      <td>
        {a.rule}
        {a.stop && (
          <>
            {' '}
            <span className="av-stop" title="The guard tells the subject's agents to stop">
              stop
            </span>
          </>
        )}
      </td>
      <td>
        <StateBadge state={a.state} />
      </td>
      <td className="av-subject" title={`${subject.kind} ${subject.value}`}>
        <span className="av-muted">{subject.kind}</span>{' '}
        {subject.path === null ? (
          <span className="mono">{subject.value}</span>
        ) : (
          <Link to={subject.path} className="mono" title={`Open ${subject.kind} ${subject.value}`}>
            <span data-testid="alert-subject-link">{subject.value}</span>
          </Link>
        )}
      </td>
      <td className="av-message">{a.message}</td>
      <td className="num">
        {m.value}
        {m.threshold !== null && <span className="av-muted"> / {m.threshold}</span>}
      </td>
      <td>
        {a.deliveries.length === 0 ? (
          <span className="av-muted">no channel</span>
        ) : a.deliveries.some((d) => d.status === 'pending') ? (
          <TickingDeliveries deliveries={a.deliveries} />
        ) : (
          <Deliveries deliveries={a.deliveries} nowMs={0} />
        )}
      </td>
    </tr>
  )
}

/** A pending delivery counts down to its next attempt; only it needs the clock. */
function TickingDeliveries({ deliveries }: { deliveries: readonly AlertDelivery[] }) {
  return <Deliveries deliveries={deliveries} nowMs={useNow()} />
}

function Deliveries({ deliveries, nowMs }: { deliveries: readonly AlertDelivery[]; nowMs: number }) {
  return (
    <div className="av-deliveries">
      {deliveryLines(deliveries, nowMs).map((l) => (
        <div
          key={l.key}
          className={`av-delivery av-delivery-${l.status}`}
          data-testid="alert-delivery"
          data-channel={l.channel}
          data-status={l.status}
          title={l.title}
        >
          {l.channel}: <span className="av-delivery-status">{l.text}</span>
        </div>
      ))}
    </div>
  )
}
