/**
 * @module views/TraceDetail/find-spans
 * The waterfall's "find": span ids whose name, service, tool, model, agent, operation or id
 * contains the query (case-insensitive), in tree order, so next/previous walk down the page.
 */
import type { Span } from '@loupe/schema'
import type { SpanTree, TreeSpan } from '../../model/span-tree.ts'

export type FindSpan = TreeSpan & Pick<Span, 'name' | 'serviceName' | 'toolName' | 'model' | 'agentName' | 'operationName'>

export function findSpans<S extends FindSpan>(tree: SpanTree<S>, query: string): string[] {
  const q = query.trim().toLowerCase()
  if (q === '') return []
  const hit = (v: string | null) => v !== null && v.toLowerCase().includes(q)
  const out: string[] = []
  for (const { span: s } of tree.nodes) {
    if (hit(s.name) || hit(s.serviceName) || hit(s.toolName) || hit(s.model) || hit(s.agentName) || hit(s.operationName) || s.spanId === q) {
      out.push(s.spanId)
    }
  }
  return out
}

/** The match after (or before) `current` in tree order, wrapping around; the first when `current` is none of them. */
export function stepMatch<S extends TreeSpan>(tree: SpanTree<S>, matches: readonly string[], current: string | null, dir: 1 | -1): string | null {
  if (matches.length === 0) return null
  const at = current === null ? -1 : (tree.byId.get(current)?.index ?? -1)
  const idx = (id: string) => tree.byId.get(id)!.index
  if (dir === 1) return matches.find((id) => idx(id) > at) ?? matches[0]!
  for (let i = matches.length - 1; i >= 0; i--) if (idx(matches[i]!) < at) return matches[i]!
  return matches[matches.length - 1]!
}
