/**
 * @module query/reports
 * The cost report: measures grouped by any dimensions, with `WITH TOTALS` so the totals come from
 * the same rows. Costs are summed in integer pico-dollars, so rows add up to the totals exactly
 * and the totals equal the sum of the matching trace summaries.
 *
 * Grouping by tool attributes each LLM call to the tools it requested: a tool span is requested by
 * the latest LLM call under the same parent that started before it. An LLM call that requested n
 * tools splits its tokens and cost into n exact integer shares (the remainder goes to the first
 * shares); a call that requested none stays under tool ''. Tool spans count as tool calls and tool
 * time under their own name.
 */
import type { CostDimension, CostMeasures, CostReportQuery, CostReportRow } from '@loupe/schema'
import { spanFilterClauses } from './filters.ts'
import { SCAN_WHERE, TRACE_START_IN_RANGE, scanParams, type TimeRange } from './time-range.ts'
import type { BuiltQuery } from './traces.ts'

export const DIMENSION_EXPR: Record<CostDimension, string> = {
  model: 'model',
  provider: 'provider',
  service: 'service_name',
  agent: 'agent_name',
  tool: 'tool_key',
  user: 'user',
  session: 'session',
  trace: 'trace_id',
  day: "formatDateTime(toStartOfDay(start_time), '%Y-%m-%d')",
  hour: "formatDateTime(toStartOfHour(start_time), '%Y-%m-%dT%H:00:00Z')",
}

const FACT_COLUMNS = `s.trace_id AS trace_id, s.span_id AS span_id, s.parent_span_id AS parent_span_id, s.kind AS kind,
  s.model AS model, s.provider AS provider, s.service_name AS service_name, s.agent_name AS agent_name,
  s.tool_name AS tool_name, s.start_time AS start_time, s.duration_ns AS duration_ns, s.is_rollup AS is_rollup,
  s.cost_source AS cost_source, s.input_tokens AS input_tokens, s.output_tokens AS output_tokens,
  s.cache_read_tokens AS cache_read_tokens, s.cache_write_tokens AS cache_write_tokens, s.reasoning_tokens AS reasoning_tokens,
  toInt128(toDecimal128(s.cost_usd, 12) * 1000000000000) AS cost_units,
  if(s.user_id != '', s.user_id, t.t_user) AS user, if(s.session_id != '', s.session_id, t.t_session) AS session`

/** Measures over rows that carry a per-row `share` weight for split LLM calls (1 elsewhere). */
const MEASURES = `sum(span_n) AS spanCount,
  sum(llm_n) AS llmCalls,
  countIf(kind = 'tool') AS toolCalls,
  sumIf(duration_ns, kind = 'tool') / 1e6 AS toolDurationMs,
  sum(in_t) AS inputTokens, sum(out_t) AS outputTokens, sum(cr_t) AS cacheReadTokens,
  sum(cw_t) AS cacheWriteTokens, sum(re_t) AS reasoningTokens,
  sum(cost_u) AS costUnits, toFloat64(costUnits) / 1e12 AS costUsd,
  sum(unpriced_n) AS unpricedCalls`

/** Per-span measure columns when nothing is split. Rollups count as spans but add no usage. */
const UNSPLIT = `1 AS span_n, toUInt8(kind IN ('llm', 'embedding') AND NOT is_rollup) AS llm_n,
  if(is_rollup, 0, input_tokens) AS in_t, if(is_rollup, 0, output_tokens) AS out_t,
  if(is_rollup, 0, cache_read_tokens) AS cr_t, if(is_rollup, 0, cache_write_tokens) AS cw_t,
  if(is_rollup, 0, reasoning_tokens) AS re_t, if(is_rollup, 0, cost_units) AS cost_u,
  toUInt8(cost_source = 'unpriced' AND NOT is_rollup) AS unpriced_n`

/** Columns every report row carries into the final GROUP BY. */
const CARRIED = 'trace_id, kind, model, provider, service_name, agent_name, user, session, start_time, duration_ns'

/** Exact integer share i (1-based) of x split n ways. */
const share = (x: string) => `intDiv(${x}, n) + if(i <= ${x} % n, 1, 0)`

export function costReportQuery(table: string, settings: string, projectId: string, q: CostReportQuery, range: TimeRange): BuiltQuery {
  const filters = spanFilterClauses(q)
  const params: Record<string, unknown> = { projectId, ...scanParams(range), ...filters.params }
  const where = filters.clauses.length > 0 ? `WHERE ${filters.clauses.join(' AND ')}` : ''
  const facts = `SELECT ${FACT_COLUMNS}
      FROM ${table} AS s FINAL
      INNER JOIN (
        SELECT trace_id, anyIf(user_id, user_id != '') AS t_user, anyIf(session_id, session_id != '') AS t_session
        FROM ${table} FINAL WHERE ${SCAN_WHERE} GROUP BY trace_id HAVING ${TRACE_START_IN_RANGE}
      ) AS t ON s.trace_id = t.trace_id
      WHERE s.${SCAN_WHERE.replaceAll('\n  AND ', '\n  AND s.')}`
  const dims = q.groupBy.map((d) => `${DIMENSION_EXPR[d]} AS \`${d}\``)
  const rowsFrom = q.groupBy.includes('tool') ? splitByTool(facts, where) : `(SELECT *, ${UNSPLIT}, if(kind = 'tool', tool_name, '') AS tool_key FROM (${facts}) ${where})`
  const sql = `SELECT ${dims.join(', ')}, ${MEASURES}
    FROM ${rowsFrom}
    GROUP BY ${q.groupBy.map((d) => `\`${d}\``).join(', ')} WITH TOTALS
    ORDER BY costUnits DESC, ${q.groupBy.map((d) => `\`${d}\``).join(', ')}
    ${settings}`
  return { sql, params }
}

function splitByTool(facts: string, where: string): string {
  return `(
    WITH f AS (SELECT * FROM (${facts}) ${where}),
    requested AS (
      SELECT l.trace_id AS trace_id, l.span_id AS span_id, arraySort(groupArray(tl.tool_name)) AS tools
      FROM (SELECT trace_id, parent_span_id, start_time, tool_name FROM f WHERE kind = 'tool') AS tl
      ASOF INNER JOIN (SELECT trace_id, parent_span_id, start_time, span_id FROM f WHERE kind IN ('llm', 'embedding') AND NOT is_rollup) AS l
      ON tl.trace_id = l.trace_id AND tl.parent_span_id = l.parent_span_id AND tl.start_time >= l.start_time
      GROUP BY l.trace_id, l.span_id
    )
    SELECT ${CARRIED}, ${UNSPLIT}, if(kind = 'tool', tool_name, '') AS tool_key
      FROM f WHERE NOT (kind IN ('llm', 'embedding') AND NOT is_rollup)
    UNION ALL
    SELECT ${CARRIED}, toUInt8(i = 1) AS span_n, toUInt8(i = 1) AS llm_n,
      ${share('input_tokens')} AS in_t, ${share('output_tokens')} AS out_t, ${share('cache_read_tokens')} AS cr_t,
      ${share('cache_write_tokens')} AS cw_t, ${share('reasoning_tokens')} AS re_t, ${share('cost_units')} AS cost_u,
      toUInt8(cost_source = 'unpriced' AND i = 1) AS unpriced_n, tools_or_none[i] AS tool_key
    FROM (
      SELECT f.*, if(empty(r.tools), [''], r.tools) AS tools_or_none, toUInt64(length(tools_or_none)) AS n
      FROM f LEFT JOIN requested AS r ON f.trace_id = r.trace_id AND f.span_id = r.span_id
      WHERE f.kind IN ('llm', 'embedding') AND NOT f.is_rollup
    ) ARRAY JOIN arrayEnumerate(tools_or_none) AS i
  )`
}

interface MeasureRow {
  spanCount: number
  llmCalls: number
  toolCalls: number
  toolDurationMs: number
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
  costUsd: number
  unpricedCalls: number
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
    costUsd: Number(r.costUsd),
    unpricedCalls: Number(r.unpricedCalls),
  }
}

export function toCostRow(r: MeasureRow, groupBy: readonly CostDimension[]): CostReportRow {
  const dimensions: Record<string, string> = {}
  for (const d of groupBy) dimensions[d] = String(r[d] ?? '')
  return { dimensions, ...toMeasures(r) }
}

export const EMPTY_MEASURES: CostMeasures = {
  spanCount: 0, llmCalls: 0, toolCalls: 0, toolDurationMs: 0, inputTokens: 0, outputTokens: 0,
  cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0, unpricedCalls: 0,
}

export type { MeasureRow }
