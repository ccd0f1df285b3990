/**
 * Span and resource attributes as key/value tables, filtered by one search over keys and values.
 * JSON values are pretty-printed; every value is text.
 */
import { useMemo, useState } from 'react'
import { prettyJson } from '../../model/messages.ts'
import { LongText } from './Conversation.tsx'

export function SpanAttributes({
  attributes,
  resource,
}: {
  attributes: Record<string, string>
  resource: Record<string, string>
}) {
  const [query, setQuery] = useState('')
  const q = query.trim().toLowerCase()
  const total = Object.keys(attributes).length + Object.keys(resource).length
  return (
    <section className="sp-section">
      <div className="sp-section-head">
        <h3>Attributes</h3>
        <input
          type="search"
          className="sp-attr-search"
          placeholder="Filter keys and values"
          aria-label="Filter attributes"
          data-testid="attribute-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {total === 0 && <p className="td-muted">No attributes.</p>}
      <KeyValues title="Span attributes" entries={attributes} q={q} />
      <KeyValues title="Resource attributes" entries={resource} q={q} />
    </section>
  )
}

function KeyValues({ title, entries, q }: { title: string; entries: Record<string, string>; q: string }) {
  const all = useMemo(() => Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)), [entries])
  const shown = q === '' ? all : all.filter(([k, v]) => k.toLowerCase().includes(q) || v.toLowerCase().includes(q))
  if (all.length === 0) return null
  return (
    <div className="sp-kv-block">
      <h4>
        {title} <span className="td-muted">{q === '' ? all.length : `${shown.length} of ${all.length}`}</span>
      </h4>
      {shown.length > 0 && <KeyValueTable entries={shown} />}
    </div>
  )
}

/** Key/value rows as given (sort them first); JSON values pretty-printed, long ones folded. */
export function KeyValueTable({ entries }: { entries: readonly (readonly [string, string])[] }) {
  return (
    <table className="sp-kv">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row" className="mono">
              {k}
            </th>
            <td>
              <AttrValue value={v} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function AttrValue({ value }: { value: string }) {
  const pretty = useMemo(() => prettyJson(value), [value])
  return pretty === null ? <LongText text={value} /> : <LongText text={pretty} pre />
}
