/**
 * @module normalise/inherit
 * Agent-name inheritance: a span without an agent name takes that of its nearest ancestor that
 * has one, so llm and tool spans can be filtered by agent. Pure: used per ingest batch and at
 * read time over a whole trace; only ancestors inside the given set are seen.
 * Invariants: O(n) — every span is resolved once, each walk stops at the first resolved span;
 * cyclic parent links terminate (a span met twice in one walk ends it, with no name);
 * input records are never mutated — changed spans are shallow copies, others are returned as is.
 */
import type { SpanRecord } from './span-record.ts'

/** Walk states; a fresh Uint8Array starts every span at 0, unvisited. */
const IN_WALK = 1
const DONE = 2

/** Spans keyed by trace and span id: span ids are only unique within a trace. */
function key(traceId: string, spanId: string): string {
  return traceId + '/' + spanId
}

/** What inheritance needs of a span: the settler runs it on light rows, ingest on full records. */
export type AgentLinks = Pick<SpanRecord, 'traceId' | 'spanId' | 'parentSpanId' | 'agentName'>

export function inheritAgentNames<T extends AgentLinks>(spans: readonly T[]): T[] {
  const n = spans.length
  const index = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const s = spans[i] as T
    index.set(key(s.traceId, s.spanId), i)
  }
  const state = new Uint8Array(n)
  const resolved: (string | null)[] = new Array<string | null>(n).fill(null)
  const path: number[] = []

  for (let start = 0; start < n; start++) {
    if (state[start] === DONE) continue
    // Walk up until a span that has (or has resolved) a name, a missing parent, or a cycle.
    let name: string | null = null
    let i: number | undefined = start
    while (i !== undefined) {
      if (state[i] === DONE) {
        name = resolved[i] ?? null
        break
      }
      if (state[i] === IN_WALK) break // cycle
      const s = spans[i] as T
      if (s.agentName !== null && s.agentName !== '') {
        name = s.agentName
        resolved[i] = name
        state[i] = DONE
        break
      }
      state[i] = IN_WALK
      path.push(i)
      i = s.parentSpanId === null ? undefined : index.get(key(s.traceId, s.parentSpanId))
    }
    for (const p of path) {
      resolved[p] = name
      state[p] = DONE
    }
    path.length = 0
  }

  const out: T[] = new Array<T>(n)
  for (let i = 0; i < n; i++) {
    const s = spans[i] as T
    const name = resolved[i] ?? null
    out[i] = s.agentName === name || name === null ? s : { ...s, agentName: name }
  }
  return out
}
