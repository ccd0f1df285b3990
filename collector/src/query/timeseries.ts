/**
 * @module query/timeseries
 * One metric over time buckets, optionally split by one dimension into its top N values (by the
 * metric's total) plus "other". Every bucket of the range is returned, empty ones as 0, so a chart
 * needs no gap handling. Span metrics bucket by span start; p95DurationMs is the 95th percentile
 * of trace durations, bucketed by trace start.
 */
import type { TimeseriesQuery, TimeseriesResponse } from '@loupe/schema'
import { BadQueryError } from './bad-query.ts'
import { spanFilterClauses } from './filters.ts'
import { DIMENSION_EXPR } from './reports.ts'
import { SCAN_WHERE, TRACE_START_IN_RANGE, scanParams, type TimeRange } from './time-range.ts'
import type { BuiltQuery } from './traces.ts'

const INTERVAL_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const
export const MAX_BUCKETS = 2000

const METRIC_EXPR: Record<TimeseriesQuery['metric'], string> = {
  costUsd: "toFloat64(sumIf(toDecimal128(cost_usd, 12), NOT is_rollup))",
  inputTokens: 'sumIf(input_tokens, NOT is_rollup)',
  outputTokens: 'sumIf(output_tokens, NOT is_rollup)',
  llmCalls: "countIf(kind IN ('llm', 'embedding') AND NOT is_rollup)",
  errors: "countIf(status = 'error')",
  p95DurationMs: 'quantileExact(0.95)(trace_duration_ms)',
}


/** Bucket start times (epoch ms, UTC-aligned) covering the range. */
export function bucketStarts(range: TimeRange, interval: TimeseriesQuery['interval']): number[] {
  const step = INTERVAL_MS[interval]
  const first = Math.floor(range.fromMs / step) * step
  const count = Math.ceil((range.toMs - first) / step)
  if (count > MAX_BUCKETS) {
    throw new BadQueryError(`the range holds ${count} ${interval} buckets; at most ${MAX_BUCKETS}: use a larger interval or a shorter range`)
  }
  return Array.from({ length: count }, (_, i) => first + i * step)
}

export function timeseriesQuery(table: string, settings: string, projectId: string, q: TimeseriesQuery, range: TimeRange): BuiltQuery {
  const filters = spanFilterClauses(q)
  const params: Record<string, unknown> = { projectId, ...scanParams(range), ...filters.params, stepMs: INTERVAL_MS[q.interval] }
  const key = q.groupBy === 'tool' ? 'tool_name' : q.groupBy ? DIMENSION_EXPR[q.groupBy] : "''"
  const spanFilter = filters.clauses.length > 0 ? `AND ${filters.clauses.join(' AND ')}` : ''
  const bucket = 'intDiv(toUnixTimestamp64Milli(ts), {stepMs: Int64}) * {stepMs: Int64}'
  // p95DurationMs is a trace metric: one row per trace, bucketed by its start.
  const source = q.metric === 'p95DurationMs'
    ? `SELECT min(start_time) AS ts, (toUnixTimestamp64Nano(max(end_time)) - toUnixTimestamp64Nano(min(start_time))) / 1e6 AS trace_duration_ms,
         anyIf(${key === "''" ? "''" : key}, ${key === "''" ? '1' : `${key} != ''`}) AS key
       FROM (${facts(table)}) WHERE 1 ${spanFilter} GROUP BY trace_id`
    : `SELECT *, start_time AS ts, ${key} AS key FROM (${facts(table)}) WHERE 1 ${spanFilter}`
  const sql = `SELECT ${bucket} AS bucket, key, ${METRIC_EXPR[q.metric]} AS value
    FROM (${source})
    WHERE ts >= fromUnixTimestamp64Milli({fromMs: Int64}) AND ts < fromUnixTimestamp64Milli({toMs: Int64})
    GROUP BY bucket, key
    ${settings}`
  return { sql, params }
}

/** Spans of traces starting in range, with the trace's user and session on every span. */
function facts(table: string): string {
  return `SELECT s.*, if(s.user_id != '', s.user_id, t.t_user) AS user, if(s.session_id != '', s.session_id, t.t_session) AS session
    FROM ${table} AS s FINAL
    INNER JOIN (
      SELECT trace_id, anyIf(user_id, user_id != '') AS t_user, anyIf(session_id, session_id != '') AS t_session
      FROM ${table} FINAL WHERE ${SCAN_WHERE} GROUP BY trace_id HAVING ${TRACE_START_IN_RANGE}
    ) AS t ON s.trace_id = t.trace_id
    WHERE s.${SCAN_WHERE.replaceAll('\n  AND ', '\n  AND s.')}`
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
    target[i] = q.metric === 'p95DurationMs' && !kept.has(r.key) ? Math.max(target[i]!, Number(r.value ?? 0)) : target[i]! + Number(r.value ?? 0)
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
