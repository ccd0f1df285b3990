/**
 * The selected span: identity and timing for every span, usage and cost for LLM spans, the
 * conversation, tool arguments and result, log records, attributes, exceptions, events and links.
 */
import type { Span, TraceSpan } from '@loupe/schema'
import { useMemo } from 'react'
import { Link } from '../../components/Link.tsx'
import { formatCost, formatDuration, formatTime, formatTokens } from '../../model/format.ts'
import { asTurns, parseMessages, prettyJson, toolNamesById, type ParsedMessages } from '../../model/messages.ts'
import type { SpanNode, SpanTree } from '../../model/span-tree.ts'
import type { LogView } from '../../model/trace-logs.ts'
import { Conversation, LongText } from './Conversation.tsx'
import { LlmUsage } from './LlmUsage.tsx'
import { SpanAttributes } from './SpanAttributes.tsx'
import { SpanEventList, SpanExceptions, SpanLinks } from './SpanEvents.tsx'
import { SpanLogs } from './SpanLogs.tsx'

interface Props {
  node: SpanNode<TraceSpan>
  tree: SpanTree<TraceSpan>
  onSelect: (spanId: string) => void
}

/** `logs`: the records this span's panel lists (model/trace-logs.ts `logsForSpan`). */
export function SpanPanel({ node, tree, onSelect, logs }: Props & { logs: readonly LogView[] }) {
  const s = node.span
  const showUsage = s.kind === 'llm' || s.kind === 'embedding' || s.model !== null || s.inputTokens + s.outputTokens > 0
  return (
    <aside className="span-panel panel" data-testid="span-panel" aria-label="Selected span">
      <header className={`sp-header kind-${s.kind}`}>
        <div className="sp-title-row">
          <span className="kind-badge">{s.kind}</span>
          <h2 className="sp-title">{s.name}</h2>
          {s.status === 'error' && <span className="error-badge">error</span>}
          {s.isRollup && <span className="wf-rollup">{s.countedIn === null ? 'rollup' : 'duplicate'}</span>}
        </div>
        <Summary node={node} />
      </header>
      {/* What one opens a span for comes first: the failure, the call, the conversation. */}
      <SpanExceptions span={s} />
      {(s.kind === 'tool' || s.toolName !== null) && <ToolCall span={s} />}
      <SpanIO span={s} />
      <DuplicateOf span={s} tree={tree} onSelect={onSelect} />
      {showUsage && <LlmUsage span={s} />}
      <Overview node={node} tree={tree} onSelect={onSelect} />
      <SpanLogs logs={logs} spanStartMs={node.startMs} />
      <SpanAttributes attributes={s.attributes} resource={s.resourceAttributes} />
      <SpanEventList span={s} traceStartUnixNano={tree.startUnixNano} />
      <SpanLinks span={s} onSelect={onSelect} hasSpan={(id) => tree.byId.has(id)} />
    </aside>
  )
}

/** Where a call recorded twice (by two instrumentations) is counted, with a way to go there. */
function DuplicateOf({
  span: s,
  tree,
  onSelect,
}: {
  span: TraceSpan
  tree: SpanTree<TraceSpan>
  onSelect: (spanId: string) => void
}) {
  if (s.countedIn === null) return null
  const counting = s.countedIn
  return (
    <section className="sp-section">
      <p className="sp-note td-muted" data-testid="duplicate-note">
        Duplicate: another instrumentation recorded this same call in{' '}
        <button type="button" className="link-button" onClick={() => onSelect(counting)}>
          {tree.byId.get(counting)?.span.name ?? counting}
        </button>
        . It is counted there, so this span&apos;s tokens and cost are not added to the trace totals.
      </p>
    </section>
  )
}

/** One line under the title: duration, offset, model, tokens, cost. */
function Summary({ node }: { node: SpanNode<TraceSpan> }) {
  const s = node.span
  const parts: string[] = [
    formatDuration(s.durationMs),
    node.startMs === 0 ? 'at trace start' : `at +${formatDuration(node.startMs)}`,
  ]
  if (s.model !== null) parts.push(s.model)
  if (s.inputTokens + s.outputTokens > 0)
    parts.push(`${formatTokens(s.inputTokens)} → ${formatTokens(s.outputTokens)} tokens`)
  if (s.costSource === 'unpriced') parts.push('unpriced')
  else if (s.costUsd !== null)
    parts.push(
      s.isRollup
        ? `(${formatCost(s.costUsd)} ${s.countedIn === null ? 'rollup' : 'duplicate'})`
        : formatCost(s.costUsd),
    )
  return (
    <div className="sp-summary">
      {parts.join(' · ')}
      {s.status === 'error' && s.statusMessage !== '' && <div className="sp-status-msg">{s.statusMessage}</div>}
    </div>
  )
}

function Overview({ node, tree, onSelect }: Props) {
  const s = node.span
  const parent = node.parent
  return (
    <section className="sp-section">
      <h3>Details</h3>
      <dl className="sp-grid">
        <Item label="Status">
          <span className={`sp-status ${s.status}`}>{s.status}</span>
          {s.errorType !== null && (
            <>
              {' '}
              <code>{s.errorType}</code>
            </>
          )}
          {s.statusMessage !== '' && <div className="sp-status-msg">{s.statusMessage}</div>}
        </Item>
        <Item label="Duration">
          {formatDuration(s.durationMs)}
          {node.children.length > 0 && <span className="td-muted"> · self {formatDuration(node.selfTimeMs)}</span>}
        </Item>
        <Item label="Start">
          {node.startMs === 0 ? 'trace start' : `+${formatDuration(node.startMs)}`}{' '}
          <span className="td-muted">{formatTime(s.startTimeUnixNano)}</span>
        </Item>
        <Item label="Service">{s.serviceName}</Item>
        {s.operationName !== null && <Item label="Operation">{s.operationName}</Item>}
        {s.agentName !== null && <Item label="Agent">{s.agentName}</Item>}
        {s.workflowName !== null && <Item label="Workflow">{s.workflowName}</Item>}
        {s.sessionId !== null && (
          <Item label="Session">
            <Link to={`/sessions/${encodeURIComponent(s.sessionId)}`}>{s.sessionId}</Link>
          </Item>
        )}
        {s.userId !== null && <Item label="User">{s.userId}</Item>}
        <Item label="Span ID">
          <code>{s.spanId}</code>
        </Item>
        <Item label="Parent">
          {parent !== null ? (
            <button
              type="button"
              className="link-button"
              onClick={() => onSelect(parent.span.spanId)}
              title={parent.span.spanId}
            >
              {parent.span.name}
            </button>
          ) : s.parentSpanId !== null ? (
            <span className="wf-flag" title="This span's parent never arrived">
              missing <code>{s.parentSpanId}</code>
            </span>
          ) : (
            <span className="td-muted">root</span>
          )}
        </Item>
        {node.children.length > 0 && (
          <Item label="Children">
            {node.children.length} ({node.descendantCount} below)
          </Item>
        )}
        <Item label="Scope">
          <code>{s.scopeName || '—'}</code>
        </Item>
        {s.mcpSessionId !== null && (
          <Item label="MCP session">
            <code>{s.mcpSessionId}</code>
          </Item>
        )}
        {tree.nodes.length > 1 && (
          <Item label="Trace">
            <code className="td-muted">{s.traceId}</code>
          </Item>
        )}
      </dl>
    </section>
  )
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="sp-item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function ToolCall({ span: s }: { span: Span }) {
  const args = useMemo(
    () => (s.toolArguments === null ? null : (prettyJson(s.toolArguments) ?? s.toolArguments)),
    [s.toolArguments],
  )
  const result = useMemo(
    () => (s.toolResult === null ? null : (prettyJson(s.toolResult) ?? s.toolResult)),
    [s.toolResult],
  )
  return (
    <section className="sp-section">
      <h3>
        Tool call <span className="mono">{s.toolName ?? s.name}</span>
        {s.toolCallId !== null && <span className="td-muted mono"> {s.toolCallId}</span>}
      </h3>
      <h4>Arguments</h4>
      {args !== null ? (
        <LongText text={args} pre testId="tool-arguments" />
      ) : (
        <p className="td-muted">No arguments recorded.</p>
      )}
      <h4>Result</h4>
      {result !== null ? (
        <LongText text={result} pre testId="tool-result" />
      ) : (
        <p className="td-muted">No result recorded.</p>
      )}
    </section>
  )
}

/** Input and output: a conversation when they hold messages (always, for LLM spans), else text or JSON. */
function SpanIO({ span: s }: { span: Span }) {
  const input = useMemo(() => parseMessages(s.input), [s.input])
  const output = useMemo(() => parseMessages(s.output), [s.output])
  const llm = s.kind === 'llm'
  const names = useMemo(
    () => toolNamesById([...asTurns(input, 'user'), ...asTurns(output, 'assistant')]),
    [input, output],
  )
  if (input.kind === 'empty' && output.kind === 'empty') return null
  return (
    <>
      <IO title="Input" parsed={input} asConversation={llm} role="user" names={names} />
      <IO title="Output" parsed={output} asConversation={llm} role="assistant" names={names} />
    </>
  )
}

function IO({
  title,
  parsed,
  asConversation,
  role,
  names,
}: {
  title: string
  parsed: ParsedMessages
  asConversation: boolean
  role: 'user' | 'assistant'
  names: ReadonlyMap<string, string>
}) {
  if (parsed.kind === 'empty') return null
  let body: React.ReactNode
  if (parsed.kind === 'conversation' || asConversation) {
    body = <Conversation turns={asTurns(parsed, role)} names={names} />
  } else body = <LongText text={parsed.text} pre={parsed.kind === 'json'} />
  return (
    <section className="sp-section">
      <h3>
        {title}
        {parsed.kind === 'conversation' && (
          <span className="td-muted">
            {' '}
            {parsed.turns.length} message{parsed.turns.length === 1 ? '' : 's'}
          </span>
        )}
      </h3>
      {body}
    </section>
  )
}
