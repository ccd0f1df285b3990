/**
 * `/sessions/:id`: one conversation. A totals header, then the session's traces as its turns,
 * oldest first (model/session-turns), each linking to its trace. The window is the global range
 * widened to at least 30 days, since a conversation outlives a short range. While the range ends
 * now the page follows it: a turn still running is marked and grows in place.
 */
import { ApiError } from '../../api/client.ts'
import { Link } from '../../components/Link.tsx'
import { RunningBadge, TraceDuration } from '../../components/Running.tsx'
import { Empty, ErrorState, Loading } from '../../components/States.tsx'
import { isRefreshing, useSession } from '../../hooks/queries.ts'
import { useTimeRange } from '../../hooks/useTimeRange.ts'
import { formatCost, formatTime, formatTokens, nanoToMs } from '../../model/format.ts'
import { formatElapsed, sessionTurns, sessionWindow, type Turn } from '../../model/session-turns.ts'
import { summariseList } from '../../model/trace-list.ts'
import { openOnRowClick } from '../TraceList/row-click.ts'
import './Sessions.css'

export function SessionDetailView({ sessionId }: { sessionId: string }) {
  const { params, poll, live } = useTimeRange()
  const session = useSession(sessionId, sessionWindow(params), poll)

  const back = (
    <Link to="/sessions" className="ss-back">
      ← Sessions
    </Link>
  )
  if (session.isPending)
    return (
      <div className="ss-view">
        {back}
        <Loading what="Loading session" />
      </div>
    )
  if (session.error && !session.data) {
    return (
      <div className="ss-view">
        {back}
        {session.error instanceof ApiError && session.error.status === 404 ? (
          <Empty>
            No session <code>{sessionId}</code> in the 30 days up to the end of the selected range.
          </Empty>
        ) : (
          <ErrorState error={session.error} />
        )}
      </div>
    )
  }
  const { session: s, traces } = session.data
  const turns = sessionTurns(traces)
  const maxCost = turns.reduce((m, t) => Math.max(m, t.trace.costUsd), 0)
  const firstMs = nanoToMs(s.firstSeenUnixNano)
  const lastMs = nanoToMs(s.lastSeenUnixNano)
  const llmCalls = traces.reduce((n, t) => n + t.llmCalls, 0)
  const toolCalls = traces.reduce((n, t) => n + t.toolCalls, 0)

  return (
    <div className="ss-view">
      {back}
      <div className="ss-heading">
        <h1>
          Session <span className="mono ss-title-id">{s.sessionId}</span>
        </h1>
        {s.runningTraces > 0 && <RunningBadge count={s.runningTraces} />}
        {isRefreshing(session, live) && <span className="spinner" role="status" aria-label="Refreshing" />}
      </div>
      {session.error && <ErrorState error={session.error} />}
      <dl className="ss-totals panel" aria-label="Session totals">
        <Total label="Turns" value={String(s.traceCount)} />
        <Total
          label="First seen"
          value={clock(firstMs)}
          detail={day(firstMs)}
          title={formatTime(s.firstSeenUnixNano)}
        />
        <Total
          label="Last seen"
          value={clock(lastMs)}
          detail={s.traceCount > 1 ? `${day(lastMs)} · ${formatElapsed(lastMs - firstMs)} later` : day(lastMs)}
          title={formatTime(s.lastSeenUnixNano)}
        />
        <Total label="Users" value={summariseList(s.userIds, 1)} title={s.userIds.join(', ')} />
        <Total label="Agents" value={summariseList(s.agentNames, 1)} title={s.agentNames.join(', ')} />
        <Total label="LLM / tool calls" value={`${llmCalls} / ${toolCalls}`} />
        <Total label="Tokens in / out" value={`${formatTokens(s.inputTokens)} / ${formatTokens(s.outputTokens)}`} />
        <Total label="Cost" value={formatCost(s.costUsd)} />
        <Total label="Errors" value={String(s.errorCount)} danger={s.errorCount > 0} />
      </dl>
      <div className="ss-table-wrap panel">
        <table className="data ss-table" data-testid="session-turns">
          <caption className="sr-only">Turns of session {s.sessionId}, oldest first</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Time</th>
              <th scope="col">Trace</th>
              <th scope="col">Agents</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col" className="num">
                <abbr title="Idle time since the previous turn ended">Gap</abbr>
              </th>
              <th scope="col" className="num">
                LLM
              </th>
              <th scope="col" className="num">
                Tools
              </th>
              <th scope="col" className="num">
                Tokens in / out
              </th>
              <th scope="col" className="num">
                Cost
              </th>
              <th scope="col" className="num">
                <abbr title="Cost of the conversation up to and including this turn">Running</abbr>
              </th>
              <th scope="col" className="num">
                Errors
              </th>
            </tr>
          </thead>
          <tbody>
            {turns.map((t) => (
              <TurnRow key={t.trace.traceId} turn={t} maxCost={maxCost} />
            ))}
          </tbody>
        </table>
      </div>
      {s.traceCount > traces.length && (
        <p className="ss-muted ss-note">
          Showing {traces.length} of {s.traceCount} turns: the rest started outside the window.
        </p>
      )}
    </div>
  )
}

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const day = (ms: number) =>
  new Date(ms).toLocaleDateString('en-GB', { day: '2-digit', month: 'short', year: 'numeric' })

function Total({
  label,
  value,
  detail,
  title,
  danger = false,
}: {
  label: string
  value: string
  detail?: string
  title?: string
  danger?: boolean
}) {
  return (
    <div className="ss-total">
      <dt>{label}</dt>
      <dd className={danger ? 'ss-danger' : undefined} title={title}>
        {value}
        {detail && <span className="ss-total-detail">{detail}</span>}
      </dd>
    </div>
  )
}

function TurnRow({ turn, maxCost }: { turn: Turn; maxCost: number }) {
  const t = turn.trace
  const path = `/traces/${encodeURIComponent(t.traceId)}`
  const share = maxCost > 0 ? t.costUsd / maxCost : 0
  return (
    <tr data-testid="session-turn" data-trace-id={t.traceId} className="ss-row" onClick={openOnRowClick(path)}>
      <td className="num ss-turn-n">{turn.n}</td>
      <td title={new Date(turn.startMs).toISOString()}>
        {formatTime(t.startTimeUnixNano)}
        {turn.n > 1 && <span className="ss-offset">+{formatElapsed(turn.offsetMs)}</span>}
      </td>
      <td className="ss-name">
        <Link to={path} title={t.rootName}>
          {t.rootName || '(unnamed)'}
        </Link>
        {t.running && (
          <>
            {' '}
            <RunningBadge />
          </>
        )}
      </td>
      <td className="ss-list" title={t.agentNames.join(', ')}>
        {summariseList(t.agentNames)}
      </td>
      <td className="num">
        <TraceDuration trace={t} />
      </td>
      <td className="num ss-muted">{turn.gapMs === null ? '—' : formatElapsed(turn.gapMs)}</td>
      <td className="num">{t.llmCalls}</td>
      <td className="num">{t.toolCalls}</td>
      <td className="num">
        {formatTokens(t.inputTokens)} / {formatTokens(t.outputTokens)}
      </td>
      <td className="num ss-cost">
        {/* the bar makes the expensive turns of a long conversation stand out */}
        <span className="ss-cost-bar" style={{ width: `${Math.round(share * 100)}%` }} aria-hidden />
        <span className="ss-cost-text">{formatCost(t.costUsd)}</span>
      </td>
      <td className="num ss-muted">{formatCost(turn.cumulativeCostUsd)}</td>
      <td className="num">
        {t.errorCount > 0 ? <span className="error-badge">{t.errorCount}</span> : <span className="ss-muted">0</span>}
      </td>
    </tr>
  )
}
