/**
 * @module query/trace-summary-sql
 * The per-trace aggregate behind trace lists, trace detail and sessions. Rollup spans (agent or
 * chain spans repeating their children's usage) never add to tokens or cost. Cost is summed as a
 * Decimal so a total does not depend on the order of addition: cursors stay stable and reports
 * reconcile exactly with summaries.
 */
import type { TraceSummary } from '@loupe/schema'

/** Select list, to be used with GROUP BY trace_id. `costDec` is the exact sum, `startNs` the sort key. */
export const TRACE_SUMMARY_COLUMNS = `trace_id AS traceId,
  if(countIf(parent_span_id = '') > 0, argMinIf(name, start_time, parent_span_id = ''), argMin(name, start_time)) AS rootName,
  arraySort(groupUniqArray(service_name)) AS serviceNames,
  arraySort(groupUniqArrayIf(agent_name, agent_name != '')) AS agentNames,
  arraySort(groupUniqArrayIf(model, model != '' AND NOT is_rollup)) AS models,
  toUnixTimestamp64Nano(min(start_time)) AS startNs,
  toString(startNs) AS startTimeUnixNano,
  (toUnixTimestamp64Nano(max(end_time)) - startNs) / 1e6 AS durationMs,
  count() AS spanCount,
  countIf(kind IN ('llm', 'embedding') AND NOT is_rollup) AS llmCalls,
  countIf(kind = 'tool') AS toolCalls,
  sumIf(input_tokens, NOT is_rollup) AS inputTokens,
  sumIf(output_tokens, NOT is_rollup) AS outputTokens,
  sumIf(cache_read_tokens, NOT is_rollup) AS cacheReadTokens,
  sumIf(reasoning_tokens, NOT is_rollup) AS reasoningTokens,
  sumIf(toDecimal128(cost_usd, 12), NOT is_rollup) AS costDec,
  toFloat64(costDec) AS costUsd,
  countIf(cost_source = 'unpriced' AND NOT is_rollup) AS unpricedCalls,
  countIf(status = 'error') AS errorCount,
  anyIf(session_id, session_id != '') AS sessionId,
  anyIf(user_id, user_id != '') AS userId,
  0 AS findingCount`

export interface TraceSummaryRow extends Omit<TraceSummary, 'sessionId' | 'userId'> {
  sessionId: string
  userId: string
  startNs: number | string
  costDec: number | string
}

export function toTraceSummary(r: TraceSummaryRow): TraceSummary {
  return {
    traceId: r.traceId,
    rootName: r.rootName,
    serviceNames: r.serviceNames,
    agentNames: r.agentNames,
    models: r.models,
    startTimeUnixNano: r.startTimeUnixNano,
    durationMs: Number(r.durationMs),
    spanCount: Number(r.spanCount),
    llmCalls: Number(r.llmCalls),
    toolCalls: Number(r.toolCalls),
    inputTokens: Number(r.inputTokens),
    outputTokens: Number(r.outputTokens),
    cacheReadTokens: Number(r.cacheReadTokens),
    reasoningTokens: Number(r.reasoningTokens),
    costUsd: Number(r.costUsd),
    unpricedCalls: Number(r.unpricedCalls),
    errorCount: Number(r.errorCount),
    sessionId: r.sessionId === '' ? null : r.sessionId,
    userId: r.userId === '' ? null : r.userId,
    findingCount: Number(r.findingCount),
  }
}
