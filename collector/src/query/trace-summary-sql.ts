/**
 * @module query/trace-summary-sql
 * Reading settled trace summaries (table `trace_summaries`, one row per trace version; FINAL keeps
 * the newest). Costs are integer pico-dollars, converted once, the same way the settler's
 * summariseTrace converts them, so a listed summary equals the trace detail's.
 */
import type { TraceSummary } from '@loupe/schema'
import { unitsToUsd } from '../settle/settle-span.ts'

export const SUMMARY_SELECT = `trace_id AS traceId, root_name AS rootName, service_names AS serviceNames, agent_names AS agentNames,
  models, toUnixTimestamp64Nano(start_time) AS startNs, toString(startNs) AS startTimeUnixNano,
  (toUnixTimestamp64Nano(end_time) - startNs) / 1e6 AS durationMs, span_count AS spanCount, llm_calls AS llmCalls,
  tool_calls AS toolCalls, input_tokens AS inputTokens, output_tokens AS outputTokens, cache_read_tokens AS cacheReadTokens,
  reasoning_tokens AS reasoningTokens, cost_units AS costUnits, toString(cost_units) AS costUnitsText,
  unpriced_calls AS unpricedCalls, error_count AS errorCount, session_id AS sessionId, user_id AS userId, finding_count AS findingCount,
  running`

/** Summaries of traces that start in the range (params: projectId, fromMs, toMs). */
export const SUMMARIES_IN_RANGE = `project_id = {projectId: String}
  AND start_time >= fromUnixTimestamp64Milli({fromMs: Int64}) AND start_time < fromUnixTimestamp64Milli({toMs: Int64})`

/** Whether a trace's newest version is running (no row: nothing settled or refreshed yet). */
export function traceStateQuery(summaries: string, projectId: string, traceId: string) {
  return {
    sql: `SELECT running FROM ${summaries} FINAL WHERE project_id = {projectId: String} AND trace_id = {traceId: String}`,
    params: { projectId, traceId },
  }
}

export interface TraceSummaryRow extends Omit<TraceSummary, 'sessionId' | 'userId' | 'costUsd' | 'running'> {
  running: boolean | number
  sessionId: string
  userId: string
  startNs: number | string
  costUnits: number | string
  costUnitsText: string
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
    costUsd: unitsToUsd(BigInt(r.costUnitsText)),
    unpricedCalls: Number(r.unpricedCalls),
    errorCount: Number(r.errorCount),
    sessionId: r.sessionId === '' ? null : r.sessionId,
    userId: r.userId === '' ? null : r.userId,
    findingCount: Number(r.findingCount),
    running: Boolean(r.running),
  }
}
