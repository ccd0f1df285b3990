/**
 * @module hooks/queries
 * Server state, through TanStack Query: one hook per route of the query API's table
 * (`API_ROUTES` in @loupe/schema). Each takes that route's own query parameters (a parameter the
 * route does not take is a type error), parses the answer with the route's response schema, and
 * is cached under the route's name: one table from schema to screen.
 */
import { API_ROUTES } from '@loupe/schema'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { z } from 'zod'
import { apiGet } from '../api/client.ts'

type Routes = typeof API_ROUTES
type RouteName = keyof Routes
type ParamValue = string | number | boolean | undefined | null

/** A route's query parameters, as the URL carries them. */
export type RouteParams<K extends RouteName> = { [P in keyof z.input<Routes[K]['query']>]?: ParamValue }

interface Opts {
  refetchInterval?: number | false
  enabled?: boolean
}

/** `/api/traces/{traceId}` with its path parameters filled in, encoded. */
function routePath(path: string, pathParams: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? ''))
}

function useRoute<K extends RouteName>(
  name: K,
  params: RouteParams<K>,
  pathParams: Record<string, string> = {},
  opts: Opts = {},
) {
  const route: Routes[K] = API_ROUTES[name]
  return useQuery({
    queryKey: [name, pathParams, params],
    queryFn: ({ signal }) =>
      apiGet(routePath(route.path, pathParams), params, route.response, signal) as Promise<
        z.infer<Routes[K]['response']>
      >,
    placeholderData: keepPreviousData,
    refetchInterval: opts.refetchInterval ?? false,
    enabled: opts.enabled ?? true,
  })
}

export const useTraces = (params: RouteParams<'listTraces'>, opts?: Opts) => useRoute('listTraces', params, {}, opts)
export const useTrace = (traceId: string, opts?: Opts) => useRoute('getTrace', {}, { traceId }, opts)
export const useSessions = (params: RouteParams<'listSessions'>, opts?: Opts) =>
  useRoute('listSessions', params, {}, opts)
export const useSession = (sessionId: string, params: RouteParams<'getSession'>, opts?: Opts) =>
  useRoute('getSession', params, { sessionId }, opts)
export const useCostReport = (params: RouteParams<'costReport'>, opts?: Opts) =>
  useRoute('costReport', params, {}, opts)
export const useTimeseries = (params: RouteParams<'timeseries'>, opts?: Opts) =>
  useRoute('timeseries', params, {}, opts)
export const useFacets = (params: RouteParams<'facets'>, opts?: Opts) => useRoute('facets', params, {}, opts)
export const useFindings = (params: RouteParams<'findings'>, opts?: Opts) => useRoute('findings', params, {}, opts)
export const useReadiness = (params: RouteParams<'readiness'>, opts?: Opts) => useRoute('readiness', params, {}, opts)
export const useDrift = (params: RouteParams<'drift'>, opts?: Opts) => useRoute('drift', params, {}, opts)
export const usePrice = (params: RouteParams<'prices'>, opts?: Opts) => useRoute('prices', params, {}, opts)
