/**
 * @module app
 * `createApp(deps)`: the whole HTTP surface as a Hono app, with no sockets, so route tests can
 * drive it through `app.request()`.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { apiRoutes } from './http/api-routes.ts'
import type { AppEnv } from './http/app-env.ts'
import { authMiddleware } from './http/auth.ts'
import { onError } from './http/errors.ts'
import { buildOpenApi } from './http/openapi.ts'
import { otlpRoutes } from './http/otlp-routes.ts'
import { mountUi } from './http/static-ui.ts'
import { LOUPE_VERSION } from './version.ts'
import { queryRoutes } from './http/query-routes.ts'
import { priceRoutes } from './http/price-routes.ts'
import type { PriceBook } from './cost/price-book.ts'
import type { QueryService } from './query/query-service.ts'
import type { DetectorConfig } from './detect/types.ts'
import type { Policy } from './readiness/types.ts'
import type { IngestDeps } from './ingest/ingest.ts'
import type { SpanStore } from './store/span-store.ts'

export interface AppDeps extends IngestDeps {
  store: SpanStore
  queries: QueryService
  /** The price table the cost engine uses (bundled, overlaid with LOUPE_PRICES_FILE). */
  priceBook: PriceBook
  apiKeys: ReadonlyMap<string, string> | null
  maxBodyBytes: number
  /** False while starting or shutting down; health answers 503 then. */
  isReady: () => boolean
  /** Loop-detector thresholds that differ from the defaults. */
  detectors?: Partial<DetectorConfig>
  /** Traces waiting to be settled (shown on health, so operators and benchmarks see the backlog). */
  pendingTraces?: () => number
  /** Traces quiet for longer than the settle delay and still not settled (what backpressure counts). */
  overdueTraces?: () => number
  /** The readiness policy (LOUPE_POLICY_FILE and env); built-in defaults when absent. */
  policy?: Policy
}

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.onError(onError)

  app.get('/api/health', async (c) => {
    if (!deps.isReady()) return c.json({ status: 'starting' }, 503)
    const ok = await deps.store.ping().catch(() => false)
    return ok ? c.json({ status: 'ok', pendingTraces: deps.pendingTraces?.() ?? 0, overdueTraces: deps.overdueTraces?.() ?? 0 }) : c.json({ status: 'storage unavailable' }, 503)
  })

  const openApi = buildOpenApi(LOUPE_VERSION)
  app.get('/api/openapi.json', (c) => c.json(openApi))

  const auth = authMiddleware(deps.apiKeys)
  const otlp = otlpRoutes(deps)
  app.use('/v1/*', auth)
  app.use('/api/*', auth)
  app.route('/v1', otlp)
  app.route('/api/public/otel/v1', otlp)
  app.route('/api', apiRoutes(deps))
  app.route('/api', queryRoutes(deps))
  app.route('/api', priceRoutes(deps))

  app.all('/v1/logs', () => {
    throw new HTTPException(404, { message: 'Loupe receives traces only: send OTLP traces to /v1/traces' })
  })
  app.all('/v1/metrics', () => {
    throw new HTTPException(404, { message: 'Loupe receives traces only: send OTLP traces to /v1/traces' })
  })
  mountUi(app)
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404))
  return app
}
