/**
 * @module model/waterfall-rows
 * The waterfall's visible rows: the span tree minus collapsed subtrees, each with its bar as
 * fractions of the trace duration, plus the time-axis ticks. Pure.
 *
 * Relies on the span-tree invariant that a subtree is the contiguous pre-order run after its
 * root, so a collapsed node skips `descendantCount` nodes in one step and building the rows
 * costs O(visible rows + collapsed nodes), not O(spans).
 */
import { ancestorsOf, type SpanNode, type SpanTree, type TreeSpan } from './span-tree.ts'

export interface WaterfallRow<S extends TreeSpan = TreeSpan> {
  node: SpanNode<S>
  /** bar start, 0..1 of the trace duration */
  offset: number
  /** bar length, 0..1 of the trace duration (the view gives tiny bars a minimum pixel width) */
  width: number
  /** has children and they are hidden */
  collapsed: boolean
}

/** Visible rows in pre-order. `collapsed` holds span ids whose children are hidden. */
export function waterfallRows<S extends TreeSpan>(
  tree: SpanTree<S>,
  collapsed: ReadonlySet<string>,
): WaterfallRow<S>[] {
  const total = tree.durationMs
  const rows: WaterfallRow<S>[] = []
  const { nodes } = tree
  let i = 0
  while (i < nodes.length) {
    const node = nodes[i]!
    const isCollapsed = node.children.length > 0 && collapsed.has(node.span.spanId)
    rows.push({
      node,
      // A zero-length trace has nothing to scale against: every bar starts at 0 with no length.
      offset: total > 0 ? node.startMs / total : 0,
      width: total > 0 ? (node.endMs - node.startMs) / total : 0,
      collapsed: isCollapsed,
    })
    i += isCollapsed ? 1 + node.descendantCount : 1
  }
  return rows
}

/** Every span with children: collapsing them all leaves only the roots. */
export function collapseAll<S extends TreeSpan>(tree: SpanTree<S>): Set<string> {
  const out = new Set<string>()
  for (const n of tree.nodes) if (n.children.length > 0) out.add(n.span.spanId)
  return out
}

/** Toggles one span; returns a new set so React sees the change. */
export function toggleCollapsed(collapsed: ReadonlySet<string>, spanId: string): Set<string> {
  const next = new Set(collapsed)
  if (!next.delete(spanId)) next.add(spanId)
  return next
}

/**
 * Expands whatever hides `spanId` (a deep link or a graph click may point inside a collapsed
 * subtree). Returns the same set when nothing hides it, so a caller can skip a re-render.
 */
export function revealSpan<S extends TreeSpan>(
  tree: SpanTree<S>,
  collapsed: ReadonlySet<string>,
  spanId: string,
): ReadonlySet<string> {
  const node = tree.byId.get(spanId)
  if (node === undefined) return collapsed
  const hiding = ancestorsOf(node).filter((a) => collapsed.has(a.span.spanId))
  if (hiding.length === 0) return collapsed
  const next = new Set(collapsed)
  for (const a of hiding) next.delete(a.span.spanId)
  return next
}

export interface Tick {
  /** 0..1 along the axis */
  fraction: number
  label: string
}

const UNITS: ReadonlyArray<{ below: number; ms: number; suffix: string }> = [
  { below: 1, ms: 0.001, suffix: 'µs' },
  { below: 1000, ms: 1, suffix: 'ms' },
  { below: 600_000, ms: 1000, suffix: 's' },
  { below: Infinity, ms: 60_000, suffix: 'm' },
]

/**
 * About `target` ticks at a 1/2/5 × 10^k step, starting at 0 and not past the end. One unit for
 * the whole axis, picked by the duration (µs, ms, s, then minutes past 10 minutes), with just
 * enough decimals for the step: 0, 0.5s, 1s, 1.5s.
 */
export function timeTicks(durationMs: number, target = 5): Tick[] {
  if (!(durationMs > 0)) return [{ fraction: 0, label: '0' }]
  const unit = UNITS.find((u) => durationMs < u.below)!
  const span = durationMs / unit.ms
  const rough = span / target
  const pow = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 5, 10].map((m) => m * pow).find((v) => v >= rough * (1 - 1e-9)) ?? 10 * pow
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9))
  const ticks: Tick[] = []
  // k * step (not repeated addition) keeps labels free of float drift
  for (let k = 0; k * step <= span * (1 + 1e-9); k++) {
    const v = k * step
    ticks.push({ fraction: v / span, label: k === 0 ? '0' : `${+v.toFixed(decimals)}${unit.suffix}` })
  }
  return ticks
}
