/**
 * @module query/drift
 * The drift report's reads: its two windows, and the samples of each (SQL builders plus the pure
 * row → sample mapping); the statistics are in `drift/`.
 *
 * - Call samples: the LLM calls (kind 'llm', not rollups) that start in a window, per agent and
 *   model: latency, input and output tokens, failed or not.
 * - Trace samples: per agent and settled trace starting in a window (by its trace start, the way
 *   every list and report assigns a trace to a range), the agent's cost (summed in pico-dollars,
 *   rounded per span as the settler's `costUnits` does), its steps (LLM and tool calls, not
 *   rollups), whether any of its spans failed, and, when a step failed, its steps in start order (ties
 *   in the order of the step tuples, so still deterministic) for the retry count (`drift/retries.ts`). Traces with no failed step have no retries, so their step
 *   lists are sent empty.
 *
 * Cost: both reads are single scans of the two windows' partitions, spans read with FINAL like
 * every other span read. Each (window, agent, model) keeps at most SAMPLE_CAP calls and each
 * (window, agent) SAMPLE_CAP traces, picked by a hash of the span or trace id: a deterministic
 * pseudo-random sample, so the same request gives the same report. At that size KS detects
 * D ≈ 0.03 and the report's minimum effect is 0.1, so a larger sample would not change verdicts.
 * Error rates use exact counts, not the sample. Memory grows with the spans in the windows (the
 * per-trace grouping holds each trace's steps): about 300k spans for the default 8 days of the
 * 1M-span bench.
 */
import type { DriftQuery } from '@loupe/schema'
import type { CallWindowSample, TraceWindowSample } from '../drift/report.ts'
import { countRetries, type RetryStep } from '../drift/retries.ts'
import { unitsToUsd } from '../settle/settle-span.ts'
import { BadQueryError } from './bad-query.ts'
import { MAX_TRACE_MS, resolveRange, type TimeRange } from './time-range.ts'
import type { BuiltQuery } from './traces.ts'

export const SAMPLE_CAP = 5000
const DAY_MS = 86_400_000
const REFERENCE_DEFAULT_MS = 7 * DAY_MS

export interface DriftWindows {
  current: TimeRange
  reference: TimeRange
}

const iso = (ms: number): string => new Date(ms).toISOString()

/**
 * current = [from, to): to defaults to now, from to 24 h before to.
 * reference = [referenceFrom, referenceTo): referenceTo defaults to the current window's start,
 * referenceFrom to 7 days before referenceTo. The windows must not overlap: a sample in both would
 * make them look alike.
 */
export function resolveDriftWindows(
  q: Pick<DriftQuery, 'from' | 'to' | 'referenceFrom' | 'referenceTo'>,
  now: number,
): DriftWindows {
  const current = resolveRange(q, now)
  const toMs = q.referenceTo ?? current.fromMs
  const fromMs = q.referenceFrom ?? toMs - REFERENCE_DEFAULT_MS
  if (fromMs >= toMs) {
    throw new BadQueryError(`referenceFrom (${iso(fromMs)}) must be before referenceTo (${iso(toMs)})`)
  }
  if (fromMs < current.toMs && toMs > current.fromMs) {
    throw new BadQueryError(
      `the reference window [${iso(fromMs)}, ${iso(toMs)}) overlaps the current window [${iso(current.fromMs)}, ${iso(current.toMs)}): ` +
        'set referenceFrom/referenceTo outside it',
    )
  }
  return { current, reference: { fromMs, toMs } }
}

/** The windows' bounds, and the ends of the span scans that find every span of their traces. */
function windowParams(w: DriftWindows): Record<string, number> {
  return {
    refFromMs: w.reference.fromMs,
    refToMs: w.reference.toMs,
    curFromMs: w.current.fromMs,
    curToMs: w.current.toMs,
    refScanToMs: w.reference.toMs + MAX_TRACE_MS,
    curScanToMs: w.current.toMs + MAX_TRACE_MS,
  }
}

const ms = (p: string): string => `fromUnixTimestamp64Milli({${p}: Int64})`
/**
 * `column` in either window, as a condition (partition pruning understands the OR). `scan` extends
 * each window's end by MAX_TRACE_MS, for the later spans of traces that start in it.
 */
const inWindows = (column: string, scan = false): string => {
  const [refTo, curTo] = scan ? ['refScanToMs', 'curScanToMs'] : ['refToMs', 'curToMs']
  return `((${column} >= ${ms('refFromMs')} AND ${column} < ${ms(refTo)}) OR (${column} >= ${ms('curFromMs')} AND ${column} < ${ms(curTo)}))`
}
/** 1 in the current window, 0 in the reference one (the windows do not overlap). */
const inCurrent = (column: string): string => `(${column} >= ${ms('curFromMs')} AND ${column} < ${ms('curToMs')})`

/**
 * LLM calls per (window, agent, model): exact call and error counts, and the SAMPLE_CAP calls with
 * the smallest span-id hash (what `ORDER BY hash LIMIT n BY` would keep, as one aggregation: on a
 * million spans the sort before LIMIT BY took 4× as long).
 */
export function callSamplesQuery(
  spans: string,
  settings: string,
  projectId: string,
  q: DriftQuery,
  windows: DriftWindows,
): BuiltQuery {
  const params: Record<string, unknown> = { projectId, ...windowParams(windows), cap: SAMPLE_CAP }
  const filters: string[] = []
  const eq = (column: string, param: string, value: string | undefined) => {
    if (value === undefined) return
    filters.push(`AND ${column} = {${param}: String}`)
    params[param] = value
  }
  eq('service_name', 'f_service', q.service)
  eq('agent_name', 'f_agent', q.agent)
  eq('model', 'f_model', q.model)
  return {
    sql: `SELECT w, agent, model, calls, errors,
        arrayMap(x -> x.2, sample) AS latencyMs, arrayMap(x -> x.3, sample) AS inputTokens, arrayMap(x -> x.4, sample) AS outputTokens
      FROM (
        SELECT ${inCurrent('start_time')} AS w, agent_name AS agent, model, count() AS calls, countIf(status = 'error') AS errors,
          arraySlice(arraySort(groupArray((cityHash64(span_id), duration_ns / 1e6, input_tokens, output_tokens))), 1, {cap: UInt32}) AS sample
        FROM ${spans} FINAL
        WHERE project_id = {projectId: String} AND kind = 'llm' AND NOT is_rollup AND ${inWindows('start_time')}
          ${filters.join(' ')}
        GROUP BY w, agent, model
      ) ${settings}`,
    params,
  }
}

const STEP = `kind IN ('llm', 'tool') AND NOT is_rollup`

/**
 * (agent, trace) pairs per (window, agent): exact trace and error counts, and the SAMPLE_CAP traces
 * with the smallest trace-id hash. The empty agent name ('') counts only where it made steps:
 * otherwise every trace's unnamed wrapper spans would form a group of their own.
 */
export function traceSamplesQuery(
  tables: { spans: string; summaries: string },
  settings: string,
  projectId: string,
  q: DriftQuery,
  windows: DriftWindows,
): BuiltQuery {
  const params: Record<string, unknown> = { projectId, ...windowParams(windows), cap: SAMPLE_CAP }
  const filters: string[] = []
  const having: string[] = []
  if (q.service !== undefined) {
    filters.push('AND service_name = {f_service: String}')
    params['f_service'] = q.service
  }
  if (q.agent !== undefined) {
    filters.push('AND agent_name = {f_agent: String}')
    params['f_agent'] = q.agent
  }
  if (q.model !== undefined) {
    having.push('AND countIf(model = {f_model: String} AND NOT is_rollup) > 0')
    params['f_model'] = q.model
  }
  return {
    sql: `SELECT w, agent, traces, errors,
        arrayMap(x -> x.2, sample) AS costUnits, arrayMap(x -> x.3, sample) AS steps, arrayMap(x -> x.4, sample) AS stepLists
      FROM (
        SELECT w, agent, count() AS traces, countIf(failed) AS errors,
          arraySlice(arraySort(groupArray((cityHash64(trace_id), toString(costUnits), steps, stepList))), 1, {cap: UInt32}) AS sample
        FROM (
          SELECT trace_id IN (SELECT trace_id FROM ${tables.summaries} FINAL
              WHERE project_id = {projectId: String} AND ${inCurrent('start_time')} AND NOT running) AS w,
            trace_id, agent_name AS agent,
            sumIf(toInt64(floor(cost_usd * 1e12 + 0.5)), NOT is_rollup) AS costUnits,
            countIf(${STEP}) AS steps,
            countIf(status = 'error') > 0 AS failed,
            if(countIf(${STEP} AND status = 'error') = 0, [],
              arrayMap(x -> (x.2, x.3, x.4), arraySort(groupArrayIf(
                (start_time, kind = 'tool', toString(if(kind = 'tool', tool_name, model)), status = 'error'), ${STEP})))) AS stepList
          FROM ${tables.spans} FINAL
          WHERE project_id = {projectId: String} AND ${inWindows('start_time', true)}
            AND trace_id IN (SELECT trace_id FROM ${tables.summaries} FINAL
              WHERE project_id = {projectId: String} AND ${inWindows('start_time')} AND NOT running)
            ${filters.join(' ')}
          GROUP BY trace_id, agent
          HAVING (agent != '' OR steps > 0) ${having.join(' ')}
        )
        GROUP BY w, agent
      ) ${settings}`,
    params,
  }
}

export interface CallSampleRow {
  w: number | boolean
  agent: string
  model: string
  calls: number | string
  errors: number | string
  latencyMs: number[]
  inputTokens: number[]
  outputTokens: number[]
}

export interface TraceSampleRow {
  w: number | boolean
  agent: string
  traces: number | string
  errors: number | string
  costUnits: string[]
  steps: Array<number | string>
  /** per sampled trace: [] when no step failed, else its steps in start order as [isTool, tool name or model, failed] */
  stepLists: Array<Array<[boolean | number, string, boolean | number]>>
}

const windowOf = (w: number | boolean): 'ref' | 'cur' => (Number(w) === 1 ? 'cur' : 'ref')

/** Pure: call rows → the report's call samples. */
export function toCallSamples(rows: readonly CallSampleRow[]): CallWindowSample[] {
  return rows.map((r) => ({
    window: windowOf(r.w),
    agentName: r.agent,
    model: r.model,
    latencyMs: r.latencyMs.map(Number),
    inputTokens: r.inputTokens.map(Number),
    outputTokens: r.outputTokens.map(Number),
    calls: Number(r.calls),
    errors: Number(r.errors),
  }))
}

/** Pure: trace rows → the report's trace samples. */
export function toTraceSamples(rows: readonly TraceSampleRow[]): TraceWindowSample[] {
  return rows.map((r) => ({
    window: windowOf(r.w),
    agentName: r.agent,
    costUsd: r.costUnits.map((u) => unitsToUsd(BigInt(u))),
    steps: r.steps.map(Number),
    retries: r.stepLists.map((list) =>
      countRetries(
        list.map(([isTool, operation, failed]): RetryStep => ({
          kind: isTool ? 'tool' : 'llm',
          operation,
          failed: Boolean(failed),
        })),
      ),
    ),
    traces: Number(r.traces),
    errors: Number(r.errors),
  }))
}
