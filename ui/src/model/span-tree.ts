/**
 * @module model/span-tree
 * A trace's spans as a tree in depth-first pre-order, with depth, times relative to the trace
 * start and self time. Pure: no React, no DOM.
 *
 * Invariants (the waterfall relies on them):
 * - `nodes` is pre-order: a node comes before its descendants, and its subtree is the
 *   contiguous run `nodes[i + 1 .. i + descendantCount]`, so a collapsed subtree is skipped in
 *   one step.
 * - Siblings (and roots) are ordered by start time, ties kept in the order the API sent them.
 * - Every span appears exactly once. A span whose parent never arrived becomes a root flagged
 *   `orphan`, and so does the earliest span of a parent-link cycle (malformed data must not
 *   hide spans or loop forever). A repeated span id keeps its first occurrence.
 */
import type { Span } from '@loupe/schema'

/** What the tree needs of a span; generic so hand-built test spans stay small. */
export type TreeSpan = Pick<Span, 'spanId' | 'parentSpanId' | 'startTimeUnixNano' | 'endTimeUnixNano' | 'status'>

export interface SpanNode<S extends TreeSpan = Span> {
  span: S
  parent: SpanNode<S> | null
  children: SpanNode<S>[]
  /** 0 for roots */
  depth: number
  /** position in `SpanTree.nodes` */
  index: number
  /** ms after the trace start */
  startMs: number
  /** ms after the trace start; never before `startMs` (clock skew is clamped) */
  endMs: number
  /** time not covered by any child, within this span's own interval */
  selfTimeMs: number
  /** nodes below this one */
  descendantCount: number
  /** failed spans below this one: a collapsed row still shows that something inside broke */
  descendantErrors: number
  /** the parent id names a span that is not in the trace (or parent links formed a cycle) */
  orphan: boolean
}

export interface SpanTree<S extends TreeSpan = Span> {
  roots: SpanNode<S>[]
  /** every node, depth-first pre-order */
  nodes: SpanNode<S>[]
  byId: ReadonlyMap<string, SpanNode<S>>
  /** earliest start, Unix ns; '0' for an empty trace */
  startUnixNano: string
  /** earliest start to latest end */
  durationMs: number
  orphanCount: number
}

const byStart = <S extends TreeSpan>(a: SpanNode<S>, b: SpanNode<S>) => a.startMs - b.startMs

/** Builds the tree. O(n log n); fine for 10k-span traces. */
export function buildSpanTree<S extends TreeSpan>(spans: readonly S[]): SpanTree<S> {
  if (spans.length === 0)
    return { roots: [], nodes: [], byId: new Map(), startUnixNano: '0', durationMs: 0, orphanCount: 0 }
  let t0 = splitNanos(spans[0]!.startTimeUnixNano)
  let t0Text = spans[0]!.startTimeUnixNano
  for (const s of spans) {
    const t = splitNanos(s.startTimeUnixNano)
    if (t[0] < t0[0] || (t[0] === t0[0] && t[1] < t0[1])) {
      t0 = t
      t0Text = s.startTimeUnixNano
    }
  }
  const [ms0, sub0] = t0
  const rel = (ns: string) => {
    const [ms, sub] = splitNanos(ns)
    return ms - ms0 + (sub - sub0) / 1e6
  }

  const byId = new Map<string, SpanNode<S>>()
  const order: SpanNode<S>[] = []
  for (const span of spans) {
    if (byId.has(span.spanId)) continue
    const startMs = rel(span.startTimeUnixNano)
    const node: SpanNode<S> = {
      span,
      parent: null,
      children: [],
      depth: 0,
      index: -1,
      startMs,
      endMs: Math.max(startMs, rel(span.endTimeUnixNano)),
      selfTimeMs: 0,
      descendantCount: 0,
      descendantErrors: 0,
      orphan: false,
    }
    byId.set(span.spanId, node)
    order.push(node)
  }

  const roots: SpanNode<S>[] = []
  for (const node of order) {
    const pid = node.span.parentSpanId
    const parent = pid === null ? undefined : byId.get(pid)
    if (parent === undefined || parent === node) {
      node.orphan = pid !== null
      roots.push(node)
    } else {
      node.parent = parent
      parent.children.push(node)
    }
  }
  for (const node of order) if (node.children.length > 1) node.children.sort(byStart)
  roots.sort(byStart)

  const nodes: SpanNode<S>[] = []
  const visit = (root: SpanNode<S>) => {
    // Iterative: a 10k-deep chain must not overflow the call stack.
    const stack = [root]
    while (stack.length > 0) {
      const node = stack.pop()!
      node.index = nodes.length
      node.depth = node.parent === null ? 0 : node.parent.depth + 1
      nodes.push(node)
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!)
    }
  }
  for (const root of roots) visit(root)

  // Spans left over sit on a parent-link cycle: cut each cycle at its earliest span.
  if (nodes.length < order.length) {
    const left = order.filter((n) => n.index === -1).sort(byStart)
    for (const node of left) {
      if (node.index !== -1) continue
      const parent = node.parent!
      parent.children.splice(parent.children.indexOf(node), 1)
      node.parent = null
      node.orphan = true
      roots.push(node)
      visit(node)
    }
  }

  // Reverse pre-order sees every child before its parent.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!
    node.selfTimeMs = selfTime(node)
    const p = node.parent
    if (p !== null) {
      p.descendantCount += 1 + node.descendantCount
      p.descendantErrors += node.descendantErrors + (node.span.status === 'error' ? 1 : 0)
    }
  }

  let end = 0
  for (const n of nodes) if (n.endMs > end) end = n.endMs
  return {
    roots,
    nodes,
    byId,
    startUnixNano: t0Text,
    durationMs: end,
    orphanCount: roots.reduce((k, r) => k + (r.orphan ? 1 : 0), 0),
  }
}

/**
 * Unix ns text as [whole ms, ns within the ms]: both exact as doubles (epoch ns pass 2^53, epoch
 * ms do not), and ten times cheaper than BigInt across a 10k-span trace.
 */
export function splitNanos(ns: string): [number, number] {
  const cut = ns.length - 6
  return cut <= 0 ? [0, Number(ns)] : [Number(ns.slice(0, cut)), Number(ns.slice(cut))]
}

/** Own duration minus the union of the children's intervals, clipped to this span. */
function selfTime<S extends TreeSpan>(node: SpanNode<S>): number {
  let covered = 0
  let curStart = -Infinity
  let curEnd = -Infinity
  // children are sorted by start, so one sweep merges overlapping intervals
  for (const c of node.children) {
    const s = Math.max(c.startMs, node.startMs)
    const e = Math.min(c.endMs, node.endMs)
    if (e <= s) continue
    if (s > curEnd) {
      if (curEnd > curStart) covered += curEnd - curStart
      curStart = s
      curEnd = e
    } else if (e > curEnd) curEnd = e
  }
  if (curEnd > curStart) covered += curEnd - curStart
  return Math.max(0, node.endMs - node.startMs - covered)
}

/** The node's ancestors, nearest first. */
export function ancestorsOf<S extends TreeSpan>(node: SpanNode<S>): SpanNode<S>[] {
  const out: SpanNode<S>[] = []
  for (let p = node.parent; p !== null; p = p.parent) out.push(p)
  return out
}
