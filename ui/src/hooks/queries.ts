/**
 * @module hooks/queries
 * Server state, through TanStack Query: one hook per API route, keys private to this module.
 */
import {
  CostReportResponse, DriftResponse, FacetsResponse, FindingsResponse, PriceLookupResponse, ReadinessResponse, SessionDetailResponse, SessionListResponse,
  TimeseriesResponse, TraceDetailResponse, TraceListResponse,
} from '@loupe/schema'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { apiGet, type Params } from '../api/client.ts'

interface Opts {
  refetchInterval?: number | false
  enabled?: boolean
}

function useApi<T>(path: string, params: Params, schema: { parse: (v: unknown) => T } & Parameters<typeof apiGet>[2], opts: Opts = {}) {
  return useQuery({
    queryKey: [path, params],
    queryFn: ({ signal }) => apiGet(path, params, schema, signal) as Promise<T>,
    placeholderData: keepPreviousData,
    refetchInterval: opts.refetchInterval ?? false,
    enabled: opts.enabled ?? true,
  })
}

export const useTraces = (params: Params, opts?: Opts) => useApi('/api/traces', params, TraceListResponse, opts)
export const useTrace = (traceId: string, opts?: Opts) => useApi(`/api/traces/${encodeURIComponent(traceId)}`, {}, TraceDetailResponse, opts)
export const useSessions = (params: Params, opts?: Opts) => useApi('/api/sessions', params, SessionListResponse, opts)
export const useSession = (sessionId: string, params: Params, opts?: Opts) => useApi(`/api/sessions/${encodeURIComponent(sessionId)}`, params, SessionDetailResponse, opts)
export const useCostReport = (params: Params, opts?: Opts) => useApi('/api/reports/cost', params, CostReportResponse, opts)
export const useTimeseries = (params: Params, opts?: Opts) => useApi('/api/reports/timeseries', params, TimeseriesResponse, opts)
export const useFacets = (params: Params, opts?: Opts) => useApi('/api/facets', params, FacetsResponse, opts)
export const useFindings = (params: Params, opts?: Opts) => useApi('/api/findings', params, FindingsResponse, opts)
export const useReadiness = (params: Params, opts?: Opts) => useApi('/api/reports/readiness', params, ReadinessResponse, opts)
export const useDrift = (params: Params, opts?: Opts) => useApi('/api/reports/drift', params, DriftResponse, opts)
export const usePrice = (params: Params, opts?: Opts) => useApi('/api/prices', params, PriceLookupResponse, opts)
