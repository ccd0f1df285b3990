/**
 * The trace's totals, from the API's summary (rollups are already left out of its sums). A running
 * trace is marked, its duration counts up, and it says how long ago its last span arrived: an
 * agent that has gone quiet for a while is stuck, or about to settle.
 */
import type { TraceSummary } from '@loupe/schema'
import { Link } from '../../components/Link.tsx'
import { LastSpanAgo, RunningBadge, TraceDuration } from '../../components/Running.tsx'
import { formatCost, formatTime, formatTokens } from '../../model/format.ts'

export function TraceHeader({ summary: s, orphanCount }: { summary: TraceSummary; orphanCount: number }) {
  const cached = s.cacheReadTokens > 0 ? ` (${formatTokens(s.cacheReadTokens)} cached)` : ''
  const reasoning = s.reasoningTokens > 0 ? ` (${formatTokens(s.reasoningTokens)} reasoning)` : ''
  return (
    <header className="td-header panel" data-testid="trace-header">
      <div className="td-title-row">
        <Link to="/traces" className="td-back" title="Back to traces">
          ← Traces
        </Link>
        <h1 className="td-title" title={s.rootName}>
          {s.rootName || '(unnamed root)'}
        </h1>
        {s.running && (
          <>
            <RunningBadge />
            <LastSpanAgo trace={s} />
          </>
        )}
        {s.errorCount > 0 && (
          <span className="error-badge">
            {s.errorCount} error{s.errorCount === 1 ? '' : 's'}
          </span>
        )}
      </div>
      <div className="td-meta">
        <span title="Start time">{formatTime(s.startTimeUnixNano)}</span>
        <Chips label="Services" values={s.serviceNames} />
        <Chips label="Agents" values={s.agentNames} />
        <Chips label="Models" values={s.models} />
        {s.sessionId !== null && (
          <span>
            Session <Link to={`/sessions/${encodeURIComponent(s.sessionId)}`}>{s.sessionId}</Link>
          </span>
        )}
        {s.userId !== null && (
          <span>
            User <code>{s.userId}</code>
          </span>
        )}
        <span className="mono td-muted" title="Trace id">
          {s.traceId}
        </span>
      </div>
      <dl className="td-stats">
        <Stat label={s.running ? 'Duration so far' : 'Duration'} value={<TraceDuration trace={s} />} />
        <Stat label="Spans" value={s.spanCount.toLocaleString('en-US')} />
        <Stat label="LLM calls" value={String(s.llmCalls)} />
        <Stat label="Tool calls" value={String(s.toolCalls)} />
        <Stat label="Tokens in" value={formatTokens(s.inputTokens) + cached} />
        <Stat label="Tokens out" value={formatTokens(s.outputTokens) + reasoning} />
        <Stat
          label="Cost"
          value={formatCost(s.costUsd)}
          note={
            s.unpricedCalls > 0 ? `+ ${s.unpricedCalls} unpriced call${s.unpricedCalls === 1 ? '' : 's'}` : undefined
          }
        />
        <Stat label="Errors" value={String(s.errorCount)} tone={s.errorCount > 0 ? 'bad' : undefined} />
      </dl>
      {orphanCount > 0 && (
        <p className="td-warn" role="status">
          {orphanCount} span{orphanCount === 1 ? '' : 's'} whose parent{' '}
          {s.running ? 'has not arrived yet' : 'never arrived'} {orphanCount === 1 ? 'is' : 'are'} shown at the top
          level, marked “missing parent”.
          {s.running && ' An agent usually sends its root span last, when it ends.'}
        </p>
      )}
    </header>
  )
}

function Chips({ label, values }: { label: string; values: readonly string[] }) {
  if (values.length === 0) return null
  return (
    <span className="td-chips">
      <span className="td-muted">{label}</span>
      {values.map((v) => (
        <span key={v} className="td-chip">
          {v}
        </span>
      ))}
    </span>
  )
}

function Stat({
  label,
  value,
  note,
  tone,
}: {
  label: string
  value: React.ReactNode
  note?: string | undefined
  tone?: 'bad' | undefined
}) {
  return (
    <div className={tone === 'bad' ? 'td-stat bad' : 'td-stat'}>
      <dt>{label}</dt>
      <dd>
        {value}
        {note !== undefined && <small className="td-warn-text"> {note}</small>}
      </dd>
    </div>
  )
}
