/**
 * @module hooks/queries
 * Server state, through TanStack Query: one hook per route of the query API's table
 * (`API_ROUTES` in @loupe/schema). Each takes that route's own query parameters (a parameter the
 * route does not take is a type error), parses the answer with the route's response schema, and
 * is cached under the route's name: one table from schema to screen.
 *
 * A view that follows now passes its `poll` (hooks/useTimeRange): the query re-runs on an
 * interval under the same key, each run sliding `from`/`to` forward to the current time.
 */
import { API_ROUTES } from '@loupe/schema'
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import type { z } from 'zod'
import { apiGet, apiPost } from '../api/client.ts'
import { slideWindow } from '../model/time-range.ts'

type Routes = typeof API_ROUTES
type RouteName = keyof Routes
type ParamValue = string | number | boolean | undefined | null

/** A route's query parameters, as the URL carries them. */
export type RouteParams<K extends RouteName> = { [P in keyof z.input<Routes[K]['query']>]?: ParamValue }

/** How a view's queries follow the clock: useTimeRange's `poll`. */
export interface Poll {
  /** ms between re-runs; false: none */
  refetchInterval: number | false
  /** set when the range ends now: when `from`/`to` were resolved; each run slides them forward from there */
  slideFrom: number | null
}

interface Opts<T> {
  /** ms between re-runs (false: none), or decided from the latest answer */
  refetchInterval?: number | false | ((data: T | undefined) => number | false)
  slideFrom?: number | null
  enabled?: boolean
}

type Data<K extends RouteName> = z.infer<Routes[K]['response']>

/** `/api/traces/{traceId}` with its path parameters filled in, encoded. */
function routePath(path: string, pathParams: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? ''))
}

function useRoute<K extends RouteName>(
  name: K,
  params: RouteParams<K>,
  pathParams: Record<string, string> = {},
  opts: Opts<Data<K>> = {},
) {
  const route: Routes[K] = API_ROUTES[name]
  const { refetchInterval = false, slideFrom = null } = opts
  return useQuery({
    queryKey: [name, pathParams, params],
    queryFn: ({ signal }) =>
      apiGet(
        routePath(route.path, pathParams),
        slideFrom === null ? params : slideWindow(params, slideFrom, Date.now()),
        route.response,
        signal,
      ) as Promise<Data<K>>,
    placeholderData: keepPreviousData,
    refetchInterval:
      typeof refetchInterval === 'function' ? (query) => refetchInterval(query.state.data) : refetchInterval,
    enabled: opts.enabled ?? true,
  })
}

/**
 * Whether a view shows its "refreshing" spinner: while it waits for an answer to new parameters,
 * and on a refresh it asked for, but not on the polls of a live view, where it would blink every
 * second.
 */
export function isRefreshing(query: { isFetching: boolean; isPlaceholderData: boolean }, live: boolean): boolean {
  return query.isPlaceholderData || (query.isFetching && !live)
}

export const useTraces = (params: RouteParams<'listTraces'>, opts?: Opts<Data<'listTraces'>>) =>
  useRoute('listTraces', params, {}, opts)
export const useTrace = (traceId: string, opts?: Opts<Data<'getTrace'>>) => useRoute('getTrace', {}, { traceId }, opts)
export const useSessions = (params: RouteParams<'listSessions'>, opts?: Opts<Data<'listSessions'>>) =>
  useRoute('listSessions', params, {}, opts)
export const useSession = (sessionId: string, params: RouteParams<'getSession'>, opts?: Opts<Data<'getSession'>>) =>
  useRoute('getSession', params, { sessionId }, opts)
export const useCostReport = (params: RouteParams<'costReport'>, opts?: Opts<Data<'costReport'>>) =>
  useRoute('costReport', params, {}, opts)
export const useTimeseries = (params: RouteParams<'timeseries'>, opts?: Opts<Data<'timeseries'>>) =>
  useRoute('timeseries', params, {}, opts)
export const useFacets = (params: RouteParams<'facets'>, opts?: Opts<Data<'facets'>>) =>
  useRoute('facets', params, {}, opts)
export const useFindings = (params: RouteParams<'findings'>, opts?: Opts<Data<'findings'>>) =>
  useRoute('findings', params, {}, opts)
export const useReadiness = (params: RouteParams<'readiness'>, opts?: Opts<Data<'readiness'>>) =>
  useRoute('readiness', params, {}, opts)
export const useDrift = (params: RouteParams<'drift'>, opts?: Opts<Data<'drift'>>) =>
  useRoute('drift', params, {}, opts)
export const usePrice = (params: RouteParams<'prices'>, opts?: Opts<Data<'prices'>>) =>
  useRoute('prices', params, {}, opts)
export const useAlerts = (params: RouteParams<'alerts'>, opts?: Opts<Data<'alerts'>>) =>
  useRoute('alerts', params, {}, opts)
export const useAlertRules = (opts?: Opts<Data<'alertRules'>>) => useRoute('alertRules', {}, {}, opts)

/**
 * Sends one test message to a channel (`POST /api/alerts/test`). A mutation, not a query: it has
 * an effect, so it runs only when asked and its answer is never cached or retried.
 */
export function useTestAlert() {
  const route = API_ROUTES.testAlert
  return useMutation({
    mutationFn: (params: RouteParams<'testAlert'>) =>
      apiPost(route.path, params, route.response) as Promise<Data<'testAlert'>>,
  })
}
