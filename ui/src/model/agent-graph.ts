/**
 * @module model/agent-graph
 * Who called whom in a trace: agents, tools and models as nodes, calls as edges with counts,
 * and the cycles among them (a loop between agents shows as a cycle). Pure.
 *
 * How spans become edges (the span tree gives the nesting):
 * - Every span's *owner* is its nearest agent ancestor. Spans with no agent above them belong
 *   to the agent named in their (inherited) `agentName`, else to one "trace" node.
 * - agent span → `owner → agent` (a child agent). An agent directly inside an agent of the
 *   same name is one agent (an `invoke_agent X` wrapping `agent X`), not a self-call.
 * - tool span → `owner → tool`; a handoff (`handoff to X`, or a `transfer_to_x` tool) is
 *   `owner → agent X` instead, so handing back and forth between agents closes a cycle. When
 *   agent X then runs under the same owner, that run is the same transition, not a second call.
 * - Spans outside every agent (no agent above, no inherited name) hang off one "no agent" node.
 * - llm / embedding span → `owner → model`; retriever → `owner → tool`-like node.
 * - chain, guardrail and other spans are transparent: their children keep the outer owner.
 */
import type { Span } from '@loupe/schema'
import type { SpanNode, SpanTree, TreeSpan } from './span-tree.ts'

export type GraphSpan = TreeSpan & Pick<Span, 'name' | 'kind' | 'agentName' | 'toolName' | 'model'>

type GraphNodeKind = 'agent' | 'tool' | 'model' | 'trace'

export interface GraphNode {
  /** `kind:label`, unique */
  id: string
  kind: GraphNodeKind
  label: string
  /** spans this node stands for (agent runs, tool calls, model calls) */
  spans: number
  errors: number
  /** the first such span, to jump to from the graph */
  firstSpanId: string | null
  /** one of the spans it stands for is among the highlighted ones (a finding's cycle) */
  highlighted: boolean
}

interface GraphEdge {
  /** `from->to` */
  id: string
  from: string
  to: string
  /** handoff when any of the calls was a handoff */
  kind: 'calls' | 'handoff'
  count: number
  errors: number
  /** part of a cycle (including a self-loop) */
  cyclic: boolean
  /** one of the spans behind it (the call, handoff or child agent run) is highlighted */
  highlighted: boolean
}

export interface AgentGraph {
  /** in order of first appearance */
  nodes: GraphNode[]
  edges: GraphEdge[]
  /** node ids of each cycle (strongly connected component), in order of first appearance */
  cycles: string[][]
}

const HANDOFF_NAME = /^handoff to (.+)$/i
const TRANSFER_TOOL = /^transfer_to_(.+)$/i

/** Agent names compared loosely: "Billing Agent" is `transfer_to_billing_agent`'s target. */
const loose = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')

const agentLabel = (s: GraphSpan) => s.agentName ?? s.name

function handoffTarget(s: GraphSpan): string | null {
  return HANDOFF_NAME.exec(s.name)?.[1]?.trim() ?? TRANSFER_TOOL.exec(s.toolName ?? '')?.[1] ?? null
}

/**
 * @param highlight span ids to mark (e.g. a `cycle` finding's spans): every node and edge that
 * one of them contributed to gets `highlighted`. Optional; nothing is highlighted without it.
 */
export function buildAgentGraph<S extends GraphSpan>(
  tree: SpanTree<S>,
  highlight: ReadonlySet<string> = new Set(),
): AgentGraph {
  const nodes = new Map<string, GraphNode>()
  const edges = new Map<string, GraphEdge>()
  const node = (kind: GraphNodeKind, label: string): GraphNode => {
    const id = `${kind}:${label}`
    let n = nodes.get(id)
    if (n === undefined) {
      n = { id, kind, label, spans: 0, errors: 0, firstSpanId: null, highlighted: false }
      nodes.set(id, n)
    }
    return n
  }
  const count = (n: GraphNode, s: GraphSpan) => {
    n.spans++
    if (s.status === 'error') n.errors++
    n.firstSpanId ??= s.spanId
    if (highlight.has(s.spanId)) n.highlighted = true
  }
  const edge = (from: GraphNode, to: GraphNode, s: GraphSpan, kind: GraphEdge['kind']) => {
    const id = `${from.id}->${to.id}`
    let e = edges.get(id)
    if (e === undefined) {
      e = { id, from: from.id, to: to.id, kind, count: 0, errors: 0, cyclic: false, highlighted: false }
      edges.set(id, e)
    }
    e.count++
    if (s.status === 'error') e.errors++
    if (kind === 'handoff') e.kind = 'handoff'
    if (highlight.has(s.spanId)) {
      e.highlighted = true
      // Both ends too, so a highlighted edge never dangles (a handoff span counts on neither node).
      from.highlighted = true
      to.highlighted = true
    }
  }

  // Agent names as they ran, so a handoff target resolves to the node of the agent it names.
  const agentsByLoose = new Map<string, string>()
  for (const n of tree.nodes)
    if (n.span.kind === 'agent') {
      const label = agentLabel(n.span)
      if (!agentsByLoose.has(loose(label))) agentsByLoose.set(loose(label), label)
    }

  // The owner each node hands to its children, filled in pre-order (parents first).
  const ownerBelow = new Map<SpanNode<S>, GraphNode | null>()
  // Handoffs not yet followed by the target agent's run, by edge id.
  const pendingHandoffs = new Map<string, number>()
  for (const n of tree.nodes) {
    const s = n.span
    const inherited = n.parent === null ? null : (ownerBelow.get(n.parent) ?? null)
    const owner = () =>
      inherited ?? (s.agentName !== null && s.kind !== 'agent' ? node('agent', s.agentName) : node('trace', 'no agent'))
    let below = inherited
    const target = s.kind === 'tool' ? handoffTarget(s) : null
    if (s.kind === 'agent') {
      const me = node('agent', agentLabel(s))
      if (inherited !== me) {
        count(me, s)
        if (inherited !== null) {
          const id = `${inherited.id}->${me.id}`
          const pending = pendingHandoffs.get(id) ?? 0
          if (pending > 0) {
            pendingHandoffs.set(id, pending - 1)
            // The run a handoff caused is that same transition: it highlights the handoff edge.
            if (highlight.has(s.spanId)) edges.get(id)!.highlighted = true
          } else edge(inherited, me, s, 'calls')
        }
      }
      below = me
    } else if (target !== null) {
      const from = owner()
      const to = node('agent', agentsByLoose.get(loose(target)) ?? target)
      edge(from, to, s, 'handoff')
      pendingHandoffs.set(`${from.id}->${to.id}`, (pendingHandoffs.get(`${from.id}->${to.id}`) ?? 0) + 1)
    } else if (s.kind === 'tool' || s.kind === 'retriever') {
      const t = node('tool', s.toolName ?? s.name)
      count(t, s)
      edge(owner(), t, s, 'calls')
    } else if (s.kind === 'llm' || s.kind === 'embedding') {
      const m = node('model', s.model ?? s.name)
      count(m, s)
      edge(owner(), m, s, 'calls')
    }
    ownerBelow.set(n, below)
  }

  const nodeList = [...nodes.values()]
  const edgeList = [...edges.values()]
  const cycles = findCycles(nodeList, edgeList)
  const cycleOf = new Map<string, number>()
  cycles.forEach((c, i) => c.forEach((id) => cycleOf.set(id, i)))
  for (const e of edgeList) {
    const c = cycleOf.get(e.from)
    e.cyclic = c !== undefined && c === cycleOf.get(e.to)
  }
  return { nodes: nodeList, edges: edgeList, cycles }
}

/**
 * Strongly connected components with more than one node, or with a self-loop (Tarjan). The
 * graph has one node per distinct agent/tool/model, so recursion depth stays small.
 */
function findCycles(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string[][] {
  const out = new Map<string, string[]>()
  for (const e of edges) {
    let list = out.get(e.from)
    if (list === undefined) out.set(e.from, (list = []))
    list.push(e.to)
  }
  const selfLoop = new Set(edges.filter((e) => e.from === e.to).map((e) => e.from))
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const sccs: string[][] = []
  const strong = (v: string) => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    onStack.add(v)
    for (const w of out.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || selfLoop.has(v)) sccs.push(scc)
    }
  }
  for (const n of nodes) if (!index.has(n.id)) strong(n.id)
  const order = new Map(nodes.map((n, i) => [n.id, i]))
  const byOrder = (a: string, b: string) => order.get(a)! - order.get(b)!
  return sccs.map((c) => c.sort(byOrder)).sort((a, b) => byOrder(a[0]!, b[0]!))
}
