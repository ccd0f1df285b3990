/**
 * @module settle/summary
 * A trace's summary from its spans. Pure; the settler stores it for lists, and trace detail
 * computes it on read with the same function, so the two always agree. Rollup spans never add to
 * tokens or cost; cost is summed in integer pico-dollars.
 */
import { compareUnixNano, type TraceSummary } from '@loupe/schema'
import { costUnits, isCall, unitsToUsd, type SettleSpan } from './settle-span.ts'

export interface TraceTotals {
  summary: TraceSummary
  providers: string[]
  costUnits: bigint
  cacheWriteTokens: number
  endTimeUnixNano: string
}

const sortedUnique = (values: Iterable<string | null>): string[] =>
  [...new Set([...values].filter((v): v is string => v !== null && v !== ''))].sort()

/** Requires at least one span. */
export function summariseTrace(spans: readonly SettleSpan[], findingCount = 0): TraceTotals {
  let start = BigInt(spans[0]!.startTimeUnixNano)
  let end = BigInt(spans[0]!.endTimeUnixNano)
  let root: SettleSpan | null = null
  let first = spans[0]!
  let units = 0n
  const t = {
    llmCalls: 0,
    toolCalls: 0,
    input: 0,
    output: 0,
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
    unpriced: 0,
    errors: 0,
  }
  for (const s of spans) {
    const st = BigInt(s.startTimeUnixNano)
    const en = BigInt(s.endTimeUnixNano)
    if (st < start) start = st
    if (en > end) end = en
    if (st < BigInt(first.startTimeUnixNano)) first = s
    if (s.parentSpanId === null && (root === null || st < BigInt(root.startTimeUnixNano))) root = s
    if (isCall(s)) t.llmCalls++
    if (s.kind === 'tool') t.toolCalls++
    if (s.status === 'error') t.errors++
    if (s.isRollup) continue
    t.input += s.inputTokens
    t.output += s.outputTokens
    t.cacheRead += s.cacheReadTokens
    t.cacheWrite += s.cacheWriteTokens
    t.reasoning += s.reasoningTokens
    units += costUnits(s.costUsd)
    if (s.costSource === 'unpriced') t.unpriced++
  }
  const head = root ?? first
  const byStart = [...spans].sort((a, b) => compareUnixNano(a.startTimeUnixNano, b.startTimeUnixNano))
  const firstOf = (pick: (s: SettleSpan) => string | null) => pick(head) || byStart.map(pick).find((v) => v) || null
  const nonRollup = spans.filter((s) => !s.isRollup)
  return {
    summary: {
      traceId: head.traceId,
      rootName: head.name,
      serviceNames: sortedUnique(spans.map((s) => s.serviceName)),
      agentNames: sortedUnique(spans.map((s) => s.agentName)),
      models: sortedUnique(nonRollup.map((s) => s.model)),
      startTimeUnixNano: start.toString(),
      durationMs: Number(end - start) / 1e6,
      spanCount: spans.length,
      llmCalls: t.llmCalls,
      toolCalls: t.toolCalls,
      inputTokens: t.input,
      outputTokens: t.output,
      cacheReadTokens: t.cacheRead,
      reasoningTokens: t.reasoning,
      costUsd: unitsToUsd(units),
      unpricedCalls: t.unpriced,
      errorCount: t.errors,
      sessionId: firstOf((s) => s.sessionId),
      userId: firstOf((s) => s.userId),
      findingCount,
      running: false,
    },
    providers: sortedUnique(nonRollup.map((s) => s.provider)),
    costUnits: units,
    cacheWriteTokens: t.cacheWrite,
    endTimeUnixNano: end.toString(),
  }
}

/**
 * Totals of two disjoint parts of one trace, as one. The trace's name is its root's: `b`'s when
 * `b` holds the root span (a running agent's root arrives last), else `a`'s.
 */
export function mergeTotals(a: TraceTotals, b: TraceTotals, rootInB: boolean, findingCount: number): TraceTotals {
  const x = a.summary
  const y = b.summary
  const start = BigInt(x.startTimeUnixNano) <= BigInt(y.startTimeUnixNano) ? x.startTimeUnixNano : y.startTimeUnixNano
  const end = BigInt(a.endTimeUnixNano) >= BigInt(b.endTimeUnixNano) ? a.endTimeUnixNano : b.endTimeUnixNano
  const units = a.costUnits + b.costUnits
  return {
    summary: {
      traceId: x.traceId,
      rootName: rootInB ? y.rootName : x.rootName,
      serviceNames: sortedUnique([...x.serviceNames, ...y.serviceNames]),
      agentNames: sortedUnique([...x.agentNames, ...y.agentNames]),
      models: sortedUnique([...x.models, ...y.models]),
      startTimeUnixNano: start,
      durationMs: Number(BigInt(end) - BigInt(start)) / 1e6,
      spanCount: x.spanCount + y.spanCount,
      llmCalls: x.llmCalls + y.llmCalls,
      toolCalls: x.toolCalls + y.toolCalls,
      inputTokens: x.inputTokens + y.inputTokens,
      outputTokens: x.outputTokens + y.outputTokens,
      cacheReadTokens: x.cacheReadTokens + y.cacheReadTokens,
      reasoningTokens: x.reasoningTokens + y.reasoningTokens,
      costUsd: unitsToUsd(units),
      unpricedCalls: x.unpricedCalls + y.unpricedCalls,
      errorCount: x.errorCount + y.errorCount,
      sessionId: x.sessionId ?? y.sessionId,
      userId: x.userId ?? y.userId,
      findingCount,
      running: x.running || y.running,
    },
    providers: sortedUnique([...a.providers, ...b.providers]),
    costUnits: units,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    endTimeUnixNano: end,
  }
}
