/**
 * @module http/query-routes
 * Trace lists, sessions, cost reports, timeseries and facets. Every query string is validated
 * with the schemas in `@loupe/schema`, the same ones the OpenAPI document is generated from.
 */
import { API_ROUTES, CostMeasures } from '@loupe/schema'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { toCsv } from '../query/csv.ts'
import type { QueryService } from '../query/query-service.ts'
import { buildPolicy } from '../readiness/policy.ts'
import type { Policy } from '../readiness/types.ts'
import { resolveDriftWindows } from '../query/drift.ts'
import { resolveRange } from '../query/time-range.ts'
import type { AppEnv } from './app-env.ts'
import { parseQuery } from './query-params.ts'

const DAY_MS = 86_400_000
/** A session page looks back further by default: a conversation spans days. */
const SESSION_DEFAULT_MS = 30 * DAY_MS

export function queryRoutes(deps: { queries: QueryService; now?: () => number; policy?: Policy }) {
  const now = deps.now ?? Date.now
  const policy = deps.policy ?? buildPolicy(null, null)
  const app = new Hono<AppEnv>()

  app.get('/traces', async (c) => {
    const q = parseQuery(c, API_ROUTES.listTraces.query)
    return c.json(await deps.queries.listTraces(c.get('projectId'), q, range(q, now())))
  })

  app.get('/sessions', async (c) => {
    const q = parseQuery(c, API_ROUTES.listSessions.query)
    return c.json(await deps.queries.listSessions(c.get('projectId'), q, range(q, now())))
  })

  app.get('/sessions/:sessionId', async (c) => {
    const q = parseQuery(c, API_ROUTES.getSession.query)
    const sessionId = c.req.param('sessionId')
    const detail = await deps.queries.session(c.get('projectId'), sessionId, range(q, now(), SESSION_DEFAULT_MS))
    if (detail === null) throw new HTTPException(404, { message: `session ${sessionId} not found in the range` })
    return c.json(detail)
  })

  app.get('/reports/cost', async (c) => {
    const q = parseQuery(c, API_ROUTES.costReport.query)
    const report = await deps.queries.costReport(c.get('projectId'), q, range(q, now()))
    if (q.format === 'json') return c.json(report)
    // columns: the dimensions, then every measure in the schema's order (one list, so a new measure
    // reaches the CSV by itself)
    const measures = Object.keys(CostMeasures.shape) as Array<keyof CostMeasures>
    const header = [...q.groupBy, ...measures]
    const rows = report.rows.map((r) => [...q.groupBy.map((d) => r.dimensions[d] ?? ''), ...measures.map((m) => r[m])])
    const name = `loupe-cost-${q.groupBy.join('-')}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`
    return c.body(toCsv(header, rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
    })
  })

  app.get('/reports/timeseries', async (c) => {
    const q = parseQuery(c, API_ROUTES.timeseries.query)
    return c.json(await deps.queries.timeseries(c.get('projectId'), q, range(q, now())))
  })

  app.get('/findings', async (c) => {
    const q = parseQuery(c, API_ROUTES.findings.query)
    return c.json(await deps.queries.findings(c.get('projectId'), q, range(q, now())))
  })

  app.get('/reports/readiness', async (c) => {
    const q = parseQuery(c, API_ROUTES.readiness.query)
    return c.json(await deps.queries.readiness(c.get('projectId'), q, range(q, now()), policy))
  })

  app.get('/reports/drift', async (c) => {
    const q = parseQuery(c, API_ROUTES.drift.query)
    return c.json(await deps.queries.drift(c.get('projectId'), q, resolveDriftWindows(q, now())))
  })

  app.get('/facets', async (c) => {
    const q = parseQuery(c, API_ROUTES.facets.query)
    return c.json(await deps.queries.facets(c.get('projectId'), range(q, now())))
  })

  return app
}

function range(q: { from?: number | undefined; to?: number | undefined }, nowMs: number, defaultSpanMs = DAY_MS) {
  return resolveRange(q, nowMs, defaultSpanMs)
}
