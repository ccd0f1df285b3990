/**
 * @module http/api-routes
 * Serves every route of the query API's table (`API_ROUTES` in @loupe/schema) from one loop, so
 * what is served and the OpenAPI document cannot differ: each route's query string is parsed with
 * its own schema (a bad or unknown parameter is a 400 that names it; a route that takes none ignores
 * the query string), its handler receives the
 * typed query, and a route of the table without a handler does not compile.
 */
import { API_ROUTES } from '@loupe/schema'
import { Hono, type Context } from 'hono'
import type { z } from 'zod'
import type { AppEnv } from './app-env.ts'
import { parseQuery } from './query-params.ts'

type Routes = typeof API_ROUTES
type RouteName = keyof Routes

interface RouteInput<K extends RouteName> {
  projectId: string
  query: z.infer<Routes[K]['query']>
  /** path parameters, by the names the route's path gives them */
  params: Record<string, string>
}

/** A route's answer: a JSON body, or a whole Response (another status, another media type). */
export type ApiHandlers = {
  [K in RouteName]: (input: RouteInput<K>, c: Context<AppEnv>) => unknown
}

/** The table's routes, for mounting under `/api`. */
export function apiRoutes(handlers: ApiHandlers): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  for (const name of Object.keys(API_ROUTES) as RouteName[]) {
    const route = API_ROUTES[name]
    const handler = handlers[name] as (input: RouteInput<RouteName>, c: Context<AppEnv>) => unknown
    app.on(route.method.toUpperCase(), honoPath(route.path), async (c) => {
      // a route that takes no parameters ignores the query string: health probes add cache-busters
      const query = Object.keys(route.query.shape).length === 0 ? {} : parseQuery(c, route.query)
      const out = await handler({ projectId: c.get('projectId'), query, params: c.req.param() }, c)
      return out instanceof Response ? out : c.json(out)
    })
  }
  return app
}

/** `/api/traces/{traceId}` → `/traces/:traceId`, the route as Hono names it under `/api`. */
function honoPath(path: string): string {
  return path.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1')
}
