/**
 * @module query/timeseries
 * One metric over time buckets, optionally split by one dimension into its top N values (by the
 * metric's total) plus "other". Every bucket of the range is returned, empty ones as 0, so a chart
 * needs no gap handling.
 * Sources: hour and day buckets sum the settled cost facts (so they agree with the cost report);
 * minute buckets, used for short ranges, read the spans directly by span start; p95DurationMs is the
 * 95th percentile of settled trace durations, bucketed by trace start.
 */
import type { TimeseriesQuery, TimeseriesResponse } from '@loupe/schema'
import { BadQueryError } from './bad-query.ts'
import { DIMENSION_EXPR, factsWhere } from './reports.ts'
import { scanParams, type TimeRange } from './time-range.ts'
import { SUMMARIES_IN_RANGE } from './trace-summary-sql.ts'
import type { BuiltQuery } from './traces.ts'

const INTERVAL_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const
const MAX_BUCKETS = 2000

const FACT_METRIC: Record<Exclude<TimeseriesQuery['metric'], 'p95DurationMs'>, string> = {
  costUsd: 'toFloat64(sum(cost_units)) / 1e12',
  inputTokens: 'sum(input_tokens)',
  outputTokens: 'sum(output_tokens)',
  llmCalls: 'sum(llm_calls)',
  errors: 'sum(error_count)',
}

const SPAN_METRIC: Record<Exclude<TimeseriesQuery['metric'], 'p95DurationMs'>, string> = {
  costUsd: 'toFloat64(sumIf(toDecimal128(cost_usd, 12), NOT is_rollup))',
  inputTokens: 'sumIf(input_tokens, NOT is_rollup)',
  outputTokens: 'sumIf(output_tokens, NOT is_rollup)',
  llmCalls: "countIf(kind IN ('llm', 'embedding') AND NOT is_rollup)",
  errors: "countIf(status = 'error')",
}

const SPAN_DIMENSION: Record<NonNullable<TimeseriesQuery['groupBy']>, string> = {
  model: 'model',
  provider: 'provider',
  service: 'service_name',
  agent: 'agent_name',
  tool: 'tool_name',
  user: 'user_id',
  session: 'session_id',
}

/** Trace-level keys from a summary row (array dimensions fan out to each value). */
const SUMMARY_DIMENSION: Record<NonNullable<TimeseriesQuery['groupBy']>, string> = {
  model: "arrayJoin(if(empty(models), [''], models))",
  provider: "arrayJoin(if(empty(providers), [''], providers))",
  service: "arrayJoin(if(empty(service_names), [''], service_names))",
  agent: "arrayJoin(if(empty(agent_names), [''], agent_names))",
  tool: "''",
  user: 'user_id',
  session: 'session_id',
}

/** Bucket start times (epoch ms, UTC-aligned) covering the range. */
export function bucketStarts(range: TimeRange, interval: TimeseriesQuery['interval']): number[] {
  const step = INTERVAL_MS[interval]
  const first = Math.floor(range.fromMs / step) * step
  const count = Math.ceil((range.toMs - first) / step)
  if (count > MAX_BUCKETS) {
    throw new BadQueryError(
      `the range holds ${count} ${interval} buckets; at most ${MAX_BUCKETS}: use a larger interval or a shorter range`,
    )
  }
  return Array.from({ length: count }, (_, i) => first + i * step)
}

export function timeseriesQuery(
  tables: { spans: string; summaries: string; facts: string },
  settings: string,
  projectId: string,
  q: TimeseriesQuery,
  range: TimeRange,
): BuiltQuery {
  const params: Record<string, unknown> = { projectId, ...scanParams(range), stepMs: INTERVAL_MS[q.interval] }
  if (q.metric === 'p95DurationMs') {
    const key = q.groupBy ? SUMMARY_DIMENSION[q.groupBy] : "''"
    return {
      sql: `SELECT intDiv(toUnixTimestamp64Milli(start_time), {stepMs: Int64}) * {stepMs: Int64} AS bucket, ${key} AS key,
          quantileExact(0.95)((toUnixTimestamp64Nano(end_time) - toUnixTimestamp64Nano(start_time)) / 1e6) AS value
        FROM ${tables.summaries} FINAL WHERE ${SUMMARIES_IN_RANGE} ${filterSql(q, params, 'summary')}
        GROUP BY bucket, key ${settings}`,
      params,
    }
  }
  if (q.interval === 'minute') {
    const key = q.groupBy ? SPAN_DIMENSION[q.groupBy] : "''"
    return {
      sql: `SELECT intDiv(toUnixTimestamp64Milli(start_time), {stepMs: Int64}) * {stepMs: Int64} AS bucket, ${key} AS key, ${SPAN_METRIC[q.metric]} AS value
        FROM ${tables.spans} FINAL
        WHERE project_id = {projectId: String}
          AND start_time >= fromUnixTimestamp64Milli({fromMs: Int64}) AND start_time < fromUnixTimestamp64Milli({toMs: Int64})
          ${filterSql(q, params, 'span')}
        GROUP BY bucket, key ${settings}`,
      params,
    }
  }
  const { where, params: filterParams } = factsWhere(tables.summaries, q)
  const key = q.groupBy ? DIMENSION_EXPR[q.groupBy] : "''"
  return {
    sql: `SELECT intDiv(toUnixTimestamp(hour) * 1000, {stepMs: Int64}) * {stepMs: Int64} AS bucket, ${key} AS key, ${FACT_METRIC[q.metric]} AS value
      FROM ${tables.facts} WHERE ${where}
      GROUP BY bucket, key ${settings}`,
    params: { ...params, ...filterParams },
  }
}

function filterSql(q: TimeseriesQuery, params: Record<string, unknown>, on: 'span' | 'summary'): string {
  const out: string[] = []
  const add = (param: string, value: string | undefined, span: string, summary: string) => {
    if (value === undefined) return
    out.push(`AND ${on === 'span' ? span : summary}`)
    params[param] = value
  }
  add('f_service', q.service, 'service_name = {f_service: String}', 'has(service_names, {f_service: String})')
  add('f_agent', q.agent, 'agent_name = {f_agent: String}', 'has(agent_names, {f_agent: String})')
  add('f_model', q.model, 'model = {f_model: String}', 'has(models, {f_model: String})')
  add('f_provider', q.provider, 'provider = {f_provider: String}', 'has(providers, {f_provider: String})')
  add('f_userId', q.userId, 'user_id = {f_userId: String}', 'user_id = {f_userId: String}')
  add('f_sessionId', q.sessionId, 'session_id = {f_sessionId: String}', 'session_id = {f_sessionId: String}')
  return out.join(' ')
}

/** Pure: rows of (bucket, key, value) → dense series, top N keys by total plus "other". */
export function toSeries(
  rows: ReadonlyArray<{ bucket: number | string; key: string; value: number | null }>,
  q: TimeseriesQuery,
  range: TimeRange,
): TimeseriesResponse {
  const starts = bucketStarts(range, q.interval)
  const index = new Map(starts.map((b, i) => [b, i]))
  const totals = new Map<string, number>()
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + Number(r.value ?? 0))
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k)
  const kept = new Set(q.groupBy ? ranked.slice(0, q.top) : ranked)
  const needsOther = q.groupBy !== undefined && ranked.length > q.top
  const series = new Map<string, number[]>()
  for (const k of kept) series.set(k, new Array<number>(starts.length).fill(0))
  if (needsOther) series.set('other', new Array<number>(starts.length).fill(0))
  for (const r of rows) {
    const i = index.get(Number(r.bucket))
    if (i === undefined) continue
    const target = series.get(kept.has(r.key) ? r.key : 'other')
    if (!target) continue
    // p95 of "other" cannot be summed; other keeps the largest p95 among its members instead
    target[i] =
      q.metric === 'p95DurationMs' && !kept.has(r.key)
        ? Math.max(target[i]!, Number(r.value ?? 0))
        : target[i]! + Number(r.value ?? 0)
  }
  if (!q.groupBy && series.size === 0) series.set('', new Array<number>(starts.length).fill(0))
  return {
    metric: q.metric,
    interval: q.interval,
    groupBy: q.groupBy ?? null,
    buckets: starts.map((b) => new Date(b).toISOString()),
    series: [...series].map(([key, values]) => ({ key: key === '' && !q.groupBy ? 'total' : key, values })),
  }
}
