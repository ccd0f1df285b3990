/**
 * @module api-routes
 * The query API's route table: each route's path, query schema and response schema. The
 * collector's handlers take their schemas from here and the OpenAPI document is generated from
 * it, so the documentation cannot drift from the code.
 */
import { z } from 'zod'
import {
  CostReportQuery,
  CostReportResponse,
  FacetsResponse,
  FindingsQuery,
  FindingsResponse,
  PriceLookupQuery,
  PriceLookupResponse,
  SessionDetailResponse,
  SessionListQuery,
  SessionListResponse,
  TimeRangeQuery,
  TimeseriesQuery,
  TimeseriesResponse,
  TraceDetailResponse,
  TraceListQuery,
  TraceListResponse,
} from './api.ts'
import {
  AlertRulesResponse,
  AlertsQuery,
  AlertsResponse,
  AlertTestQuery,
  AlertTestResponse,
  GuardResponse,
} from './alerts.ts'
import { DriftQuery, DriftResponse } from './drift.ts'
import { ReadinessQuery, ReadinessResponse } from './readiness.ts'

export interface ApiRoute {
  method: 'get' | 'post'
  /** OpenAPI path template */
  path: string
  summary: string
  pathParams?: Record<string, string>
  query: z.ZodObject
  response: z.ZodType
  /** extra response media types */
  alsoProduces?: string
}

export const API_ROUTES = {
  health: {
    method: 'get',
    path: '/api/health',
    summary: 'Ready to accept spans: 200 {status: "ok", pendingTraces, overdueTraces, runningTraces}, else 503',
    query: z.object({}),
    response: z.object({
      status: z.string(),
      pendingTraces: z.number().int().optional(),
      overdueTraces: z.number().int().optional(),
      runningTraces: z.number().int().optional(),
    }),
  },
  listTraces: {
    method: 'get',
    path: '/api/traces',
    summary: 'Trace summaries, filtered, sorted and paginated with a cursor',
    query: TraceListQuery,
    response: TraceListResponse,
  },
  getTrace: {
    method: 'get',
    path: '/api/traces/{traceId}',
    summary: 'One trace: its summary and every span',
    pathParams: { traceId: '32 lowercase hex characters' },
    query: z.object({}),
    response: TraceDetailResponse,
  },
  listSessions: {
    method: 'get',
    path: '/api/sessions',
    summary: 'Conversations across traces, most recently active first',
    query: SessionListQuery,
    response: SessionListResponse,
  },
  getSession: {
    method: 'get',
    path: '/api/sessions/{sessionId}',
    summary: 'A session and its traces, oldest first (default range: 30 days)',
    pathParams: { sessionId: 'the session id' },
    query: TimeRangeQuery,
    response: SessionDetailResponse,
  },
  costReport: {
    method: 'get',
    path: '/api/reports/cost',
    summary: 'Cost and tokens grouped by dimensions; rows sum to the totals',
    query: CostReportQuery,
    response: CostReportResponse,
    alsoProduces: 'text/csv',
  },
  timeseries: {
    method: 'get',
    path: '/api/reports/timeseries',
    summary: 'One metric over time buckets, optionally split by a dimension',
    query: TimeseriesQuery,
    response: TimeseriesResponse,
  },
  findings: {
    method: 'get',
    path: '/api/findings',
    summary: 'Loop and runaway findings in the range, most wasteful first, with wasted-cost totals',
    query: FindingsQuery,
    response: FindingsResponse,
  },
  readiness: {
    method: 'get',
    path: '/api/reports/readiness',
    summary: 'Per service and agent: the production-readiness checklist with verdicts, figures and example traces',
    query: ReadinessQuery,
    response: ReadinessResponse,
  },
  drift: {
    method: 'get',
    path: '/api/reports/drift',
    summary: 'Reference vs current window per agent and model: latency, tokens, cost, steps, retries and errors',
    query: DriftQuery,
    response: DriftResponse,
  },
  facets: {
    method: 'get',
    path: '/api/facets',
    summary: 'Distinct services, agents, models, providers, users and tools in the range',
    query: TimeRangeQuery,
    response: FacetsResponse,
  },
  prices: {
    method: 'get',
    path: '/api/prices',
    summary: 'The price-table entry a model name matches, and the rates in force at a time; match null: unpriced',
    query: PriceLookupQuery,
    response: PriceLookupResponse,
  },
  alerts: {
    method: 'get',
    path: '/api/alerts',
    summary: 'Alert history, newest first, with delivery status per channel',
    query: AlertsQuery,
    response: AlertsResponse,
  },
  alertRules: {
    method: 'get',
    path: '/api/alerts/rules',
    summary: "The alert rules in force (LOUPE_ALERTS_FILE), their channels without secrets, and each rule's state",
    query: z.object({}),
    response: AlertRulesResponse,
  },
  testAlert: {
    method: 'post',
    path: '/api/alerts/test',
    summary: 'Sends a test message to one channel now, once, and says whether it was delivered',
    query: AlertTestQuery,
    response: AlertTestResponse,
  },
  guard: {
    method: 'get',
    path: '/api/guard/{traceId}',
    summary: 'Should this running agent stop? continue or stop, with reasons, cost, steps and findings; from memory',
    pathParams: { traceId: '32 lowercase hex characters' },
    query: z.object({}),
    response: GuardResponse,
  },
} as const satisfies Record<string, ApiRoute>
