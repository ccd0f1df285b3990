/**
 * The Alerts view (`/alerts`): the rules in force with their state, their channels with a test
 * button each, and the alerts fired in the global range with how each notice was delivered.
 * Filters (`rule`, `state`) live in the URL with the time range. Loaded lazily by App.tsx.
 *
 * The rules come from memory (`/api/alerts/rules`), the history from storage (`/api/alerts`);
 * the shaping is in `model/alerts-view.ts`. While the range ends now the page follows it, so an
 * alert shows up seconds after it fires and its delivery status changes in place. The rules share
 * their cache with the navigation's marker, which polls them on every page, so they stay current
 * under a custom range too.
 */
import { ErrorState, Loading } from '../../components/States.tsx'
import { useAlertRules, useAlerts } from '../../hooks/queries.ts'
import { useTimeRange } from '../../hooks/useTimeRange.ts'
import { ALERTS_LIMIT, formatEvery, parseAlertFilters, ruleKinds, ruleOptions } from '../../model/alerts-view.ts'
import { useLocation } from '../../router.ts'
import { AlertHistory } from './AlertHistory.tsx'
import { AlertsFilters } from './AlertsFilters.tsx'
import { AlertsSetup } from './AlertsSetup.tsx'
import { ChannelsTable } from './ChannelsTable.tsx'
import { RulesTable } from './RulesTable.tsx'
import './Alerts.css'

export default function AlertsView() {
  const { params: url } = useLocation()
  const { poll, params } = useTimeRange()
  const filters = parseAlertFilters(url)
  const rules = useAlertRules({ refetchInterval: poll.refetchInterval })
  const history = useAlerts({ ...params, ...filters, limit: ALERTS_LIMIT }, poll)
  const filtered = Object.keys(filters).length > 0

  let setup: React.ReactNode
  if (rules.isPending) setup = <Loading what="Loading alert rules" />
  else if (rules.isError) setup = <ErrorState error={rules.error} />
  else if (rules.data.source === null) setup = <AlertsSetup />
  else {
    const { source, rules: list, channels, windowedEveryMs, scheduledEveryMs } = rules.data
    setup = (
      <>
        <section className="panel av-section" aria-label="Rules" data-testid="alert-rules">
          <div className="av-section-head">
            <h2>Rules</h2>
            <span className="av-note" data-testid="alert-rules-source">
              from <code>{source}</code>. Trace rules are checked as spans arrive; windowed rules every{' '}
              {formatEvery(windowedEveryMs)}; readiness and drift rules every {formatEvery(scheduledEveryMs)}.
            </span>
          </div>
          {list.length === 0 ? (
            <div className="state state-empty-small">The rules file has no rules.</div>
          ) : (
            <RulesTable rules={list} selected={filters.rule} />
          )}
        </section>
        <section className="panel av-section" aria-label="Channels" data-testid="alert-channels">
          <div className="av-section-head">
            <h2>Channels</h2>
            <span className="av-note">a test sends one message now and stores nothing</span>
          </div>
          {channels.length === 0 ? (
            <div className="state state-empty-small">The rules file has no channels.</div>
          ) : (
            <ChannelsTable channels={channels} />
          )}
        </section>
      </>
    )
  }

  let body: React.ReactNode
  if (history.isPending) body = <Loading what="Loading alerts" />
  else if (history.isError) body = <ErrorState error={history.error} />
  else if (history.data.alerts.length === 0)
    body = (
      <div className="state state-empty-small" data-testid="alerts-empty">
        No alerts fired in this range{filtered ? ' with these filters' : ''}.
      </div>
    )
  else body = <AlertHistory alerts={history.data.alerts} kinds={ruleKinds(rules.data)} />

  const shown = history.data?.alerts.length ?? 0
  return (
    <div className="av" data-testid="alerts-view">
      <header>
        <h1>Alerts</h1>
        <p className="av-sub">
          The rules that watch your agents, and the alerts they fired in this range with how each notice was delivered.
        </p>
      </header>
      {setup}
      <section className="panel av-section" aria-label="Recent alerts" data-testid="alert-history">
        <div className="av-section-head">
          <h2>Recent alerts</h2>
          {shown >= ALERTS_LIMIT && <span className="av-note">the {ALERTS_LIMIT} newest</span>}
        </div>
        <AlertsFilters filters={filters} rules={ruleOptions(rules.data, history.data?.alerts ?? [], filters.rule)} />
        {body}
      </section>
    </div>
  )
}
