/**
 * `/sessions`: conversations across traces, most recently active first, with cursor paging and an
 * optional user filter (URL: `userId`, `cursor`, as the API names them). A row opens the session.
 * While the range ends now the list follows it, and a session with a trace still running says so.
 */
import type { SessionSummary } from '@loupe/schema'
import { Link } from '../../components/Link.tsx'
import { RunningBadge } from '../../components/Running.tsx'
import { Empty, ErrorState, Loading } from '../../components/States.tsx'
import { isRefreshing, useFacets, useSessions } from '../../hooks/queries.ts'
import { useTimeRange } from '../../hooks/useTimeRange.ts'
import { formatCost, formatTime, formatTokens, nanoToMs } from '../../model/format.ts'
import { formatElapsed } from '../../model/session-turns.ts'
import { RANGE_LABEL } from '../../model/time-range.ts'
import { facetOptions, PAGE_SIZE, summariseList } from '../../model/trace-list.ts'
import { setParams, useLocation } from '../../router.ts'
import { Pager } from '../TraceList/Pager.tsx'
import { openOnRowClick } from '../TraceList/row-click.ts'
import './Sessions.css'

export function SessionListView() {
  const { params } = useLocation()
  const { range, params: rangeParams, poll, live } = useTimeRange()
  const userId = params.get('userId') || undefined
  const cursor = params.get('cursor') || undefined
  const sessions = useSessions({ ...rangeParams, userId, cursor, limit: PAGE_SIZE }, poll)
  const facets = useFacets(rangeParams, poll)
  const rangeText = range.key === 'custom' ? 'this time range' : `the ${RANGE_LABEL[range.key].toLowerCase()}`

  let body: React.ReactNode
  if (sessions.isPending) body = <Loading what="Loading sessions" />
  else if (sessions.error && !sessions.data) body = <ErrorState error={sessions.error} />
  else if (sessions.data.sessions.length === 0) {
    body =
      userId !== undefined || cursor !== undefined ? (
        <Empty>
          No {cursor !== undefined ? 'more ' : ''}sessions
          {userId !== undefined ? (
            <>
              {' '}
              for user <code>{userId}</code>
            </>
          ) : null}{' '}
          in {rangeText}.{' '}
          <button type="button" onClick={() => setParams({ userId: undefined, cursor: undefined })}>
            Show all sessions
          </button>
        </Empty>
      ) : (
        <div className="state state-empty">
          <h2>No sessions in {rangeText}</h2>
          <p>
            A session groups the traces of one conversation. Loupe reads it from <code>session.id</code> or{' '}
            <code>gen_ai.conversation.id</code> (and the Langfuse, LangSmith, Traceloop and AI SDK equivalents) on any
            span of a trace.
          </p>
          <p>
            <Link to="/traces">See all traces</Link>
          </p>
        </div>
      )
  } else {
    const { sessions: rows, nextCursor } = sessions.data
    body = (
      <>
        <div
          className={sessions.isPlaceholderData ? 'ss-table-wrap panel ss-stale' : 'ss-table-wrap panel'}
          aria-busy={sessions.isPlaceholderData}
        >
          <table className="data ss-table" data-testid="session-table">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col" className="num">
                  Traces
                </th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                <th scope="col" className="num">
                  Span
                </th>
                <th scope="col">Users</th>
                <th scope="col">Agents</th>
                <th scope="col" className="num">
                  Tokens in
                </th>
                <th scope="col" className="num">
                  Tokens out
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <SessionRow key={s.sessionId} s={s} />
              ))}
            </tbody>
          </table>
        </div>
        <Pager
          scope="sessions"
          cursor={cursor}
          nextCursor={nextCursor}
          shown={rows.length}
          noun={rows.length === 1 ? 'session' : 'sessions'}
        />
      </>
    )
  }

  return (
    <div className="ss-view">
      <div className="ss-heading">
        <h1>Sessions</h1>
        {isRefreshing(sessions, live) && !sessions.isPending && (
          <span className="spinner" role="status" aria-label="Refreshing" />
        )}
        <label className="ss-filter">
          <span className="ss-label">User</span>
          <select
            data-testid="filter-user"
            value={userId ?? ''}
            onChange={(e) => setParams({ userId: e.target.value || undefined, cursor: undefined })}
          >
            <option value="">All users</option>
            {facetOptions(facets.data?.users, userId).map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
      </div>
      {sessions.error && sessions.data && <ErrorState error={sessions.error} />}
      {body}
    </div>
  )
}

function SessionRow({ s }: { s: SessionSummary }) {
  const path = `/sessions/${encodeURIComponent(s.sessionId)}`
  const spanMs = nanoToMs(s.lastSeenUnixNano) - nanoToMs(s.firstSeenUnixNano)
  return (
    <tr data-testid="session-row" data-session-id={s.sessionId} className="ss-row" onClick={openOnRowClick(path)}>
      <td className="ss-id">
        <Link to={path} title={s.sessionId}>
          {s.sessionId}
        </Link>
      </td>
      <td className="num">
        {s.runningTraces > 0 && (
          <>
            <RunningBadge count={s.runningTraces} />{' '}
          </>
        )}
        {s.traceCount}
      </td>
      <td>{formatTime(s.firstSeenUnixNano)}</td>
      <td>{formatTime(s.lastSeenUnixNano)}</td>
      <td className="num" title="From the first trace's start to the last one's">
        {s.traceCount > 1 ? formatElapsed(spanMs) : <span className="ss-muted">—</span>}
      </td>
      <td className="ss-list" title={s.userIds.join(', ')}>
        {summariseList(s.userIds)}
      </td>
      <td className="ss-list" title={s.agentNames.join(', ')}>
        {summariseList(s.agentNames)}
      </td>
      <td className="num">{formatTokens(s.inputTokens)}</td>
      <td className="num">{formatTokens(s.outputTokens)}</td>
      <td className="num">{formatCost(s.costUsd)}</td>
      <td className="num">
        {s.errorCount > 0 ? <span className="error-badge">{s.errorCount}</span> : <span className="ss-muted">0</span>}
      </td>
    </tr>
  )
}
