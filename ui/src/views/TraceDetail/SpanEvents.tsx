/**
 * A span's exceptions (with their stack traces), its other events, and its links.
 * Exceptions are OTel events named `exception` (`exception.type/message/stacktrace`).
 */
import type { Span } from '@loupe/schema'
import { Link } from '../../components/Link.tsx'
import { formatDuration } from '../../model/format.ts'

/** ms from the trace start to an event, as text ("+1.20s"). */
function offset(traceStartUnixNano: string, eventUnixNano: string): string {
  const ms = Number(BigInt(eventUnixNano) - BigInt(traceStartUnixNano)) / 1e6
  return `+${formatDuration(Math.max(0, ms))}`
}

export function SpanExceptions({ span }: { span: Span }) {
  const exceptions = span.events.filter((e) => e.name === 'exception')
  if (exceptions.length === 0) return null
  return (
    <section className="sp-section">
      <h3>
        Exceptions <span className="td-muted">{exceptions.length}</span>
      </h3>
      {exceptions.map((e, i) => {
        const type = e.attributes['exception.type'] ?? 'Exception'
        const message = e.attributes['exception.message'] ?? ''
        const stack = e.attributes['exception.stacktrace']
        return (
          // open at first: the stack is why one opens a failed span; the summary folds it away
          <details key={i} className="sp-exception" data-testid="exception" open>
            <summary>
              <strong>{type}</strong>
              {message !== '' && <>: {message}</>}
            </summary>
            {stack !== undefined ? (
              <pre className="sp-stack">{stack}</pre>
            ) : (
              <p className="td-muted">No stack trace recorded.</p>
            )}
          </details>
        )
      })}
    </section>
  )
}

export function SpanEventList({ span, traceStartUnixNano }: { span: Span; traceStartUnixNano: string }) {
  const events = span.events.filter((e) => e.name !== 'exception')
  if (events.length === 0) return null
  return (
    <section className="sp-section">
      <h3>
        Events <span className="td-muted">{events.length}</span>
      </h3>
      <ol className="sp-events">
        {events.map((e, i) => (
          <li key={i}>
            <div className="sp-event-head">
              <span className="mono td-muted">{offset(traceStartUnixNano, e.timeUnixNano)}</span>{' '}
              <strong>{e.name}</strong>
            </div>
            {Object.keys(e.attributes).length > 0 && (
              <dl className="sp-event-attrs">
                {Object.entries(e.attributes).map(([k, v]) => (
                  <div key={k}>
                    <dt className="mono">{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}

export function SpanLinks({
  span,
  onSelect,
  hasSpan,
}: {
  span: Span
  onSelect: (id: string) => void
  hasSpan: (id: string) => boolean
}) {
  if (span.links.length === 0) return null
  return (
    <section className="sp-section">
      <h3>
        Links <span className="td-muted">{span.links.length}</span>
      </h3>
      <ul className="sp-links">
        {span.links.map((l, i) => (
          <li key={i} className="mono">
            {l.traceId === span.traceId && hasSpan(l.spanId) ? (
              <button type="button" className="link-button" onClick={() => onSelect(l.spanId)}>
                {l.spanId}
              </button>
            ) : (
              <Link to={`/traces/${l.traceId}`} params={{ span: l.spanId }}>
                {l.traceId} / {l.spanId}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
