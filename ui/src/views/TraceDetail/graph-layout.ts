/**
 * @module views/TraceDetail/graph-layout
 * A small layered layout for the agent graph, left to right. Pure, so it is tested without SVG.
 *
 * 1. Break cycles: a depth-first walk from the sources (in node order) marks every edge that
 *    returns to a node still on the walk as a back edge. Back edges are left out of layering
 *    and drawn right to left through the gaps between columns (and under the nodes when they
 *    skip columns), so a loop reads as a loop instead of tangling the columns.
 * 2. Layer each node by its longest path from a source over the forward edges.
 * 3. Order each column by the mean row of its callers (one barycenter sweep), ties in node order.
 */

export interface LayoutInput {
  nodes: ReadonlyArray<{ id: string }>
  edges: ReadonlyArray<{ id: string; from: string; to: string }>
}

interface PlacedNode {
  id: string
  x: number
  y: number
  layer: number
}

interface PlacedEdge {
  id: string
  /** SVG path data */
  path: string
  labelX: number
  labelY: number
  /** closes a cycle: drawn below the nodes */
  back: boolean
  self: boolean
}

export interface GraphLayout {
  width: number
  height: number
  nodes: PlacedNode[]
  edges: PlacedEdge[]
}

export const NODE_W = 184
export const NODE_H = 46
const GAP_X = 96
const GAP_Y = 22
const PAD = 32

export function layoutGraph({ nodes, edges }: LayoutInput): GraphLayout {
  const ids = nodes.map((n) => n.id)
  const out = new Map<string, Array<{ id: string; to: string }>>(ids.map((id) => [id, []]))
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]))
  for (const e of edges) {
    out.get(e.from)?.push({ id: e.id, to: e.to })
    if (e.from !== e.to) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1)
  }

  // 1. back edges
  const back = new Set<string>()
  const state = new Map<string, 'open' | 'done'>()
  const walk = (v: string) => {
    state.set(v, 'open')
    for (const e of out.get(v) ?? []) {
      const s = state.get(e.to)
      if (s === 'open') back.add(e.id)
      else if (s === undefined) walk(e.to)
    }
    state.set(v, 'done')
  }
  for (const id of ids) if (indegree.get(id) === 0 && !state.has(id)) walk(id)
  for (const id of ids) if (!state.has(id)) walk(id)

  // 2. longest-path layers over forward edges, in topological order (Kahn)
  const layer = new Map<string, number>(ids.map((id) => [id, 0]))
  const pending = new Map<string, number>(ids.map((id) => [id, 0]))
  for (const e of edges) if (!back.has(e.id)) pending.set(e.to, pending.get(e.to)! + 1)
  const queue = ids.filter((id) => pending.get(id) === 0)
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!
    for (const e of out.get(v) ?? []) {
      if (back.has(e.id)) continue
      layer.set(e.to, Math.max(layer.get(e.to)!, layer.get(v)! + 1))
      pending.set(e.to, pending.get(e.to)! - 1)
      if (pending.get(e.to) === 0) queue.push(e.to)
    }
  }

  // 3. columns, ordered by the callers' mean row
  const columns: string[][] = []
  for (const id of ids) (columns[layer.get(id)!] ??= []).push(id)
  const row = new Map<string, number>()
  const callers = new Map<string, string[]>(ids.map((id) => [id, []]))
  for (const e of edges) if (!back.has(e.id) && e.from !== e.to) callers.get(e.to)!.push(e.from)
  const order = new Map(ids.map((id, i) => [id, i]))
  columns.forEach((col, li) => {
    const key = (id: string) => {
      const cs = callers.get(id)!.filter((c) => row.has(c))
      return li === 0 || cs.length === 0 ? order.get(id)! : cs.reduce((s, c) => s + row.get(c)!, 0) / cs.length
    }
    const keys = new Map(col.map((id) => [id, key(id)]))
    col.sort((a, b) => keys.get(a)! - keys.get(b)! || order.get(a)! - order.get(b)!)
    col.forEach((id, r) => row.set(id, r))
  })

  const tallest = Math.max(0, ...columns.map((c) => c.length))
  const placed = new Map<string, PlacedNode>()
  columns.forEach((col, li) => {
    const shift = ((tallest - col.length) * (NODE_H + GAP_Y)) / 2
    col.forEach((id, r) =>
      placed.set(id, { id, layer: li, x: PAD + li * (NODE_W + GAP_X), y: PAD + shift + r * (NODE_H + GAP_Y) }),
    )
  })

  const nodesBottom = PAD + tallest * (NODE_H + GAP_Y) - GAP_Y
  let lane = 0
  const placedEdges: PlacedEdge[] = edges.map((e) => {
    const a = placed.get(e.from)!
    const b = placed.get(e.to)!
    if (e.from === e.to) {
      const x = a.x + NODE_W
      return {
        id: e.id,
        back: true,
        self: true,
        labelX: x + 14,
        labelY: a.y - 12,
        path: `M ${x - 36} ${a.y} C ${x - 36} ${a.y - 34}, ${x + 30} ${a.y - 20}, ${x} ${a.y + 12}`,
      }
    }
    if (back.has(e.id)) {
      // Leave the source's left side, return into the target's right side, low on both so the
      // forward edges (at mid-height) stay apart. Between adjacent columns that is one curve in
      // the gap; across more, the edge runs down a gap, under every node and up another gap.
      const gapL = a.x - GAP_X / 2
      const gapR = b.x + NODE_W + GAP_X / 2
      const sy = a.y + NODE_H * 0.78
      const ty = b.y + NODE_H * 0.78
      const tx = b.x + NODE_W
      if (a.layer - b.layer === 1) {
        return {
          id: e.id,
          back: true,
          self: false,
          labelX: gapL,
          labelY: (sy + ty) / 2 + 14,
          path: `M ${a.x} ${sy} C ${gapL} ${sy}, ${gapL} ${ty}, ${tx} ${ty}`,
        }
      }
      const y = nodesBottom + 26 + 14 * lane++
      const r = 12
      return {
        id: e.id,
        back: true,
        self: false,
        labelX: (gapL + gapR) / 2,
        labelY: y - 5,
        path:
          `M ${a.x} ${sy} Q ${gapL} ${sy} ${gapL} ${sy + r} L ${gapL} ${y - r} Q ${gapL} ${y} ${gapL - r} ${y} ` +
          `L ${gapR + r} ${y} Q ${gapR} ${y} ${gapR} ${y - r} L ${gapR} ${ty + r} Q ${gapR} ${ty} ${tx} ${ty}`,
      }
    }
    const sx = a.x + NODE_W
    const sy = a.y + NODE_H / 2
    const tx = b.x
    const ty = b.y + NODE_H / 2
    const mid = (sx + tx) / 2
    // The label sits three quarters along the curve, near its target: a fan-out of one agent
    // to many tools keeps its labels apart instead of piling them up at the source.
    return {
      id: e.id,
      back: false,
      self: false,
      labelX: 0.015625 * sx + 0.5625 * mid + 0.421875 * tx,
      labelY: 0.15625 * sy + 0.84375 * ty - 5,
      path: `M ${sx} ${sy} C ${mid} ${sy}, ${mid} ${ty}, ${tx} ${ty}`,
    }
  })

  return {
    width: PAD * 2 + Math.max(1, columns.length) * (NODE_W + GAP_X) - GAP_X + 30,
    height: nodesBottom + PAD + 14 * lane + (lane > 0 ? 26 : 0),
    nodes: ids.map((id) => placed.get(id)!),
    edges: placedEdges,
  }
}
