/**
 * The agent graph tab: agents, tools and models as SVG nodes, calls as edges with counts.
 * Edges that close a cycle curve below the nodes in the warning colour, and the cycles are
 * listed above the drawing. Nodes and edges behind a `cycle` finding's spans (`highlight`) are
 * outlined in the danger colour. Clicking a node selects its first span.
 */
import type { Span } from '@loupe/schema'
import { useMemo } from 'react'
import { buildAgentGraph, type GraphNode } from '../../model/agent-graph.ts'
import type { SpanTree } from '../../model/span-tree.ts'
import { layoutGraph, NODE_H, NODE_W } from './graph-layout.ts'

const KIND_CLASS: Record<GraphNode['kind'], string> = {
  agent: 'kind-agent',
  tool: 'kind-tool',
  model: 'kind-llm',
  trace: 'kind-chain',
}
const KIND_NOUN: Record<GraphNode['kind'], [string, string]> = {
  agent: ['run', 'runs'],
  tool: ['call', 'calls'],
  model: ['call', 'calls'],
  trace: ['span', 'spans'],
}

interface Props {
  tree: SpanTree<Span>
  selectedId: string | null
  onSelect: (spanId: string) => void
  /** span ids to highlight (the cycle findings' spans) */
  highlight?: ReadonlySet<string>
}

const NONE: ReadonlySet<string> = new Set()

export function AgentGraphView({ tree, selectedId, onSelect, highlight = NONE }: Props) {
  const graph = useMemo(() => buildAgentGraph(tree, highlight), [tree, highlight])
  const highlightedNodes = graph.nodes.filter((n) => n.highlighted).length
  const layout = useMemo(() => layoutGraph(graph), [graph])
  const nodeById = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph])
  const selectedSpan = selectedId === null ? undefined : tree.byId.get(selectedId)?.span

  if (graph.nodes.length === 0) {
    return (
      <div className="panel graph-panel">
        <p className="state-empty-small">No agents, tools or model calls in this trace.</p>
      </div>
    )
  }
  const label = (id: string) => nodeById.get(id)?.label ?? id
  return (
    <section className="panel graph-panel" aria-label="Agent graph">
      <div className="graph-legend">
        {(['agent', 'tool', 'model'] as const).map((k) => (
          <span key={k} className={`graph-key ${KIND_CLASS[k]}`}>
            <i />
            {k === 'model' ? 'model' : k}
          </span>
        ))}
        <span className="graph-key cycle">
          <i />
          cycle
        </span>
        {highlightedNodes > 0 && (
          <span className="graph-key finding" data-testid="graph-finding-key">
            <i />
            cycle finding
          </span>
        )}
      </div>
      {graph.cycles.length > 0 && (
        <ul className="graph-cycles" role="status">
          {graph.cycles.map((c, i) => (
            <li key={i}>
              <strong>Cycle:</strong> {[...c, c[0]!].map(label).join(' → ')}
            </li>
          ))}
        </ul>
      )}
      <div className="graph-scroll">
        <svg
          data-testid="agent-graph"
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="img"
          aria-label={`Agent graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges, ${graph.cycles.length} cycles`}
        >
          <defs>
            <marker
              id="td-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="9"
              markerHeight="9"
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="graph-arrow" />
            </marker>
            <marker
              id="td-arrow-cycle"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="9"
              markerHeight="9"
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="graph-arrow cycle" />
            </marker>
          </defs>
          {layout.edges.map((pe, i) => {
            const e = graph.edges[i]!
            const cls = [
              'graph-edge',
              e.cyclic && 'cycle',
              pe.back && 'back',
              e.kind === 'handoff' && 'handoff',
              e.highlighted && 'finding',
            ]
              .filter(Boolean)
              .join(' ')
            return (
              <g
                key={e.id}
                className={cls}
                data-edge={e.id}
                data-cyclic={e.cyclic ? 'true' : undefined}
                data-finding={e.highlighted ? 'true' : undefined}
              >
                <title>{`${label(e.from)} → ${label(e.to)}: ${e.count} ${e.kind === 'handoff' ? 'handoff' : 'call'}${e.count === 1 ? '' : 's'}${e.errors > 0 ? `, ${e.errors} failed` : ''}`}</title>
                <path d={pe.path} markerEnd={`url(#${e.cyclic ? 'td-arrow-cycle' : 'td-arrow'})`} />
                <text x={pe.labelX} y={pe.labelY} textAnchor="middle" className="graph-edge-label">
                  ×{e.count}
                  {e.errors > 0 ? ` (${e.errors}✗)` : ''}
                </text>
              </g>
            )
          })}
          {layout.nodes.map((p) => {
            const n = nodeById.get(p.id)!
            const selected = selectedSpan !== undefined && nodeHolds(n, selectedSpan)
            const [one, many] = KIND_NOUN[n.kind]
            return (
              <g
                key={n.id}
                transform={`translate(${p.x},${p.y})`}
                data-node={n.id}
                data-finding={n.highlighted ? 'true' : undefined}
                className={[
                  'graph-node',
                  KIND_CLASS[n.kind],
                  n.errors > 0 && 'failed',
                  n.highlighted && 'finding',
                  selected && 'selected',
                  n.firstSpanId && 'clickable',
                ]
                  .filter(Boolean)
                  .join(' ')}
                onClick={() => {
                  if (n.firstSpanId !== null) onSelect(n.firstSpanId)
                }}
              >
                <title>{`${n.kind}: ${n.label}\n${n.spans} ${n.spans === 1 ? one : many}${n.errors > 0 ? `, ${n.errors} failed` : ''}`}</title>
                <rect width={NODE_W} height={NODE_H} rx={8} />
                <rect width={5} height={NODE_H} rx={2} className="graph-node-stripe" />
                <text x={14} y={19} className="graph-node-label">
                  {truncate(n.label, 22)}
                </text>
                <text x={14} y={35} className="graph-node-sub">
                  {n.kind === 'trace'
                    ? 'spans outside any agent'
                    : `${n.kind} · ${n.spans} ${n.spans === 1 ? one : many}${n.errors > 0 ? ` · ${n.errors} failed` : ''}`}
                </text>
              </g>
            )
          })}
        </svg>
      </div>
    </section>
  )
}

/** Whether a node stands for the selected span, to highlight it. */
function nodeHolds(n: GraphNode, s: Span): boolean {
  switch (n.kind) {
    case 'agent':
      return s.kind === 'agent' && (s.agentName ?? s.name) === n.label
    case 'tool':
      return (s.kind === 'tool' || s.kind === 'retriever') && (s.toolName ?? s.name) === n.label
    case 'model':
      return (s.kind === 'llm' || s.kind === 'embedding') && (s.model ?? s.name) === n.label
    case 'trace':
      return false
  }
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}
