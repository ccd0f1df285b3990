/**
 * The selected span's log records (OTLP logs sent with its context): severity, time after the
 * span's start (the absolute time on hover), event name, body and attributes. Bodies are untrusted
 * text: rendered as React text, JSON pretty-printed, long ones folded.
 */
import { useMemo, useState } from 'react'
import { formatTimeMs } from '../../model/format.ts'
import { prettyJson } from '../../model/messages.ts'
import { logOffset, type LogView } from '../../model/trace-logs.ts'
import { LongText } from './Conversation.tsx'
import { KeyValueTable } from './SpanAttributes.tsx'

/** Records listed before "Show all": a span that logs in a loop must not stall the panel. */
const FIRST = 100

export function SpanLogs({ logs, spanStartMs }: { logs: readonly LogView[]; spanStartMs: number }) {
  const [all, setAll] = useState(false)
  if (logs.length === 0) return null
  const shown = all ? logs : logs.slice(0, FIRST)
  return (
    <section className="sp-section" data-testid="span-logs">
      <h3>
        Logs <span className="td-muted">{logs.length.toLocaleString('en-US')}</span>
      </h3>
      <ol className="sp-logs">
        {shown.map((v, i) => (
          <LogEntry key={i} view={v} spanStartMs={spanStartMs} />
        ))}
      </ol>
      {logs.length > FIRST && (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? `Show the first ${FIRST}` : `Show all ${logs.length.toLocaleString('en-US')}`}
        </button>
      )}
    </section>
  )
}

function LogEntry({ view, spanStartMs }: { view: LogView; spanStartMs: number }) {
  const { log } = view
  const pretty = useMemo(() => prettyJson(log.body), [log.body])
  const attributes = useMemo(
    () => Object.entries(log.attributes).sort(([a], [b]) => a.localeCompare(b)),
    [log.attributes],
  )
  return (
    <li className="sp-log" data-testid="log-record" data-level={view.level}>
      <div className="sp-log-head">
        <span
          className={`sev-badge ${view.tone}`}
          data-testid="log-severity"
          title={`${view.level} (severity number ${log.severityNumber})`}
        >
          {view.label}
        </span>
        <time className="mono td-muted" title={formatTimeMs(log.timeUnixNano)}>
          {logOffset(view, spanStartMs)}
        </time>
        {log.eventName !== '' && (
          <code className="sp-log-event" data-testid="log-event">
            {log.eventName}
          </code>
        )}
        {!view.attached && (
          <span className="td-muted" title="Sent with this trace but no span of it">
            no span
          </span>
        )}
      </div>
      {log.body !== '' && <LongText text={pretty ?? log.body} pre={pretty !== null} testId="log-body" />}
      {attributes.length > 0 && (
        <details className="sp-log-attrs">
          <summary>
            Attributes <span className="td-muted">{attributes.length}</span>
          </summary>
          <KeyValueTable entries={attributes} />
        </details>
      )}
    </li>
  )
}
