/**
 * The trace summaries table. Headers of sortable columns are buttons that write `sort`/`order`;
 * a row click opens the trace (the root name is the keyboard path: a real link). A running trace
 * is marked and its duration counts up. Span content is untrusted and is rendered only as text.
 */
import type { TraceSummary } from '@loupe/schema'
import { Link } from '../../components/Link.tsx'
import { RunningBadge, TraceDuration } from '../../components/Running.tsx'
import { formatCost, formatTime, formatTokens, nanoToMs } from '../../model/format.ts'
import {
  sortChange,
  sortIndicator,
  summariseList,
  type TraceListState,
  type TraceSort,
} from '../../model/trace-list.ts'
import { setParams } from '../../router.ts'
import { openOnRowClick } from './row-click.ts'

export function TraceTable({
  state,
  traces,
  stale,
}: {
  state: TraceListState
  traces: readonly TraceSummary[]
  stale: boolean
}) {
  return (
    <div className={stale ? 'tl-table-wrap panel tl-stale' : 'tl-table-wrap panel'} aria-busy={stale}>
      <table className="data tl-table" data-testid="trace-table">
        <thead>
          <tr>
            <th scope="col">Trace</th>
            <th scope="col">Agent · service</th>
            <SortHeader state={state} column="startTime" label="Start" />
            <SortHeader state={state} column="durationMs" label="Duration" numeric />
            <SortHeader state={state} column="spanCount" label="Spans" numeric />
            <th scope="col" className="num">
              LLM
            </th>
            <th scope="col" className="num">
              Tools
            </th>
            <th scope="col" className="num">
              Tokens in
            </th>
            <th scope="col" className="num">
              Tokens out
            </th>
            <SortHeader state={state} column="costUsd" label="Cost" numeric />
            <th scope="col" className="num">
              Errors
            </th>
            <th scope="col" className="num">
              Findings
            </th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => (
            <TraceRow key={t.traceId} t={t} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function SortHeader({
  state,
  column,
  label,
  numeric = false,
}: {
  state: TraceListState
  column: TraceSort
  label: string
  numeric?: boolean
}) {
  const { ariaSort, arrow } = sortIndicator(state, column)
  return (
    <th
      scope="col"
      aria-sort={ariaSort}
      className={numeric ? 'num tl-sortable' : 'tl-sortable'}
      data-testid={`sort-${column}`}
    >
      <button
        type="button"
        className={arrow ? 'tl-sort active' : 'tl-sort'}
        onClick={() => setParams(sortChange(state, column))}
      >
        {label}
        <span className="tl-arrow" aria-hidden>
          {arrow || '↕'}
        </span>
      </button>
    </th>
  )
}

function TraceRow({ t }: { t: TraceSummary }) {
  const path = `/traces/${encodeURIComponent(t.traceId)}`
  const startMs = nanoToMs(t.startTimeUnixNano)
  return (
    <tr
      data-testid="trace-row"
      data-trace-id={t.traceId}
      data-running={t.running ? 'true' : undefined}
      className="tl-row"
      onClick={openOnRowClick(path)}
    >
      <td className="tl-name">
        <Link to={path} title={t.rootName}>
          {t.rootName || <span className="tl-muted">(unnamed)</span>}
        </Link>
        {t.running && <RunningBadge />}
        <span className="tl-id mono">{t.traceId.slice(0, 8)}</span>
      </td>
      <td className="tl-who">
        <span className="tl-agents" title={t.agentNames.join(', ')}>
          {summariseList(t.agentNames)}
        </span>
        <span className="tl-services" title={t.serviceNames.join(', ')}>
          {summariseList(t.serviceNames)}
        </span>
      </td>
      <td title={new Date(startMs).toISOString()}>{formatTime(t.startTimeUnixNano)}</td>
      <td className="num" data-testid="trace-duration">
        <TraceDuration trace={t} />
      </td>
      <td className="num" data-testid="trace-spans">
        {t.spanCount}
      </td>
      <td className="num">{t.llmCalls}</td>
      <td className="num">{t.toolCalls}</td>
      <td className="num">{formatTokens(t.inputTokens)}</td>
      <td className="num">{formatTokens(t.outputTokens)}</td>
      <td className="num">
        {formatCost(t.costUsd)}
        {t.unpricedCalls > 0 && (
          <span
            className="tl-unpriced"
            title={`${t.unpricedCalls} call${t.unpricedCalls === 1 ? '' : 's'} with no known price: the cost is a lower bound`}
          >
            +
          </span>
        )}
      </td>
      <td className="num">
        {t.errorCount > 0 ? <span className="error-badge">{t.errorCount}</span> : <span className="tl-muted">0</span>}
      </td>
      <td className="num">
        {t.findingCount > 0 ? (
          <span className="tl-finding-badge">{t.findingCount}</span>
        ) : (
          <span className="tl-muted">0</span>
        )}
      </td>
    </tr>
  )
}
