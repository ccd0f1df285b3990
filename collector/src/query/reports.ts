/**
 * @module query/reports
 * The cost report: settled cost facts (settle/cost-facts.ts: usage pre-grouped per trace, with
 * LLM calls already attributed to the tools they requested) summed by any dimensions, with
 * the totals computed from the same rows in the same scan (`GROUPING SETS ((dims), ())`; the
 * totals row is the one `grouping()` marks as aggregated over every dimension). Costs are integer pico-dollars, so rows
 * add up to the totals exactly and the totals equal the sum of the matching trace summaries.
 * Only each trace's current version counts: a re-settled trace's older facts are ignored.
 */
import type { CostDimension, CostMeasures, CostReportQuery, CostReportRow, FilterQuery } from '@loupe/schema'
import type { z } from 'zod'
import { scanParams, type TimeRange } from './time-range.ts'
import { SUMMARIES_IN_RANGE } from './trace-summary-sql.ts'
import type { BuiltQuery } from './traces.ts'
import { unitsToUsd } from '../settle/settle-span.ts'

/** Dimension → expression over cost_facts. */
export const DIMENSION_EXPR: Record<CostDimension, string> = {
  model: 'model',
  provider: 'provider',
  service: 'service_name',
  agent: 'agent_name',
  tool: 'tool_name',
  user: 'user_id',
  session: 'session_id',
  trace: 'trace_id',
  day: "formatDateTime(toStartOfDay(hour), '%Y-%m-%d')",
  hour: "formatDateTime(hour, '%Y-%m-%dT%H:00:00Z')",
}

const FILTER_COLUMN: Record<keyof z.infer<typeof FilterQuery>, string> = {
  service: 'service_name',
  agent: 'agent_name',
  model: 'model',
  provider: 'provider',
  userId: 'user_id',
  sessionId: 'session_id',
}

const MEASURES = `sum(span_count) AS spanCount, sum(llm_calls) AS llmCalls, sum(tool_calls) AS toolCalls,
  sum(tool_duration_ns) / 1e6 AS toolDurationMs, sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens,
  sum(cache_read_tokens) AS cacheReadTokens, sum(cache_write_tokens) AS cacheWriteTokens, sum(reasoning_tokens) AS reasoningTokens,
  sum(cost_units) AS costUnits, toString(costUnits) AS costUnitsText, sum(unpriced_calls) AS unpricedCalls,
  toString(sum(wasted_cost_units)) AS wastedUnitsText, toString(sumIf(cost_units, running)) AS runningUnitsText`

/** WHERE over cost_facts: the project's current facts of traces starting in the range, plus span-level filters. */
export function factsWhere(
  summaries: string,
  filters: z.infer<typeof FilterQuery>,
): { where: string; params: Record<string, unknown> } {
  const clauses = [
    'project_id = {projectId: String}',
    'trace_start >= fromUnixTimestamp64Milli({fromMs: Int64}) AND trace_start < fromUnixTimestamp64Milli({toMs: Int64})',
    `(trace_id, version) IN (SELECT trace_id, version FROM ${summaries} FINAL WHERE ${SUMMARIES_IN_RANGE})`,
  ]
  const params: Record<string, unknown> = {}
  for (const key of Object.keys(FILTER_COLUMN) as Array<keyof typeof FILTER_COLUMN>) {
    const value = filters[key]
    if (value === undefined) continue
    clauses.push(`${FILTER_COLUMN[key]} = {f_${key}: String}`)
    params[`f_${key}`] = value
  }
  return { where: clauses.join('\n      AND '), params }
}

export function costReportQuery(
  tables: { facts: string; summaries: string },
  settings: string,
  projectId: string,
  q: CostReportQuery,
  range: TimeRange,
): BuiltQuery {
  const { where, params } = factsWhere(tables.summaries, q)
  const dims = q.groupBy.map((d) => `${DIMENSION_EXPR[d]} AS \`${d}\``)
  const keys = q.groupBy.map((d) => `\`${d}\``).join(', ')
  return {
    sql: `SELECT ${dims.join(', ')}, ${MEASURES}, grouping(${keys}) != 0 AS isTotal
      FROM ${tables.facts}
      WHERE ${where}
      GROUP BY GROUPING SETS ((${keys}), ())
      ORDER BY isTotal DESC, costUnits DESC, ${keys}
      ${settings}`,
    params: { projectId, ...scanParams(range), ...params },
  }
}

export interface MeasureRow {
  spanCount: number
  llmCalls: number
  toolCalls: number
  toolDurationMs: number
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
  costUnitsText: string
  unpricedCalls: number
  wastedUnitsText: string
  runningUnitsText: string
  isTotal: boolean | number
  [dimension: string]: unknown
}

export function toMeasures(r: MeasureRow): CostMeasures {
  return {
    spanCount: Number(r.spanCount),
    llmCalls: Number(r.llmCalls),
    toolCalls: Number(r.toolCalls),
    toolDurationMs: Number(r.toolDurationMs),
    inputTokens: Number(r.inputTokens),
    outputTokens: Number(r.outputTokens),
    cacheReadTokens: Number(r.cacheReadTokens),
    cacheWriteTokens: Number(r.cacheWriteTokens),
    reasoningTokens: Number(r.reasoningTokens),
    costUsd: unitsToUsd(BigInt(r.costUnitsText ?? '0')),
    unpricedCalls: Number(r.unpricedCalls),
    wastedCostUsd: unitsToUsd(BigInt(r.wastedUnitsText ?? '0')),
    runningCostUsd: unitsToUsd(BigInt(r.runningUnitsText ?? '0')),
  }
}

export function toCostRow(r: MeasureRow, groupBy: readonly CostDimension[]): CostReportRow {
  const dimensions: Record<string, string> = {}
  for (const d of groupBy) dimensions[d] = String(r[d] ?? '')
  return { dimensions, ...toMeasures(r) }
}

export const EMPTY_MEASURES: CostMeasures = {
  spanCount: 0,
  llmCalls: 0,
  toolCalls: 0,
  toolDurationMs: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  costUsd: 0,
  unpricedCalls: 0,
  wastedCostUsd: 0,
  runningCostUsd: 0,
}
