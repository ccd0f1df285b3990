/**
 * @module app
 * `createApp(deps)`: the whole HTTP surface as a Hono app, with no sockets, so route tests can
 * drive it through `app.request()`.
 */
import { Hono } from 'hono'
import { apiHandlers, type HandlerDeps } from './http/api-handlers.ts'
import { apiRoutes } from './http/api-routes.ts'
import type { AppEnv } from './http/app-env.ts'
import { authMiddleware } from './http/auth.ts'
import { onError } from './http/errors.ts'
import { buildOpenApi } from './http/openapi.ts'
import { otlpRoutes } from './http/otlp-routes.ts'
import { mountUi } from './http/static-ui.ts'
import type { LogsIngestDeps } from './ingest/ingest-logs.ts'
import type { IngestDeps } from './ingest/ingest.ts'
import { LOUPE_VERSION } from './version.ts'

export interface AppDeps extends IngestDeps, LogsIngestDeps, HandlerDeps {
  apiKeys: ReadonlyMap<string, string> | null
  maxBodyBytes: number
}

/** Served to anyone: load balancers probe health, and the contract is public. */
const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/api/health', '/api/openapi.json'])

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.onError(onError)

  const openApi = buildOpenApi(LOUPE_VERSION)
  app.get('/api/openapi.json', (c) => c.json(openApi))

  const auth = authMiddleware(deps.apiKeys)
  const otlp = otlpRoutes(deps)
  app.use('/v1/*', auth)
  app.use('/api/*', (c, next) => (PUBLIC_PATHS.has(c.req.path) ? next() : auth(c, next)))
  app.route('/v1', otlp)
  app.route('/api/public/otel/v1', otlp)
  app.route('/api', apiRoutes(apiHandlers(deps)))

  mountUi(app)
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404))
  return app
}
