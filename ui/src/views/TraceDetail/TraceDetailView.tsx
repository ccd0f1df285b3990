/**
 * The trace detail page (`/traces/:traceId`): header with totals, a waterfall or agent-graph tab,
 * and the selected span's panel, with the loop findings above. View state lives in the URL (`?tab=`,
 * `?span=`, `?finding=`), so any span or finding of any trace is a deep link.
 *
 * A running trace is polled until it settles and grows in place: the same components get the
 * bigger trace, so the selected span (in the URL), the collapsed subtrees and the scroll position
 * all stay as they were.
 */
import type { TraceDetailResponse } from '@loupe/schema'
import { useCallback, useMemo } from 'react'
import { ApiError } from '../../api/client.ts'
import { Link } from '../../components/Link.tsx'
import { ErrorState, Loading } from '../../components/States.tsx'
import { useTrace } from '../../hooks/queries.ts'
import { cycleSpanIds, findingSpanIds, parseFindingParam, spanMarks } from '../../model/findings.ts'
import { buildSpanTree } from '../../model/span-tree.ts'
import { LIVE_INTERVAL_MS } from '../../model/time-range.ts'
import { indexTraceLogs, logsForSpan } from '../../model/trace-logs.ts'
import { setParams, useLocation } from '../../router.ts'
import { AgentGraphView } from './AgentGraphView.tsx'
import { FindingsPanel } from './FindingsPanel.tsx'
import { SpanPanel } from './SpanPanel.tsx'
import { TraceHeader } from './TraceHeader.tsx'
import { Waterfall } from './Waterfall.tsx'
import './trace-detail.css'

type Tab = 'waterfall' | 'graph'

/** Ask again while the trace runs; its last answer, settled, stops the polling. */
const pollWhileRunning = (data: TraceDetailResponse | undefined) => (data?.summary.running ? LIVE_INTERVAL_MS : false)

export function TraceDetailView({ traceId }: { traceId: string }) {
  const query = useTrace(traceId, { refetchInterval: pollWhileRunning })
  // The query keeps the previous trace as placeholder data; never show one trace under another's URL.
  const data = query.data?.traceId === traceId.toLowerCase() ? query.data : undefined
  if (query.isError && !data) {
    const status = query.error instanceof ApiError ? query.error.status : 0
    if (status === 404 || status === 400) {
      return (
        <div className="state state-error" role="alert">
          <strong>{status === 404 ? 'Trace not found.' : 'Not a trace id.'}</strong> No trace <code>{traceId}</code>{' '}
          here (it may be older than the retention period, or still on its way).{' '}
          <Link to="/traces">Back to traces</Link>
        </div>
      )
    }
    return <ErrorState error={query.error} />
  }
  if (!data) return <Loading what="Loading trace" />
  return <TraceDetail data={data} />
}

function TraceDetail({ data }: { data: TraceDetailResponse }) {
  const { params } = useLocation()
  const tree = useMemo(() => buildSpanTree(data.spans), [data.spans])
  const tab: Tab = params.get('tab') === 'graph' ? 'graph' : 'waterfall'
  const requested = params.get('span')
  // With no span in the URL the root is shown: its input and output are the run's question and answer.
  const selected = (requested !== null ? tree.byId.get(requested) : undefined) ?? tree.roots[0]
  // Replace, not push: walking the waterfall with the arrow keys must not flood the history.
  const select = useCallback((spanId: string) => setParams({ span: spanId }, { replace: true }), [])
  const findings = data.findings
  const marks = useMemo(() => spanMarks(findings), [findings])
  const findingIndex = parseFindingParam(params.get('finding'), findings.length)
  const selectedFinding = findingIndex === null ? undefined : findings[findingIndex]
  const focus = useMemo(
    () => (selectedFinding === undefined ? null : findingSpanIds(selectedFinding)),
    [selectedFinding],
  )
  const cycleSpans = useMemo(() => cycleSpanIds(findings, findingIndex), [findings, findingIndex])
  // Once per response: rows and the panel read the records from maps, never scan them.
  const logIndex = useMemo(() => indexTraceLogs(data.logs, tree), [data.logs, tree])
  const selectedId = selected?.span.spanId
  const selectedLogs = useMemo(
    () => (selectedId === undefined ? [] : logsForSpan(logIndex, tree, selectedId)),
    [logIndex, tree, selectedId],
  )

  return (
    <div className="trace-detail">
      <TraceHeader summary={data.summary} orphanCount={tree.orphanCount} />
      <div className="td-tabs" role="tablist" aria-label="Trace views">
        <TabButton id="waterfall" current={tab} label="Timeline" />
        <TabButton id="graph" current={tab} label="Agent graph" />
        {requested !== null && !tree.byId.has(requested) && (
          <span className="td-warn" role="status">
            Span <code>{requested}</code> is not in this trace{data.summary.running ? ' yet' : ''}; showing the root.
          </span>
        )}
      </div>
      <FindingsPanel
        findings={findings}
        spans={data.spans}
        selected={findingIndex}
        provisional={data.summary.running}
      />
      <div className="td-split">
        <div className="td-main">
          {tab === 'waterfall' ? (
            <Waterfall
              tree={tree}
              selectedId={selected?.span.spanId ?? null}
              onSelect={select}
              marks={marks}
              logMarks={logIndex.marks}
              focus={focus}
            />
          ) : (
            <AgentGraphView
              tree={tree}
              selectedId={selected?.span.spanId ?? null}
              onSelect={select}
              highlight={cycleSpans}
            />
          )}
        </div>
        {selected && (
          <SpanPanel key={selected.span.spanId} node={selected} tree={tree} onSelect={select} logs={selectedLogs} />
        )}
      </div>
    </div>
  )
}

function TabButton({ id, current, label }: { id: Tab; current: Tab; label: string }) {
  const active = id === current
  return (
    <button
      type="button"
      role="tab"
      aria-selected={active}
      data-testid={`tab-${id}`}
      className={active ? 'td-tab active' : 'td-tab'}
      onClick={() => setParams({ tab: id })}
    >
      {label}
    </button>
  )
}
