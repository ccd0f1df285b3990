/**
 * @module settle/cost-facts
 * A trace's usage grouped by (model, provider, service, agent, tool, user, session, hour): the rows
 * cost reports sum. Pure.
 *
 * Tool attribution: a tool span was requested by the latest LLM call under the same parent that
 * started at or before it (a call inside an LLM span that does not count stands in that span's
 * place, see `callParent`). An LLM call that requested n tools splits its tokens and cost into n
 * exact integer shares (the remainder goes to the first shares), one under each tool name, and
 * counts as one call (on its first share); a call that requested none stays under tool ''. Tool
 * spans count as tool calls and tool time under their own name. So every grouping of these rows,
 * by tool or not, adds up to the trace summary exactly.
 */
import { callParent } from './duplicate-calls.ts'
import { costUnits, isCall, type SettleSpan } from './settle-span.ts'

export interface CostFact {
  hourMs: number
  model: string
  provider: string
  serviceName: string
  agentName: string
  toolName: string
  userId: string
  sessionId: string
  spanCount: number
  llmCalls: number
  toolCalls: number
  toolDurationNs: bigint
  errorCount: number
  /** failed LLM and tool calls (errorCount counts every failed span) */
  callErrors: number
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
  costUnits: bigint
  /** the part of costUnits spent on spans that loop findings count as wasted */
  wastedCostUnits: bigint
  unpricedCalls: number
}

export function costFacts(
  spans: readonly SettleSpan[],
  trace: { userId: string | null; sessionId: string | null },
  wasted: ReadonlySet<string> = new Set(),
): CostFact[] {
  const requested = requestedTools(spans)
  const facts = new Map<string, CostFact>()
  const add = (s: SettleSpan, toolName: string, m: FactMeasures) => {
    const hourMs = hourStartMs(s.startTimeUnixNano)
    const dims = {
      hourMs,
      model: s.model ?? '',
      provider: s.provider ?? '',
      serviceName: s.serviceName,
      agentName: s.agentName ?? '',
      toolName,
      userId: s.userId ?? trace.userId ?? '',
      sessionId: s.sessionId ?? trace.sessionId ?? '',
    }
    const key = factKey(dims)
    const f = facts.get(key)
    if (!f) {
      // Object.assign, not `{ ...dims, ...m }`: V8 (Node 20) takes a slow path, ~15 µs a fact, when
      // one spread adds another object's keys
      facts.set(key, Object.assign(dims, m))
      return
    }
    addMeasures(f, m)
  }
  for (const s of spans) {
    const error = s.status === 'error' ? 1 : 0
    if (!isCall(s)) {
      const usage = !s.isRollup
      const isTool = s.kind === 'tool'
      add(s, isTool ? (s.toolName ?? '') : '', {
        spanCount: 1,
        llmCalls: 0,
        toolCalls: isTool ? 1 : 0,
        toolDurationNs: isTool ? BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano) : 0n,
        errorCount: error,
        callErrors: isTool ? error : 0,
        inputTokens: usage ? s.inputTokens : 0,
        outputTokens: usage ? s.outputTokens : 0,
        cacheReadTokens: usage ? s.cacheReadTokens : 0,
        cacheWriteTokens: usage ? s.cacheWriteTokens : 0,
        reasoningTokens: usage ? s.reasoningTokens : 0,
        costUnits: usage ? costUnits(s.costUsd) : 0n,
        wastedCostUnits: usage && wasted.has(s.spanId) ? costUnits(s.costUsd) : 0n,
        unpricedCalls: usage && s.costSource === 'unpriced' ? 1 : 0,
      })
      continue
    }
    const tools = requested.get(s.spanId) ?? ['']
    const n = tools.length
    const cost = costUnits(s.costUsd)
    tools.forEach((tool, idx) => {
      const i = idx + 1
      const first = i === 1 ? 1 : 0
      add(s, tool, {
        spanCount: first,
        llmCalls: first,
        toolCalls: 0,
        toolDurationNs: 0n,
        errorCount: first * error,
        callErrors: first * error,
        inputTokens: share(s.inputTokens, n, i),
        outputTokens: share(s.outputTokens, n, i),
        cacheReadTokens: share(s.cacheReadTokens, n, i),
        cacheWriteTokens: share(s.cacheWriteTokens, n, i),
        reasoningTokens: share(s.reasoningTokens, n, i),
        costUnits: shareBig(cost, BigInt(n), BigInt(i)),
        wastedCostUnits: wasted.has(s.spanId) ? shareBig(cost, BigInt(n), BigInt(i)) : 0n,
        unpricedCalls: first && s.costSource === 'unpriced' ? 1 : 0,
      })
    })
  }
  return [...facts.values()]
}

type FactDimensions = Pick<
  CostFact,
  'hourMs' | 'model' | 'provider' | 'serviceName' | 'agentName' | 'toolName' | 'userId' | 'sessionId'
>
type FactMeasures = Omit<CostFact, keyof FactDimensions>

function factKey(d: FactDimensions): string {
  return `${d.hourMs}\u0000${d.model}\u0000${d.provider}\u0000${d.serviceName}\u0000${d.agentName}\u0000${d.toolName}\u0000${d.userId}\u0000${d.sessionId}`
}

function addMeasures(f: FactMeasures, m: FactMeasures): void {
  f.spanCount += m.spanCount
  f.llmCalls += m.llmCalls
  f.toolCalls += m.toolCalls
  f.toolDurationNs += m.toolDurationNs
  f.errorCount += m.errorCount
  f.callErrors += m.callErrors
  f.inputTokens += m.inputTokens
  f.outputTokens += m.outputTokens
  f.cacheReadTokens += m.cacheReadTokens
  f.cacheWriteTokens += m.cacheWriteTokens
  f.reasoningTokens += m.reasoningTokens
  f.costUnits += m.costUnits
  f.wastedCostUnits += m.wastedCostUnits
  f.unpricedCalls += m.unpricedCalls
}

/** Facts of disjoint sets of spans of one trace, added up per dimension: the facts of their union. */
export function mergeFacts(...lists: ReadonlyArray<readonly CostFact[]>): CostFact[] {
  const out = new Map<string, CostFact>()
  for (const list of lists)
    for (const f of list) {
      const key = factKey(f)
      const seen = out.get(key)
      if (seen) addMeasures(seen, f)
      else out.set(key, { ...f })
    }
  return [...out.values()]
}

/** The start of the UTC hour holding a decimal unix-nanosecond time, in ms (exact, without BigInt). */
function hourStartMs(unixNano: string): number {
  const ms = unixNano.length > 6 ? Number(unixNano.slice(0, -6)) : 0
  return ms - (ms % 3_600_000)
}

/** LLM span id → names of the tools it requested, sorted. */
export function requestedTools(spans: readonly SettleSpan[]): Map<string, string[]> {
  const callsByParent = new Map<string, Array<{ start: bigint; span: SettleSpan }>>()
  const parentOf = callParent(spans)
  for (const s of spans) {
    if (!isCall(s)) continue
    const k = parentOf(s) ?? ''
    const call = { start: BigInt(s.startTimeUnixNano), span: s }
    const list = callsByParent.get(k)
    if (list) list.push(call)
    else callsByParent.set(k, [call])
  }
  // by start, ties by span id: the requester of a tool is then the last call starting at or before it
  for (const calls of callsByParent.values())
    calls.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.span.spanId < b.span.spanId ? -1 : 1))
  const out = new Map<string, string[]>()
  for (const tool of spans) {
    if (tool.kind !== 'tool') continue
    const calls = callsByParent.get(parentOf(tool) ?? '')
    if (!calls) continue
    const best = lastAtOrBefore(calls, BigInt(tool.startTimeUnixNano))
    if (!best) continue
    const list = out.get(best.spanId)
    if (list) list.push(tool.toolName ?? '')
    else out.set(best.spanId, [tool.toolName ?? ''])
  }
  for (const list of out.values()) list.sort()
  return out
}

/** Binary search over calls sorted by start: the last one starting at or before `t`. */
function lastAtOrBefore(calls: ReadonlyArray<{ start: bigint; span: SettleSpan }>, t: bigint): SettleSpan | null {
  let lo = 0
  let hi = calls.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (calls[mid]!.start <= t) lo = mid + 1
    else hi = mid
  }
  return lo === 0 ? null : calls[lo - 1]!.span
}

/** Exact integer share i (1-based) of x split n ways. */
export function share(x: number, n: number, i: number): number {
  return Math.floor(x / n) + (i <= x % n ? 1 : 0)
}

function shareBig(x: bigint, n: bigint, i: bigint): bigint {
  const neg = x < 0n
  const a = neg ? -x : x
  const v = a / n + (i <= a % n ? 1n : 0n)
  return neg ? -v : v
}
