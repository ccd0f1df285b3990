/**
 * The waterfall: a virtualised tree of spans on a time axis. Only the rows in view (plus a small
 * overscan) are in the DOM, so 10k-span traces scroll like small ones.
 *
 * The collapsed set is component state, not URL state: it can hold thousands of ids, and a
 * deep link only needs the selected span, which is revealed whatever is collapsed.
 */
import type { TraceSpan } from '@loupe/schema'
import type { SpanMark } from '../../model/findings.ts'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { SpanTree } from '../../model/span-tree.ts'
import type { LogMark } from '../../model/trace-logs.ts'
import { collapseAll, revealSpan, timeTicks, toggleCollapsed, waterfallRows } from '../../model/waterfall-rows.ts'
import { findSpans, matchAsYouType, matchLabel, stepMatch } from './find-spans.ts'
import { WaterfallRow } from './WaterfallRow.tsx'

const ROW_H = 28

interface Props {
  tree: SpanTree<TraceSpan>
  selectedId: string | null
  onSelect: (spanId: string) => void
  /** finding marks by span id (rows get a stripe) */
  marks?: ReadonlyMap<string, SpanMark>
  /** log-record marks by span id (model/trace-logs.ts) */
  logMarks?: ReadonlyMap<string, readonly LogMark[]>
  /** the selected finding's spans: emphasised, every other row dimmed; null when none */
  focus?: ReadonlySet<string> | null
}

const NO_MARKS: ReadonlyMap<string, SpanMark> = new Map()
const NO_LOG_MARKS: ReadonlyMap<string, readonly LogMark[]> = new Map()

export function Waterfall({
  tree,
  selectedId,
  onSelect,
  marks = NO_MARKS,
  logMarks = NO_LOG_MARKS,
  focus = null,
}: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set())
  const [query, setQuery] = useState('')
  const [nameWidth, setNameWidth] = useState(0.4)
  const scrollRef = useRef<HTMLDivElement>(null)
  const rows = useMemo(() => waterfallRows(tree, collapsed), [tree, collapsed])
  const rowIndex = useMemo(() => new Map(rows.map((r, i) => [r.node.span.spanId, i])), [rows])
  const matches = useMemo(() => findSpans(tree, query), [tree, query])
  const matchSet = useMemo(() => new Set(matches), [matches])
  const errors = useMemo(() => tree.nodes.filter((n) => n.span.status === 'error').map((n) => n.span.spanId), [tree])
  const ticks = useMemo(() => timeTicks(tree.durationMs), [tree.durationMs])

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 12,
  })

  // A newly selected span (click, deep link, find, graph) is revealed, then scrolled into view once.
  // Once per selection, not per tree: a running trace's tree is rebuilt as spans arrive, and that
  // must not pull the view back to a selection the reader scrolled away from (or collapsed). A
  // deep-linked span that has not arrived yet is revealed when it does.
  const pendingScroll = useRef<string | null>(null)
  const revealed = useRef<string | null>(null)
  useEffect(() => {
    if (selectedId === null || selectedId === revealed.current || !tree.byId.has(selectedId)) return
    revealed.current = selectedId
    pendingScroll.current = selectedId
    setCollapsed((c) => revealSpan(tree, c, selectedId))
  }, [selectedId, tree])
  // A selected finding opens every collapsed subtree hiding one of its spans.
  useEffect(() => {
    if (focus === null) return
    setCollapsed((c) => {
      let next = c
      for (const id of focus) next = revealSpan(tree, next, id)
      return next
    })
  }, [focus, tree])
  useEffect(() => {
    const id = pendingScroll.current
    const i = id === null ? undefined : rowIndex.get(id)
    if (i === undefined) return
    pendingScroll.current = null
    virtualizer.scrollToIndex(i, { align: 'auto' })
  })

  const toggle = useCallback((id: string) => setCollapsed((c) => toggleCollapsed(c, id)), [])
  const select = useCallback(
    (id: string) => {
      onSelect(id)
      scrollRef.current?.focus({ preventScroll: true })
    },
    [onSelect],
  )
  const jump = (list: readonly string[], dir: 1 | -1) => {
    const next = stepMatch(tree, list, selectedId, dir)
    if (next !== null) onSelect(next)
  }
  // As a browser's find does: each keystroke goes to a match, scrolled into view and made current.
  const find = (q: string) => {
    setQuery(q)
    const next = matchAsYouType(tree, findSpans(tree, q), selectedId)
    if (next === null) return
    pendingScroll.current = next
    setCollapsed((c) => revealSpan(tree, c, next))
    if (next !== selectedId) onSelect(next)
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = selectedId === null ? -1 : (rowIndex.get(selectedId) ?? -1)
    const row = rows[i]
    let target: string | undefined
    switch (e.key) {
      case 'ArrowDown':
        target = rows[Math.min(rows.length - 1, i + 1)]?.node.span.spanId
        break
      case 'ArrowUp':
        target = rows[Math.max(0, i - 1)]?.node.span.spanId
        break
      case 'ArrowRight':
        if (row && row.node.children.length > 0) {
          if (row.collapsed) toggle(row.node.span.spanId)
          else target = row.node.children[0]!.span.spanId
        }
        break
      case 'ArrowLeft':
        if (row && row.node.children.length > 0 && !row.collapsed) toggle(row.node.span.spanId)
        else target = row?.node.parent?.span.spanId
        break
      default:
        return
    }
    e.preventDefault()
    if (target !== undefined) onSelect(target)
  }

  const startResize = (e: React.PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.parentElement!.getBoundingClientRect()
    const move = (ev: PointerEvent) => setNameWidth(Math.min(0.75, Math.max(0.15, (ev.clientX - box.left) / box.width)))
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }

  const style = { '--wf-name-w': `${nameWidth * 100}%` } as React.CSSProperties
  return (
    <section className="waterfall panel" data-testid="waterfall" style={style} aria-label="Span timeline">
      <div className="wf-toolbar">
        <button type="button" onClick={() => setCollapsed(new Set())} disabled={collapsed.size === 0}>
          Expand all
        </button>
        <button type="button" onClick={() => setCollapsed(collapseAll(tree))}>
          Collapse all
        </button>
        <span className="wf-find">
          <input
            type="search"
            placeholder="Find span, tool, model, agent…"
            aria-label="Find spans"
            value={query}
            onChange={(e) => find(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                jump(matches, e.shiftKey ? -1 : 1)
              }
            }}
          />
          {query.trim() !== '' && (
            <>
              <span className="td-muted" data-testid="find-count" aria-live="polite">
                {matchLabel(matches, selectedId)}
              </span>
              <button
                type="button"
                onClick={() => jump(matches, -1)}
                disabled={matches.length === 0}
                aria-label="Previous match"
              >
                ↑
              </button>
              <button
                type="button"
                onClick={() => jump(matches, 1)}
                disabled={matches.length === 0}
                aria-label="Next match"
              >
                ↓
              </button>
            </>
          )}
        </span>
        {errors.length > 0 && (
          <button
            type="button"
            className="wf-next-error"
            onClick={() => jump(errors, 1)}
            title="Select the next failed span"
          >
            Next error ({errors.length})
          </button>
        )}
        <span
          className="td-muted wf-count"
          data-testid="waterfall-count"
          title="Rows shown (collapsed subtrees hide theirs) of all spans"
        >
          {rows.length.toLocaleString('en-US')} / {tree.nodes.length.toLocaleString('en-US')} spans
        </span>
      </div>
      <div className="wf-axis">
        <div className="wf-name wf-axis-name">
          Span
          <div className="wf-resize" onPointerDown={startResize} title="Drag to resize" />
        </div>
        <div className="wf-track">
          {ticks.map((t) => (
            <span
              key={t.label}
              className={t.fraction > 0.97 ? 'wf-tick end' : 'wf-tick'}
              style={{ left: `${t.fraction * 100}%` }}
            >
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <div className="wf-scroll" ref={scrollRef} tabIndex={0} role="tree" aria-label="Spans" onKeyDown={onKeyDown}>
        <div className="wf-inner" style={{ height: virtualizer.getTotalSize() }}>
          <div className="wf-grid" aria-hidden>
            {ticks.map((t) => (
              <span key={t.label} style={{ left: `${t.fraction * 100}%` }} />
            ))}
          </div>
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index]!
            const id = row.node.span.spanId
            return (
              <WaterfallRow
                key={id}
                row={row}
                top={v.start}
                height={ROW_H}
                selected={id === selectedId}
                matched={matchSet.has(id)}
                mark={marks.get(id)}
                logMarks={logMarks.get(id)}
                focus={focus === null ? undefined : focus.has(id) ? 'in' : 'out'}
                onSelect={select}
                onToggle={toggle}
              />
            )
          })}
        </div>
      </div>
    </section>
  )
}
