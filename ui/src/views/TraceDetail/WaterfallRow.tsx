/**
 * One waterfall row: the indented name column and the bar on the time axis. Memoised, and
 * positioned by the virtualiser, so scrolling a 10k-span trace re-renders only rows that enter.
 */
import type { TraceSpan } from '@loupe/schema'
import { memo } from 'react'
import type { SpanMark } from '../../model/findings.ts'
import { formatCost, formatDuration } from '../../model/format.ts'
import type { LogMark } from '../../model/trace-logs.ts'
import type { WaterfallRow as Row } from '../../model/waterfall-rows.ts'

/** Indent per level, capped so a very deep chain still leaves room for names. */
const INDENT = 14
const MAX_INDENT_LEVELS = 24

interface Props {
  row: Row<TraceSpan>
  top: number
  height: number
  selected: boolean
  matched: boolean
  /** the loop findings naming this span, if any */
  mark?: SpanMark | undefined
  /** marks of the span's log records on the time axis */
  logMarks?: readonly LogMark[] | undefined
  /** with a finding selected: whether this span is one of its spans */
  focus?: 'in' | 'out' | undefined
  onSelect: (spanId: string) => void
  onToggle: (spanId: string) => void
}

export const WaterfallRow = memo(function WaterfallRow({
  row,
  top,
  height,
  selected,
  matched,
  mark,
  logMarks,
  focus,
  onSelect,
  onToggle,
}: Props) {
  const { node, offset, width, collapsed } = row
  const s = node.span
  const failed = s.status === 'error'
  const hasChildren = node.children.length > 0
  const newService = node.parent === null || node.parent.span.serviceName !== s.serviceName
  // The duration goes after the bar; near the right edge it goes before it, or inside a bar
  // that spans (nearly) the whole axis.
  const end = offset + width
  const label: [string, React.CSSProperties] =
    end <= 0.8
      ? ['wf-dur', { left: `${end * 100}%` }]
      : offset >= 0.15
        ? ['wf-dur', { right: `${(1 - offset) * 100}%` }]
        : ['wf-dur inside', { right: `${(1 - end) * 100}%` }]
  const cls = [
    'wf-row',
    `kind-${s.kind}`,
    selected && 'selected',
    matched && 'matched',
    failed && 'failed',
    mark && `finding-${mark.severity}`,
    focus === 'in' && 'focus',
    focus === 'out' && 'dimmed',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <div
      className={cls}
      role="treeitem"
      aria-level={node.depth + 1}
      aria-selected={selected}
      aria-expanded={hasChildren ? !collapsed : undefined}
      data-testid="waterfall-row"
      data-span-id={s.spanId}
      data-kind={s.kind}
      data-error={failed ? 'true' : undefined}
      data-finding={mark ? 'true' : undefined}
      data-focus={focus}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={() => onSelect(s.spanId)}
    >
      <div className="wf-name" style={{ paddingLeft: 6 + Math.min(node.depth, MAX_INDENT_LEVELS) * INDENT }}>
        {hasChildren ? (
          <button
            type="button"
            className="wf-toggle"
            tabIndex={-1}
            aria-label={collapsed ? `Expand ${s.name}` : `Collapse ${s.name}`}
            onClick={(e) => {
              e.stopPropagation()
              onToggle(s.spanId)
            }}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="wf-toggle-spacer" />
        )}
        {mark && (
          <span
            className={`wf-finding ${mark.severity}`}
            title={`${mark.severity}: ${mark.detectors.join(', ')}`}
            aria-label={`Loop finding: ${mark.detectors.join(', ')}`}
          >
            ⟳
          </span>
        )}
        <span className="wf-dot" aria-hidden />
        {newService && <span className="wf-service">{s.serviceName}</span>}
        <span className="wf-label" title={`${s.name} (${s.kind})`}>
          {s.name}
        </span>
        {node.depth > MAX_INDENT_LEVELS && (
          <span className="wf-depth" title="Nesting depth">
            L{node.depth}
          </span>
        )}
        {node.orphan && (
          <span className="wf-flag" title={`Parent ${s.parentSpanId ?? ''} never arrived`}>
            missing parent
          </span>
        )}
        {failed && (
          <span className="error-badge" title={s.statusMessage || s.errorType || 'error'}>
            error
          </span>
        )}
        {s.isRollup &&
          (s.countedIn === null ? (
            <span className="wf-rollup" title="Repeats its children's usage; not added to the totals">
              rollup
            </span>
          ) : (
            <span
              className="wf-rollup"
              title="Another instrumentation recorded the same call; counted once, in that span"
            >
              duplicate
            </span>
          ))}
        {collapsed && (
          <span className="wf-hidden" title={`${node.descendantCount} hidden spans`}>
            +{node.descendantCount}
            {node.descendantErrors > 0 && <span className="wf-hidden-errors"> · {node.descendantErrors} failed</span>}
          </span>
        )}
        <RowCost span={s} />
      </div>
      <div className="wf-track">
        <div className="wf-bar" style={{ left: `${offset * 100}%`, width: `${width * 100}%` }} />
        <span className={label[0]} style={label[1]}>
          {formatDuration(s.durationMs)}
        </span>
        {logMarks?.map((m, i) => (
          <span
            key={i}
            className={`wf-log-mark ${m.tone}`}
            style={{ left: `${m.fraction * 100}%` }}
            title={m.title}
            data-testid="log-mark"
            data-tone={m.tone}
            data-count={m.count}
          />
        ))}
      </div>
    </div>
  )
})

function RowCost({ span: s }: { span: TraceSpan }) {
  if (s.costSource === 'unpriced')
    return (
      <span className="wf-cost unpriced" title="No price known for this model">
        unpriced
      </span>
    )
  if (s.costUsd === null) return null
  if (s.isRollup) {
    const why =
      s.countedIn === null
        ? 'Rollup: already counted in its children'
        : 'Duplicate: already counted in the span that recorded the same call'
    return (
      <span className="wf-cost rollup" title={why}>
        ({formatCost(s.costUsd)})
      </span>
    )
  }
  return <span className="wf-cost">{formatCost(s.costUsd)}</span>
}
