/**
 * @module query/readiness
 * The read behind the readiness report, in two queries:
 * 1. The traces: the newest READINESS_TRACE_CAP settled traces that start in the range (from
 *    trace_summaries, the newest version of each), filtered by service and agent, with the count
 *    of all that match.
 * 2. Their spans, light columns only: no prompt, output or tool content, only whether there was
 *    some; attributes cut to the keys the checks read (readiness/attributes.ts); event names only.
 *    The newest version of each span counts (settling rewrites spans with inherited agent names).
 * The checks (readiness/assess.ts) see whole traces; a service or agent filter picks the rows
 * reported, so a check can still see the other agents of a trace (who approved, who fell back).
 */
import type { ReadinessQuery, ReadinessResponse, SpanKind, SpanStatus } from '@loupe/schema'
import { inheritAgentNames } from '../normalise/inherit.ts'
import { assessReadiness } from '../readiness/assess.ts'
import { READINESS_ATTRIBUTE_KEY_PATTERN, READINESS_ATTRIBUTE_VALUE_MAX } from '../readiness/attributes.ts'
import { effectivePolicy } from '../readiness/policy.ts'
import type { Policy, ReadinessSpan } from '../readiness/types.ts'
import { SCAN_WHERE, scanParams, type TimeRange } from './time-range.ts'
import { SUMMARIES_IN_RANGE } from './trace-summary-sql.ts'
import type { BuiltQuery } from './traces.ts'

/** Most traces one report reads: the newest ones in the range. */
export const READINESS_TRACE_CAP = 2000

export interface ChosenTraceRow {
  traceId: string
  /** settled traces in the range that match the filters, on every row */
  total: number
}

/** The newest matching settled traces, running ones left out (params: projectId, fromMs, toMs, cap, service?, agent?). */
export function readinessTracesQuery(
  summaries: string,
  settings: string,
  projectId: string,
  q: ReadinessQuery,
  range: TimeRange,
): BuiltQuery {
  const where = [SUMMARIES_IN_RANGE, 'NOT running']
  const params: Record<string, unknown> = {
    projectId,
    fromMs: range.fromMs,
    toMs: range.toMs,
    cap: READINESS_TRACE_CAP,
  }
  if (q.service !== undefined) {
    where.push('has(service_names, {service: String})')
    params['service'] = q.service
  }
  if (q.agent !== undefined) {
    where.push('has(agent_names, {agent: String})')
    params['agent'] = q.agent
  }
  return {
    // the window count runs before LIMIT: every matching trace, not just the ones read
    sql: `SELECT trace_id AS traceId, count() OVER () AS total
      FROM ${summaries} FINAL
      WHERE ${where.join('\n        AND ')}
      ORDER BY start_time DESC, trace_id DESC
      LIMIT {cap: UInt32}
      ${settings}`,
    params,
  }
}

/** The row the span read returns; 0/1 for ClickHouse booleans, '' for absent strings. */
export interface ReadinessSpanRow {
  traceId: string
  spanId: string
  parentSpanId: string
  name: string
  serviceName: string
  kind: SpanKind
  status: SpanStatus
  statusMessage: string
  errorType: string
  model: string
  provider: string
  inputTokens: number
  outputTokens: number
  /** null when the span is not priced */
  costUsd: number | null
  isRollup: boolean | number
  toolName: string
  agentName: string
  startMs: number
  durationMs: number
  hasToolArguments: boolean | number
  hasToolResult: boolean | number
  hasOutput: boolean | number
  attrs: Record<string, string>
  eventNames: string[]
}

/**
 * The chosen traces' spans (params: projectId, traceIds, the scan window, keyPattern, valueMax).
 * The scan window (the range widened by the longest trace) keeps the read to a few daily partitions.
 */
export function readinessSpansQuery(
  spans: string,
  settings: string,
  projectId: string,
  traceIds: readonly string[],
  range: TimeRange,
): BuiltQuery {
  return {
    sql: `SELECT trace_id AS traceId, span_id AS spanId, parent_span_id AS parentSpanId, name, service_name AS serviceName,
        kind, status, status_message AS statusMessage, error_type AS errorType, model, provider,
        input_tokens AS inputTokens, output_tokens AS outputTokens,
        if(cost_source IN ('reported', 'computed'), cost_usd, NULL) AS costUsd, is_rollup AS isRollup,
        tool_name AS toolName, agent_name AS agentName,
        toUnixTimestamp64Nano(start_time) / 1e6 AS startMs, duration_ns / 1e6 AS durationMs,
        tool_arguments != '' AS hasToolArguments, tool_result != '' AS hasToolResult, output != '' AS hasOutput,
        mapApply((k, v) -> (k, substringUTF8(v, 1, {valueMax: UInt32})),
          mapFilter((k, v) -> match(lower(k), {keyPattern: String}), attributes)) AS attrs,
        arrayMap(e -> JSONExtractString(e, 'name'), JSONExtractArrayRaw(events)) AS eventNames
      FROM ${spans}
      WHERE ${SCAN_WHERE} AND trace_id IN {traceIds: Array(String)}
      ORDER BY trace_id, span_id, ingested_at DESC LIMIT 1 BY trace_id, span_id
      ${settings}`,
    params: {
      projectId,
      ...scanParams(range),
      traceIds,
      keyPattern: READINESS_ATTRIBUTE_KEY_PATTERN,
      valueMax: READINESS_ATTRIBUTE_VALUE_MAX,
    },
  }
}

const orNull = (s: string): string | null => (s === '' ? null : s)

/** Pure: a row → the span the checks read. */
export function toReadinessSpan(r: ReadinessSpanRow): ReadinessSpan {
  return {
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: orNull(r.parentSpanId),
    name: r.name,
    serviceName: r.serviceName,
    kind: r.kind,
    status: r.status,
    statusMessage: r.statusMessage,
    errorType: orNull(r.errorType),
    model: orNull(r.model),
    provider: orNull(r.provider),
    inputTokens: Number(r.inputTokens),
    outputTokens: Number(r.outputTokens),
    costUsd: r.costUsd === null ? null : Number(r.costUsd),
    isRollup: Boolean(r.isRollup),
    toolName: orNull(r.toolName),
    agentName: orNull(r.agentName),
    startMs: Number(r.startMs),
    durationMs: Number(r.durationMs),
    hasToolArguments: Boolean(r.hasToolArguments),
    hasToolResult: Boolean(r.hasToolResult),
    hasOutput: Boolean(r.hasOutput),
    attributes: r.attrs,
    eventNames: r.eventNames,
  }
}

/**
 * Pure: the chosen traces and their span rows → the report. Agent names are inherited once more
 * (a no-op on settled traces, a guard against a read racing the settler's rewrite); then only
 * the rows of the requested service and agent are kept.
 */
export function toReadinessResponse(
  range: TimeRange,
  q: ReadinessQuery,
  chosen: readonly ChosenTraceRow[],
  rows: readonly ReadinessSpanRow[],
  policy: Policy,
): ReadinessResponse {
  const spans = inheritAgentNames(rows.map(toReadinessSpan))
  const agents = assessReadiness(spans, policy).filter(
    (a) =>
      (q.service === undefined || a.serviceName === q.service) && (q.agent === undefined || a.agentName === q.agent),
  )
  return {
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
    tracesInRange: Number(chosen[0]?.total ?? 0),
    tracesAnalysed: chosen.length,
    policy: effectivePolicy(policy, q.agent),
    agents,
  }
}
