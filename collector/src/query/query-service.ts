/**
 * @module query/query-service
 * The read side: builds each query, runs it through the store, maps rows to API shapes.
 */
import type {
  CostReportQuery, CostReportResponse, FacetsResponse, SessionDetailResponse, SessionListQuery,
  TimeseriesQuery, TimeseriesResponse, TraceListQuery, TraceListResponse, TraceSummary,
} from '@loupe/schema'
import type { SpanStore } from '../store/span-store.ts'
import { READ_SETTINGS } from '../store/sql.ts'
import { facetsQuery } from './facets.ts'
import { EMPTY_MEASURES, costReportQuery, toCostRow, toMeasures, type MeasureRow } from './reports.ts'
import { sessionListQuery, sessionPage, sessionTracesQuery, toSessionSummary, type SessionRow } from './sessions.ts'
import type { TimeRange } from './time-range.ts'
import { timeseriesQuery, toSeries, bucketStarts } from './timeseries.ts'
import { tracePage, traceListQuery, traceSummaryQuery } from './traces.ts'
import { toTraceSummary, type TraceSummaryRow } from './trace-summary-sql.ts'

export function createQueryService(store: SpanStore, spansTable: string) {
  const run = <T>(built: { sql: string; params: Record<string, unknown> }) => store.select<T>(built.sql, built.params)

  return {
    async listTraces(projectId: string, q: TraceListQuery, range: TimeRange): Promise<TraceListResponse> {
      return tracePage(await run<TraceSummaryRow>(traceListQuery(spansTable, READ_SETTINGS, projectId, q, range)), q)
    },

    async traceSummary(projectId: string, traceId: string): Promise<TraceSummary | null> {
      const [row] = await run<TraceSummaryRow>(traceSummaryQuery(spansTable, READ_SETTINGS, projectId, traceId))
      return row ? toTraceSummary(row) : null
    },

    async listSessions(projectId: string, q: SessionListQuery, range: TimeRange) {
      return sessionPage(await run<SessionRow>(sessionListQuery(spansTable, READ_SETTINGS, projectId, q, range)), q.limit)
    },

    async session(projectId: string, sessionId: string, range: TimeRange): Promise<SessionDetailResponse | null> {
      const rows = await run<TraceSummaryRow>(sessionTracesQuery(spansTable, READ_SETTINGS, projectId, sessionId, range))
      if (rows.length === 0) return null
      return { session: sessionFromTraces(sessionId, rows), traces: rows.map(toTraceSummary) }
    },

    async costReport(projectId: string, q: CostReportQuery, range: TimeRange): Promise<CostReportResponse> {
      const built = costReportQuery(spansTable, READ_SETTINGS, projectId, q, range)
      const { rows, totals } = await store.selectWithTotals<MeasureRow>(built.sql, built.params)
      return {
        groupBy: q.groupBy,
        from: new Date(range.fromMs).toISOString(),
        to: new Date(range.toMs).toISOString(),
        rows: rows.map((r) => toCostRow(r, q.groupBy)),
        totals: totals ? toMeasures(totals) : EMPTY_MEASURES,
      }
    },

    async timeseries(projectId: string, q: TimeseriesQuery, range: TimeRange): Promise<TimeseriesResponse> {
      bucketStarts(range, q.interval) // rejects too many buckets before querying
      const rows = await run<{ bucket: number; key: string; value: number }>(timeseriesQuery(spansTable, READ_SETTINGS, projectId, q, range))
      return toSeries(rows, q, range)
    },

    async facets(projectId: string, range: TimeRange): Promise<FacetsResponse> {
      const [row] = await run<FacetsResponse>(facetsQuery(spansTable, READ_SETTINGS, projectId, range))
      return row ?? { services: [], agents: [], models: [], providers: [], users: [], tools: [] }
    },
  }
}

export type QueryService = ReturnType<typeof createQueryService>

/** Pure: a session's summary from its trace summaries. */
function sessionFromTraces(sessionId: string, rows: TraceSummaryRow[]) {
  const summaries = rows.map(toTraceSummary)
  const starts = rows.map((r) => BigInt(r.startTimeUnixNano))
  const min = starts.reduce((a, b) => (b < a ? b : a))
  const max = starts.reduce((a, b) => (b > a ? b : a))
  return toSessionSummary({
    sessionId,
    traceCount: rows.length,
    firstSeenUnixNano: min.toString(),
    lastSeenUnixNano: max.toString(),
    lastNs: max.toString(),
    inputTokens: summaries.reduce((a, s) => a + s.inputTokens, 0),
    outputTokens: summaries.reduce((a, s) => a + s.outputTokens, 0),
    costUsd: summaries.reduce((a, s) => a + s.costUsd, 0),
    errorCount: summaries.reduce((a, s) => a + s.errorCount, 0),
    userIds: [...new Set(summaries.flatMap((s) => (s.userId ? [s.userId] : [])))].sort(),
    agentNames: [...new Set(summaries.flatMap((s) => s.agentNames))].sort(),
  })
}
