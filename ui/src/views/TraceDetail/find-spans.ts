/**
 * @module views/TraceDetail/find-spans
 * The waterfall's "find": span ids whose name, service, tool, model, agent, operation or id
 * contains the query (case-insensitive), in tree order, so next/previous walk down the page. As a
 * browser's find does, typing goes to a match at once (`matchAsYouType`); Enter and the arrows step.
 */
import type { Span } from '@loupe/schema'
import type { SpanTree, TreeSpan } from '../../model/span-tree.ts'

export type FindSpan = TreeSpan &
  Pick<Span, 'name' | 'serviceName' | 'toolName' | 'model' | 'agentName' | 'operationName'>

export function findSpans<S extends FindSpan>(tree: SpanTree<S>, query: string): string[] {
  const q = query.trim().toLowerCase()
  if (q === '') return []
  const hit = (v: string | null) => v !== null && v.toLowerCase().includes(q)
  const out: string[] = []
  for (const { span: s } of tree.nodes) {
    if (
      hit(s.name) ||
      hit(s.serviceName) ||
      hit(s.toolName) ||
      hit(s.model) ||
      hit(s.agentName) ||
      hit(s.operationName) ||
      s.spanId === q
    ) {
      out.push(s.spanId)
    }
  }
  return out
}

/** The match after (or before) `current` in tree order, wrapping around; the first when `current` is none of them. */
export function stepMatch<S extends TreeSpan>(
  tree: SpanTree<S>,
  matches: readonly string[],
  current: string | null,
  dir: 1 | -1,
): string | null {
  if (matches.length === 0) return null
  const at = current === null ? -1 : (tree.byId.get(current)?.index ?? -1)
  const idx = (id: string) => tree.byId.get(id)!.index
  if (dir === 1) return matches.find((id) => idx(id) > at) ?? matches[0]!
  for (let i = matches.length - 1; i >= 0; i--) if (idx(matches[i]!) < at) return matches[i]!
  return matches[matches.length - 1]!
}

/**
 * The match to make current as the query changes: the current span while it still matches (so
 * refining a query keeps one's place), else the first match after it in tree order, wrapping;
 * null when nothing matches.
 */
export function matchAsYouType<S extends TreeSpan>(
  tree: SpanTree<S>,
  matches: readonly string[],
  current: string | null,
): string | null {
  if (current !== null && matches.includes(current)) return current
  return stepMatch(tree, matches, current, 1)
}

/** "3 matches", or "2 of 3 matches" while the current span is one of them. */
export function matchLabel(matches: readonly string[], current: string | null): string {
  const n = `${matches.length.toLocaleString('en-US')} match${matches.length === 1 ? '' : 'es'}`
  const at = current === null ? -1 : matches.indexOf(current)
  return at < 0 ? n : `${(at + 1).toLocaleString('en-US')} of ${n}`
}
