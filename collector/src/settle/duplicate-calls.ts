/**
 * @module settle/duplicate-calls
 * One model call seen by two instrumentations is counted once. A framework's LLM span often wraps
 * an SDK-level LLM span of the same call (LangChain's `ChatOpenAI` around the OpenAI
 * instrumentation's span; OpenInference's or OpenLLMetry's Anthropic span around the Anthropic
 * SDK's own `anthropic.messages.create`), each with the same usage. The two arrive in different
 * requests, so this is decided over the whole trace, where it is settled and where detail is read.
 *
 * The rule, for an LLM or embedding span O and its nearest counted LLM descendants D (the first
 * LLM spans below it on each path, looking through spans already found not to count), all of them
 * starting inside O's time and of O's model family:
 * - one D with O's usage (input and output tokens): the same call. The outer span counts, since it
 *   stands where its tool calls do (siblings under one agent), unless only the inner has a cost;
 * - O has no usage while D does: O is a wrapper, D counts (unless only O carries a cost);
 * - D have no usage while O does: each D repeats O, O counts;
 * - several D whose usage adds up to O's: O is a rollup of them.
 * Otherwise both count. Instrumentations that do not share a context nest nothing: LangChain's
 * callback-made `ChatOpenAI` span and the OpenAI instrumentation's span of the same call are
 * cousins. So an LLM span that still counts and lies inside a longer one's time, from another
 * instrumentation scope, with the same model and the same (non-zero) usage, repeats it too; pairs
 * are one to one, each with its nearest enclosing span. The span that does not count is marked
 * `isRollup`, as agent spans that repeat their children's usage are, so every total (summaries,
 * cost facts, drift, readiness) skips it; both stay in the waterfall. Pure, and near linear in the
 * trace's spans.
 */
import { modelTokens } from '../cost/match.ts'
import type { SettleSpan } from './settle-span.ts'

export type CallSpan = Pick<
  SettleSpan,
  | 'spanId'
  | 'parentSpanId'
  | 'kind'
  | 'isRollup'
  | 'model'
  | 'startTimeUnixNano'
  | 'endTimeUnixNano'
  | 'inputTokens'
  | 'outputTokens'
  | 'costSource'
  | 'scopeName'
>

/** A span of a call that another span already counts: `of` is that span, null for a rollup of several. */
export interface NotCounted {
  of: string | null
}

/**
 * Clocks of two instrumentations in one process agree, but a span may end after the span that
 * wraps it: the SDK's span is ended by a callback that runs after the wrapper's own `end()`, which
 * with a span-by-span exporter includes an export (33 ms measured under load). So a descendant
 * need only start inside its ancestor; a cousin, whose place in the tree says nothing, must also
 * end within this much of it.
 */
const START_SLACK_NS = 5_000_000n
const END_SLACK_NS = 100_000_000n

/** Leading name tokens that say where a model is served, not which model it is. */
const HOST_TOKENS: ReadonlySet<string> = new Set([
  'openai',
  'anthropic',
  'google',
  'models',
  'us',
  'eu',
  'apac',
  'global',
  'bedrock',
  'azure',
  'vertex',
  'vertex_ai',
  'publishers',
  'projects',
  'accounts',
  'fireworks',
  'together',
  'groq',
  'mistral',
  'mistralai',
  'meta',
  'amazon',
])

function familyTokens(model: string): string[] {
  const tokens = modelTokens(model)
  let i = 0
  while (i < tokens.length - 1 && HOST_TOKENS.has(tokens[i]!)) i++
  return tokens.slice(i)
}

/**
 * Whether two model names can be the same call's: either unknown, or one's tokens (after any
 * provider prefix) begin the other's, so a request model and its dated response model agree.
 */
export function sameModelFamily(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a === '' || b === '') return true
  const x = familyTokens(a)
  const y = familyTokens(b)
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return false
  return true
}

const isLlm = (s: Pick<CallSpan, 'kind'>): boolean => s.kind === 'llm' || s.kind === 'embedding'
const usageOf = (s: CallSpan): number => s.inputTokens + s.outputTokens
const COST_RANK = { reported: 3, computed: 2, unpriced: 1 } as const
const costRank = (s: CallSpan): number => (s.costSource === null ? 0 : COST_RANK[s.costSource])

function startsInside(inner: CallSpan, outer: CallSpan): boolean {
  const start = BigInt(inner.startTimeUnixNano)
  return start + START_SLACK_NS >= BigInt(outer.startTimeUnixNano) && start <= BigInt(outer.endTimeUnixNano)
}

/**
 * The LLM spans of a trace that repeat a call another span counts (see the module comment), by
 * span id. Agent and chain rollups are the normaliser's; an LLM or embedding span's `isRollup` is
 * this function's own earlier answer, so it is not read.
 */
export function duplicateCalls(spans: readonly CallSpan[]): Map<string, NotCounted> {
  const out = new Map<string, NotCounted>()
  let llms = 0
  for (const s of spans) if (isLlm(s)) llms++
  if (llms < 2) return out
  const children = new Map<string, CallSpan[]>()
  const ids = new Set<string>()
  for (const s of spans) ids.add(s.spanId)
  for (const s of spans) {
    if (s.parentSpanId === null || !ids.has(s.parentSpanId)) continue
    const list = children.get(s.parentSpanId)
    if (list) list.push(s)
    else children.set(s.parentSpanId, [s])
  }

  /** Nearest LLM descendants that count, through those that do not; cycles end a path. */
  const counted = (o: CallSpan): CallSpan[] => {
    const found: CallSpan[] = []
    const seen = new Set<string>([o.spanId])
    const stack = [...(children.get(o.spanId) ?? [])]
    while (stack.length > 0) {
      const s = stack.pop()!
      if (seen.has(s.spanId)) continue
      seen.add(s.spanId)
      if (isLlm(s) && !out.has(s.spanId)) found.push(s)
      else stack.push(...(children.get(s.spanId) ?? []))
    }
    return found
  }

  const decide = (o: CallSpan): void => {
    const below = counted(o)
    if (below.length === 0) return
    for (const d of below) if (!startsInside(d, o) || !sameModelFamily(o.model, d.model)) return
    let sum = 0
    for (const d of below) sum += usageOf(d)
    const own = usageOf(o)
    if (below.length === 1) {
      const d = below[0]!
      if (own === sum) {
        if (costRank(d) > costRank(o)) out.set(o.spanId, { of: d.spanId })
        else out.set(d.spanId, { of: o.spanId })
      } else if (own === 0) {
        // a wrapper without usage, unless only it carries the call's cost
        if (costRank(o) > costRank(d)) out.set(d.spanId, { of: o.spanId })
        else out.set(o.spanId, { of: d.spanId })
      } else if (sum === 0) out.set(d.spanId, { of: o.spanId })
      return
    }
    const belowRank = Math.max(...below.map(costRank))
    if (own === 0 && costRank(o) > belowRank) for (const d of below) out.set(d.spanId, { of: o.spanId })
    else if (own === 0 || own === sum) out.set(o.spanId, { of: null })
    else if (sum === 0) for (const d of below) out.set(d.spanId, { of: o.spanId })
  }

  // Post-order, so a span is decided after every LLM span below it.
  const visited = new Set<string>()
  const visit = (root: CallSpan): void => {
    const stack: Array<[CallSpan, boolean]> = [[root, false]]
    while (stack.length > 0) {
      const [s, expanded] = stack.pop()!
      if (expanded) {
        if (isLlm(s)) decide(s)
        continue
      }
      if (visited.has(s.spanId)) continue
      visited.add(s.spanId)
      stack.push([s, true])
      for (const c of children.get(s.spanId) ?? []) stack.push([c, false])
    }
  }
  for (const s of spans) if (s.parentSpanId === null || !ids.has(s.parentSpanId)) visit(s)
  for (const s of spans) visit(s)
  sameCallsApart(spans, out)
  return out
}

/** Whether `a` is an ancestor of `b`, through parent links (cycles end the walk). */
function isAncestor(a: CallSpan, b: CallSpan, byId: ReadonlyMap<string, CallSpan>): boolean {
  let at = b.parentSpanId
  for (let hops = 0; at !== null && hops < byId.size; hops++) {
    if (at === a.spanId) return true
    at = byId.get(at)?.parentSpanId ?? null
  }
  return false
}

/**
 * The exact model a cousin must share: its family tokens up to any date or build number, so
 * `gpt-4o-mini` and `gpt-4o-mini-2024-07-18` agree but `gpt-4o` and `gpt-4o-mini` do not.
 */
function modelCore(model: string | null): string | null {
  if (model === null || model === '') return null
  const tokens = familyTokens(model)
  const end = tokens.findIndex((t, i) => i > 0 && (/^\d{4,}$/.test(t) || t === 'latest'))
  return (end < 0 ? tokens : tokens.slice(0, end)).join(' ')
}

interface Timed {
  s: CallSpan
  start: bigint
  end: bigint
  core: string | null
}

/**
 * The counted LLM spans that repeat, from another scope and outside its subtree, a longer span's
 * call (see the module comment). Pairs are one to one, each span with the enclosing span of another
 * scope whose ends are nearest its own, so identical parallel calls seen twice stay as many calls
 * as were made. Only spans of equal usage are compared, swept in start order, so the work stays
 * near linear however long the trace.
 */
function sameCallsApart(spans: readonly CallSpan[], out: Map<string, NotCounted>): void {
  const byUsage = new Map<string, Timed[]>()
  for (const s of spans) {
    if (!isLlm(s) || out.has(s.spanId) || usageOf(s) === 0) continue
    const key = `${s.inputTokens}/${s.outputTokens}`
    const t: Timed = { s, start: BigInt(s.startTimeUnixNano), end: BigInt(s.endTimeUnixNano), core: modelCore(s.model) }
    const list = byUsage.get(key)
    if (list) list.push(t)
    else byUsage.set(key, [t])
  }
  let byId: Map<string, CallSpan> | undefined
  for (const group of byUsage.values()) {
    if (group.length < 2 || group.every((t) => t.s.scopeName === group[0]!.s.scopeName)) continue
    byId ??= new Map(spans.map((s) => [s.spanId, s]))
    group.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
    const paired = new Set<string>()
    // spans started so far that may still enclose a later one (they end after it starts)
    let open: Timed[] = []
    for (let i = 0; i < group.length; i++) {
      const inner = group[i]!
      open = open.filter((o) => o.end >= inner.start)
      open.push(inner)
      if (paired.has(inner.s.spanId)) continue
      let best: Timed | null = null
      let bestGap = 0n
      for (const outer of open) if (outer !== inner) [best, bestGap] = fitter(inner, outer, best, bestGap, paired, byId)
      // an enclosing span may also start just after this one, within the slack
      for (let j = i + 1; j < group.length && group[j]!.start - inner.start <= START_SLACK_NS; j++) {
        ;[best, bestGap] = fitter(inner, group[j]!, best, bestGap, paired, byId)
      }
      if (best === null) continue
      paired.add(inner.s.spanId)
      paired.add(best.s.spanId)
      if (costRank(inner.s) > costRank(best.s)) out.set(best.s.spanId, { of: inner.s.spanId })
      else out.set(inner.s.spanId, { of: best.s.spanId })
    }
  }
}

/** The better of `best` and `outer` as the span that encloses `inner`'s call (nearest ends). */
function fitter(
  inner: Timed,
  outer: Timed,
  best: Timed | null,
  bestGap: bigint,
  paired: ReadonlySet<string>,
  byId: ReadonlyMap<string, CallSpan>,
): [Timed | null, bigint] {
  if (paired.has(outer.s.spanId) || outer.s.scopeName === inner.s.scopeName) return [best, bestGap]
  const encloses =
    outer.end - outer.start >= inner.end - inner.start &&
    inner.start + START_SLACK_NS >= outer.start &&
    inner.start <= outer.end &&
    inner.end <= outer.end + END_SLACK_NS
  if (!encloses || (inner.core !== null && outer.core !== null && inner.core !== outer.core)) return [best, bestGap]
  if (isAncestor(outer.s, inner.s, byId) || isAncestor(inner.s, outer.s, byId)) return [best, bestGap]
  const gap = abs(inner.start - outer.start) + abs(outer.end - inner.end)
  return best === null || gap < bestGap ? [outer, gap] : [best, bestGap]
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x)

/** The span that counts a call: follows `of` links to the end (a chain of three is normal). */
export function countingSpan(id: string, notCounted: ReadonlyMap<string, NotCounted>): string | null {
  let at: string | null = id
  const seen = new Set<string>()
  while (at !== null && notCounted.has(at) && !seen.has(at)) {
    seen.add(at)
    at = notCounted.get(at)!.of
  }
  return at
}

/**
 * The trace's spans with `isRollup` decided for every LLM and embedding span; spans whose flag is
 * unchanged are returned as they are, changed ones as shallow copies (`changed` lists them).
 */
export function markDuplicateCalls<T extends CallSpan>(
  spans: readonly T[],
): { spans: T[]; changed: T[]; notCounted: Map<string, NotCounted> } {
  const notCounted = duplicateCalls(spans)
  const changed: T[] = []
  const out = spans.map((s) => {
    if (!isLlm(s)) return s
    const rollup = notCounted.has(s.spanId)
    if (rollup === s.isRollup) return s
    const copy = Object.assign({}, s, { isRollup: rollup })
    changed.push(copy)
    return copy
  })
  return { spans: out, changed, notCounted }
}

/**
 * Where a counted call stands among its tool calls: its parent, or, when that parent is an LLM span
 * that does not count (a wrapper or rollup of this call), that span's own place, repeated upwards.
 * Tool spans are siblings of the outermost LLM span of a call, so turns and tool attribution look
 * there. The identity function, at no cost, for the usual trace with no LLM rollups.
 */
type Links = Pick<CallSpan, 'spanId' | 'parentSpanId' | 'kind' | 'isRollup'>

export function callParent(spans: readonly Links[]): (s: Links) => string | null {
  let rollups: Map<string, Links> | undefined
  for (const s of spans) if (isLlm(s) && s.isRollup) (rollups ??= new Map()).set(s.spanId, s)
  if (rollups === undefined) return (s) => s.parentSpanId
  const up = rollups
  return (s) => {
    let at = s.parentSpanId
    for (let hops = 0; at !== null && hops < up.size; hops++) {
      const r = up.get(at)
      if (r === undefined) break
      at = r.parentSpanId
    }
    return at
  }
}
