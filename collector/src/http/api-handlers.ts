/**
 * @module http/api-handlers
 * What each route of the query API's table answers: thin calls into the query service (and the
 * price book), with the edge's own concerns (default time ranges, 404s, the CSV download).
 */
import { CostMeasures, TraceId } from '@loupe/schema'
import { HTTPException } from 'hono/http-exception'
import type { AlertEngine } from '../alerts/engine.ts'
import type { PriceBook } from '../cost/price-book.ts'
import type { DetectorConfig } from '../detect/types.ts'
import { toCsv } from '../query/csv.ts'
import { resolveDriftWindows } from '../query/drift.ts'
import { priceLookup } from '../query/price-lookup.ts'
import type { QueryService } from '../query/query-service.ts'
import { resolveRange } from '../query/time-range.ts'
import { buildPolicy } from '../readiness/policy.ts'
import type { Policy } from '../readiness/types.ts'
import type { SpanStore } from '../store/span-store.ts'
import type { ApiHandlers } from './api-routes.ts'
import { parseOr400 } from './errors.ts'

const DAY_MS = 86_400_000
/** A session page looks back further by default: a conversation spans days. */
const SESSION_DEFAULT_MS = 30 * DAY_MS

export interface HandlerDeps {
  store: SpanStore
  queries: QueryService
  /** Alert history, rules, channel tests and the guard. */
  alerts: AlertEngine
  priceBook: PriceBook
  /** False while starting or shutting down; health answers 503 then. */
  isReady: () => boolean
  /** Traces waiting to be settled (shown on health, so operators and benchmarks see the backlog). */
  pendingTraces?: () => number
  /** Traces followed while they run. */
  runningTraces?: () => number
  /** Traces quiet for longer than the settle delay and still not settled (what backpressure counts). */
  overdueTraces?: () => number
  /** Loop-detector thresholds that differ from the defaults. */
  detectors?: Partial<DetectorConfig>
  /** The readiness policy (LOUPE_POLICY_FILE and env); built-in defaults when absent. */
  policy?: Policy
  now?: () => number
}

export function apiHandlers(deps: HandlerDeps): ApiHandlers {
  const now = deps.now ?? Date.now
  const policy = deps.policy ?? buildPolicy(null, null)
  const range = (q: { from?: number | undefined; to?: number | undefined }, defaultSpanMs = DAY_MS) =>
    resolveRange(q, now(), defaultSpanMs)

  return {
    async health(_input, c) {
      if (!deps.isReady()) return c.json({ status: 'starting' }, 503)
      const ok = await deps.store.ping().catch(() => false)
      if (!ok) return c.json({ status: 'storage unavailable' }, 503)
      return {
        status: 'ok',
        pendingTraces: deps.pendingTraces?.() ?? 0,
        overdueTraces: deps.overdueTraces?.() ?? 0,
        runningTraces: deps.runningTraces?.() ?? 0,
      }
    },
    listTraces: ({ projectId, query }) => deps.queries.listTraces(projectId, query, range(query)),
    async getTrace({ projectId, params }) {
      const traceId = parseOr400(TraceId, (params['traceId'] ?? '').toLowerCase(), 'traceId')
      const detail = await deps.queries.traceDetail(projectId, traceId, deps.detectors ?? {})
      if (detail === null) throw new HTTPException(404, { message: `trace ${traceId} not found` })
      return detail
    },
    listSessions: ({ projectId, query }) => deps.queries.listSessions(projectId, query, range(query)),
    async getSession({ projectId, query, params }) {
      const sessionId = params['sessionId'] ?? ''
      const detail = await deps.queries.session(projectId, sessionId, range(query, SESSION_DEFAULT_MS))
      if (detail === null) throw new HTTPException(404, { message: `session ${sessionId} not found in the range` })
      return detail
    },
    async costReport({ projectId, query }, c) {
      const report = await deps.queries.costReport(projectId, query, range(query))
      if (query.format === 'json') return report
      // columns: the dimensions, then every measure in the schema's order (one list, so a new
      // measure reaches the CSV by itself)
      const measures = Object.keys(CostMeasures.shape) as Array<keyof CostMeasures>
      const header = [...query.groupBy, ...measures]
      const rows = report.rows.map((r) => [
        ...query.groupBy.map((d) => r.dimensions[d] ?? ''),
        ...measures.map((m) => r[m]),
      ])
      const name = `loupe-cost-${query.groupBy.join('-')}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`
      return c.body(toCsv(header, rows), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
      })
    },
    timeseries: ({ projectId, query }) => deps.queries.timeseries(projectId, query, range(query)),
    findings: ({ projectId, query }) => deps.queries.findings(projectId, query, range(query)),
    readiness: ({ projectId, query }) => deps.queries.readiness(projectId, query, range(query), policy),
    drift: ({ projectId, query }) => deps.queries.drift(projectId, query, resolveDriftWindows(query, now())),
    facets: ({ projectId, query }) => deps.queries.facets(projectId, range(query)),
    prices: ({ query }) => priceLookup(deps.priceBook, query, now()),
    alerts: ({ projectId, query }) => deps.alerts.history(projectId, query, range(query)),
    alertRules: ({ projectId }) => deps.alerts.rulesView(projectId),
    async testAlert({ projectId, query }) {
      const result = await deps.alerts.test(projectId, query.channel)
      if (result === null)
        throw new HTTPException(404, { message: `no channel named ${query.channel} in the alert rules` })
      return result
    },
    guard({ projectId, params }) {
      const traceId = parseOr400(TraceId, (params['traceId'] ?? '').toLowerCase(), 'traceId')
      return deps.alerts.guard(projectId, traceId)
    },
  }
}
