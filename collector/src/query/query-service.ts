/**
 * @module query/query-service
 * The read side: builds each query, runs it through the store, maps rows to API shapes.
 * Lists, sessions and reports read what the settler wrote (trace_summaries, cost_facts); a trace's
 * detail reads its spans and summarises them with the settler's own function, so the two agree.
 */
import type {
  CostReportQuery,
  CostReportResponse,
  FacetsResponse,
  FindingsQuery,
  FindingsResponse,
  SessionDetailResponse,
  SessionListQuery,
  TimeseriesQuery,
  TimeseriesResponse,
  TraceDetailResponse,
  TraceListQuery,
  TraceListResponse,
} from '@loupe/schema'
import type { DetectorConfig } from '../detect/types.ts'
import type { ReadinessQuery, ReadinessResponse } from '@loupe/schema'
import type { Policy } from '../readiness/types.ts'
import type { DriftQuery, DriftResponse } from '@loupe/schema'
import { buildDriftReport, MIN_SAMPLES } from '../drift/report.ts'
import {
  callSamplesQuery,
  toCallSamples,
  toTraceSamples,
  traceSamplesQuery,
  type CallSampleRow,
  type DriftWindows,
  type TraceSampleRow,
} from './drift.ts'
import {
  readinessSpansQuery,
  readinessTracesQuery,
  toReadinessResponse,
  type ChosenTraceRow,
  type ReadinessSpanRow,
} from './readiness.ts'
import type { SpanStore } from '../store/span-store.ts'
import { READ_SETTINGS } from '../store/sql.ts'
import { facetsQuery } from './facets.ts'
import { cachedStepHistory } from '../store/step-history.ts'
import { findingsQueries, toFindingsResponse } from './findings.ts'

type FindingRowOut = Parameters<typeof toFindingsResponse>[0][number]
type FindingTotalOut = Parameters<typeof toFindingsResponse>[1][number]
import { toTraceLog, traceLogsQuery, type TraceLogRow } from './logs.ts'
import { EMPTY_MEASURES, costReportQuery, toCostRow, toMeasures, type MeasureRow } from './reports.ts'
import { sessionListQuery, sessionPage, sessionTracesQuery } from './sessions.ts'
import type { SessionRow } from './sessions.ts'
import type { TimeRange } from './time-range.ts'
import { bucketStarts, timeseriesQuery, toSeries } from './timeseries.ts'
import { toTraceSummary, traceStateQuery, type TraceSummaryRow } from './trace-summary-sql.ts'
import { traceDetail } from './trace-detail.ts'
import { traceListQuery, tracePage } from './traces.ts'
import { unitsToUsd } from '../settle/settle-span.ts'

export interface Tables {
  spans: string
  summaries: string
  facts: string
  findings: string
  logs: string
}

export function createQueryService(store: SpanStore, tables: Tables) {
  const run = <T>(built: { sql: string; params: Record<string, unknown> }) => store.select<T>(built.sql, built.params)
  const stepHistory = cachedStepHistory(store, tables.summaries)

  return {
    async listTraces(projectId: string, q: TraceListQuery, range: TimeRange): Promise<TraceListResponse> {
      // Text search reads span content, the one costly filter. Newest first (the default view),
      // the page usually fills from the latest day: search windows newest to oldest and stop once
      // it is full. Windows are disjoint and descending, so their rows concatenate in order.
      if (q.q !== undefined && q.sort === 'startTime' && q.order === 'desc') {
        const rows: TraceSummaryRow[] = []
        for (const window of newestFirstWindows(range)) {
          rows.push(...(await run<TraceSummaryRow>(traceListQuery(tables, READ_SETTINGS, projectId, q, window))))
          if (rows.length > q.limit) break
        }
        return tracePage(rows, q)
      }
      return tracePage(await run<TraceSummaryRow>(traceListQuery(tables, READ_SETTINGS, projectId, q, range)), q)
    },

    /** A trace's spans, findings and summary (query/trace-detail.ts); null when it has no spans. */
    async traceDetail(
      projectId: string,
      traceId: string,
      detectors: Partial<DetectorConfig>,
    ): Promise<TraceDetailResponse | null> {
      const [records, state, logs] = await Promise.all([
        store.getTrace(projectId, traceId),
        run<{ running: boolean | number }>(traceStateQuery(tables.summaries, projectId, traceId)),
        run<TraceLogRow>(traceLogsQuery(tables.logs, projectId, traceId)),
      ])
      if (records.length === 0) return null
      // no version yet: its first spans are stored and the settler has not written it
      const running = state.length === 0 || Boolean(state[0]!.running)
      return traceDetail(traceId, records, logs.map(toTraceLog), detectors, await stepHistory(projectId), running)
    },

    async listSessions(projectId: string, q: SessionListQuery, range: TimeRange) {
      return sessionPage(
        await run<SessionRow>(sessionListQuery(tables.summaries, READ_SETTINGS, projectId, q, range)),
        q.limit,
      )
    },

    async session(projectId: string, sessionId: string, range: TimeRange): Promise<SessionDetailResponse | null> {
      const rows = await run<TraceSummaryRow>(
        sessionTracesQuery(tables.summaries, READ_SETTINGS, projectId, sessionId, range),
      )
      if (rows.length === 0) return null
      return { session: sessionFromTraces(sessionId, rows), traces: rows.map(toTraceSummary) }
    },

    async costReport(projectId: string, q: CostReportQuery, range: TimeRange): Promise<CostReportResponse> {
      const built = costReportQuery(tables, READ_SETTINGS, projectId, q, range)
      const all = await store.select<MeasureRow>(built.sql, built.params)
      const totals = all.find((r) => Boolean(r.isTotal))
      return {
        groupBy: q.groupBy,
        from: new Date(range.fromMs).toISOString(),
        to: new Date(range.toMs).toISOString(),
        rows: all.filter((r) => !r.isTotal).map((r) => toCostRow(r, q.groupBy)),
        totals: totals ? toMeasures(totals) : EMPTY_MEASURES,
      }
    },

    async timeseries(projectId: string, q: TimeseriesQuery, range: TimeRange): Promise<TimeseriesResponse> {
      bucketStarts(range, q.interval) // rejects too many buckets before querying
      const rows = await run<{ bucket: number; key: string; value: number }>(
        timeseriesQuery(tables, READ_SETTINGS, projectId, q, range),
      )
      return toSeries(rows, q, range)
    },

    async findings(projectId: string, q: FindingsQuery, range: TimeRange): Promise<FindingsResponse> {
      const built = findingsQueries(tables, READ_SETTINGS, projectId, q, range)
      const [rows, totals] = await Promise.all([run<FindingRowOut>(built.rows), run<FindingTotalOut>(built.totals)])
      return toFindingsResponse(rows, totals)
    },

    /** The readiness checklist over the newest settled traces in the range, judged against `policy`. */
    async readiness(
      projectId: string,
      q: ReadinessQuery,
      range: TimeRange,
      policy: Policy,
    ): Promise<ReadinessResponse> {
      const chosen = await run<ChosenTraceRow>(
        readinessTracesQuery(tables.summaries, READ_SETTINGS, projectId, q, range),
      )
      const traceIds = chosen.map((t) => t.traceId)
      const rows =
        traceIds.length === 0
          ? []
          : await run<ReadinessSpanRow>(readinessSpansQuery(tables.spans, READ_SETTINGS, projectId, traceIds, range))
      return toReadinessResponse(range, q, chosen, rows, policy)
    },

    /** Reference window against current window, per agent and model (see query/drift.ts, drift/report.ts). */
    async drift(projectId: string, q: DriftQuery, windows: DriftWindows): Promise<DriftResponse> {
      const [calls, traces] = await Promise.all([
        run<CallSampleRow>(callSamplesQuery(tables.spans, READ_SETTINGS, projectId, q, windows)),
        run<TraceSampleRow>(traceSamplesQuery(tables, READ_SETTINGS, projectId, q, windows)),
      ])
      const window = (r: TimeRange) => ({ from: new Date(r.fromMs).toISOString(), to: new Date(r.toMs).toISOString() })
      return {
        current: window(windows.current),
        reference: window(windows.reference),
        alpha: q.alpha,
        minSamples: MIN_SAMPLES,
        groups: buildDriftReport({ calls: toCallSamples(calls), traces: toTraceSamples(traces) }, { alpha: q.alpha }),
      }
    },

    async facets(projectId: string, range: TimeRange): Promise<FacetsResponse> {
      const [row] = await run<FacetsResponse>(facetsQuery(tables.spans, READ_SETTINGS, projectId, range))
      return row ?? { services: [], agents: [], models: [], providers: [], users: [], tools: [] }
    },
  }
}

export type QueryService = ReturnType<typeof createQueryService>

const DAY_MS = 86_400_000

/** Pure: the range cut into windows from its end backwards, each twice the last (1, 2, 4… days). */
export function newestFirstWindows(range: TimeRange): TimeRange[] {
  const windows: TimeRange[] = []
  let toMs = range.toMs
  let span = DAY_MS
  while (toMs > range.fromMs) {
    const fromMs = Math.max(range.fromMs, toMs - span)
    windows.push({ fromMs, toMs })
    toMs = fromMs
    span *= 2
  }
  return windows
}

/** Pure: a session's summary from its trace summaries (costs added in pico-dollars, exactly). */
function sessionFromTraces(sessionId: string, rows: TraceSummaryRow[]) {
  const summaries = rows.map(toTraceSummary)
  const starts = rows.map((r) => BigInt(r.startTimeUnixNano))
  const min = starts.reduce((a, b) => (b < a ? b : a))
  const max = starts.reduce((a, b) => (b > a ? b : a))
  return {
    sessionId,
    traceCount: rows.length,
    firstSeenUnixNano: min.toString(),
    lastSeenUnixNano: max.toString(),
    inputTokens: summaries.reduce((a, s) => a + s.inputTokens, 0),
    outputTokens: summaries.reduce((a, s) => a + s.outputTokens, 0),
    costUsd: unitsToUsd(rows.reduce((a, r) => a + BigInt(r.costUnitsText), 0n)),
    errorCount: summaries.reduce((a, s) => a + s.errorCount, 0),
    userIds: [...new Set(summaries.flatMap((s) => (s.userId ? [s.userId] : [])))].sort(),
    agentNames: [...new Set(summaries.flatMap((s) => s.agentNames))].sort(),
    runningTraces: summaries.filter((s) => s.running).length,
  }
}
