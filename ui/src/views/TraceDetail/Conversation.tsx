/**
 * Messages as a conversation: system, user, assistant (with its tool calls) and tool results.
 * Content is untrusted model and tool output: it is only ever rendered as React text. Content
 * given by reference is shown as a link (http(s) only, opened in a new tab, never fetched here)
 * or as its id.
 */
import { useState } from 'react'
import { toolNamesById, type ContentRef, type Turn } from '../../model/messages.ts'

const ROLE_LABEL: Record<Turn['role'], string> = {
  system: 'System',
  user: 'User',
  assistant: 'Assistant',
  tool: 'Tool result',
}

/**
 * `names` resolves a tool result's call id to the tool's name; pass the calls of the input and
 * the output together so a result in the output can name a call made in the input.
 */
export function Conversation({ turns, names }: { turns: readonly Turn[]; names?: ReadonlyMap<string, string> }) {
  const byId = names ?? toolNamesById(turns)
  return (
    <ol className="conv">
      {turns.map((t, i) => (
        <li key={i} className={`msg msg-${t.role}`} data-testid="message" data-role={t.role}>
          <div className="msg-head">
            <span className="msg-role">{ROLE_LABEL[t.role]}</span>
            {t.label.toLowerCase() !== t.role && <span className="td-muted">({t.label})</span>}
            {t.role === 'tool' && t.toolCallId !== null && (
              <span className="td-muted mono">
                {byId.get(t.toolCallId) ?? ''} {t.toolCallId}
              </span>
            )}
          </div>
          {t.content !== '' && <LongText text={t.content} pre={t.json} />}
          {t.toolCalls.map((c, j) => (
            <div key={j} className="msg-call" data-testid="message-tool-call">
              <div className="msg-head">
                <span className="msg-call-name">→ {c.name}</span>
                {c.id !== null && <span className="td-muted mono">{c.id}</span>}
              </div>
              {c.arguments !== '' && <LongText text={c.arguments} pre />}
            </div>
          ))}
          {t.refs.length > 0 && (
            <ul className="msg-refs">
              {t.refs.map((r, j) => (
                <li key={j} data-testid="message-ref" data-kind={r.kind}>
                  <RefView r={r} />
                </li>
              ))}
            </ul>
          )}
          {t.content === '' && t.toolCalls.length === 0 && t.refs.length === 0 && (
            <span className="td-muted">(empty)</span>
          )}
        </li>
      ))}
    </ol>
  )
}

function RefView({ r }: { r: ContentRef }) {
  const what = [r.modality, r.mimeType].filter((x) => x !== null).join(', ')
  // the whole URI on hover when the text is cut, unless it is too long to read anyway (data:)
  const full = r.kind === 'uri' && r.text !== r.uri && r.uri.length <= 2000 ? r.uri : undefined
  return (
    <>
      <span className="msg-ref-kind">{r.kind === 'file' ? 'file' : 'link'}</span>
      {r.kind === 'file' ? (
        <code title="An uploaded file's id">{r.fileId}</code>
      ) : r.href !== null ? (
        <a href={r.href} target="_blank" rel="noopener noreferrer" title={full}>
          {r.text}
        </a>
      ) : (
        <code title={full}>{r.text}</code>
      )}
      {what !== '' && <span className="td-muted"> ({what})</span>}
    </>
  )
}

const MAX_CHARS = 1600
const MAX_LINES = 24

/** Text cut to a readable length with "show more"; `pre` keeps JSON indentation and stack frames. */
export function LongText({ text, pre = false, testId }: { text: string; pre?: boolean; testId?: string }) {
  const [open, setOpen] = useState(false)
  const lines = text.split('\n')
  const long = text.length > MAX_CHARS || lines.length > MAX_LINES
  let shown = text
  if (long && !open) {
    shown = lines.slice(0, MAX_LINES).join('\n')
    if (shown.length > MAX_CHARS) shown = shown.slice(0, MAX_CHARS)
    shown += '…'
  }
  return (
    <div className="long-text">
      {/* the test id sits on the text itself, so its textContent is the value and nothing else */}
      {pre ? (
        <pre className="msg-body pre" data-testid={testId}>
          {shown}
        </pre>
      ) : (
        <div className="msg-body" data-testid={testId}>
          {shown}
        </div>
      )}
      {long && (
        <button type="button" className="link-button" onClick={() => setOpen(!open)}>
          {open
            ? 'Show less'
            : `Show more (${(text.length - shown.length + 1).toLocaleString('en-US')} more characters)`}
        </button>
      )}
    </div>
  )
}
