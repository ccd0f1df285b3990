/**
 * @module api
 * The query API's contract: every query string and every response body, as zod schemas. The
 * collector validates requests with them, generates its OpenAPI document from them, and the UI
 * and CLI parse responses with them, so the three cannot drift apart.
 */
import { z } from 'zod'
import { SpanId, TraceId, UnixNano } from './ids.ts'
import { Span } from './span.ts'

// ---------------------------------------------------------------------------------------------
// Query parameters

/** ISO-8601 or epoch milliseconds. */
export const TimeParam = z
  .string()
  .refine((v) => parseTime(v) !== null, 'must be an ISO-8601 date-time or epoch milliseconds')
  .transform((v) => parseTime(v)!)

function parseTime(v: string): number | null {
  if (/^\d{1,16}$/.test(v)) return Number(v)
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? null : ms
}

export const TimeRangeQuery = z.object({
  from: TimeParam.optional().describe('start of the range, ISO-8601 or epoch ms (default: 24 hours before `to`)'),
  to: TimeParam.optional().describe('end of the range, exclusive, ISO-8601 or epoch ms (default: now)'),
})

const csv = (what: string) => z.string().min(1).max(200).describe(what)

/** Filters shared by the trace list and the reports. */
export const FilterQuery = z
  .object({
    service: csv('service name'),
    agent: csv('agent name'),
    model: csv('model'),
    provider: csv('provider'),
    userId: csv('user id'),
    sessionId: csv('session id'),
  })
  .partial()

const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true')

export const TRACE_SORTS = ['startTime', 'durationMs', 'costUsd', 'spanCount'] as const

export const TraceListQuery = TimeRangeQuery.extend(FilterQuery.shape).extend({
  status: z.enum(['error']).optional().describe('`error`: only traces with at least one failed span'),
  minCostUsd: z.coerce.number().nonnegative().optional(),
  minDurationMs: z.coerce.number().nonnegative().optional(),
  q: z.string().min(1).max(200).optional().describe('text found in span names, tool names, inputs or outputs'),
  hasFindings: booleanParam.optional().describe('only traces with (or without) loop findings'),
  state: z
    .enum(['running', 'settled'])
    .optional()
    .describe('`running`: only traces still receiving spans; `settled`: only finished ones'),
  sort: z.enum(TRACE_SORTS).default('startTime'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().min(1).max(500).optional().describe('`nextCursor` of the previous page'),
})
export type TraceListQuery = z.infer<typeof TraceListQuery>

export const COST_DIMENSIONS = [
  'model',
  'provider',
  'service',
  'agent',
  'tool',
  'user',
  'session',
  'trace',
  'day',
  'hour',
] as const
export const CostDimension = z.enum(COST_DIMENSIONS)
export type CostDimension = z.infer<typeof CostDimension>

export const GroupByParam = z.string().transform((v, ctx) => {
  const dims = v
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
  const bad = dims.filter((d) => !(COST_DIMENSIONS as readonly string[]).includes(d))
  if (bad.length > 0 || dims.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown dimension ${bad.join(', ') || '(none)'}; use a comma list of ${COST_DIMENSIONS.join(', ')}`,
    })
    return z.NEVER
  }
  return [...new Set(dims)] as CostDimension[]
})

export const CostReportQuery = TimeRangeQuery.extend(FilterQuery.shape).extend({
  groupBy: GroupByParam.default(['model']).describe(`comma list of ${COST_DIMENSIONS.join(', ')}`),
  format: z.enum(['json', 'csv']).default('json'),
})
export type CostReportQuery = z.infer<typeof CostReportQuery>

export const TIMESERIES_METRICS = [
  'costUsd',
  'inputTokens',
  'outputTokens',
  'llmCalls',
  'errors',
  'p95DurationMs',
] as const
export const TimeseriesQuery = TimeRangeQuery.extend(FilterQuery.shape).extend({
  interval: z.enum(['minute', 'hour', 'day']).default('hour'),
  metric: z.enum(TIMESERIES_METRICS).default('costUsd'),
  groupBy: CostDimension.exclude(['day', 'hour', 'trace'])
    .optional()
    .describe('one dimension: the top N values plus "other"'),
  top: z.coerce.number().int().min(1).max(20).default(5),
})
export type TimeseriesQuery = z.infer<typeof TimeseriesQuery>

export const SessionListQuery = TimeRangeQuery.extend({
  userId: csv('user id').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().min(1).max(500).optional(),
})
export type SessionListQuery = z.infer<typeof SessionListQuery>

// ---------------------------------------------------------------------------------------------
// Responses

/** Totals count each LLM/embedding call once: rollup spans never add to them. */
export const TraceSummary = z.object({
  traceId: TraceId,
  rootName: z.string(),
  serviceNames: z.array(z.string()),
  agentNames: z.array(z.string()),
  models: z.array(z.string()),
  startTimeUnixNano: UnixNano,
  durationMs: z.number(),
  spanCount: z.number().int(),
  llmCalls: z.number().int(),
  toolCalls: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cacheReadTokens: z.number().int(),
  reasoningTokens: z.number().int(),
  costUsd: z.number(),
  unpricedCalls: z.number().int(),
  errorCount: z.number().int(),
  sessionId: z.string().nullable(),
  userId: z.string().nullable(),
  findingCount: z.number().int(),
  /** still receiving spans: what is known so far, settled once the trace is quiet */
  running: z.boolean(),
})
export type TraceSummary = z.infer<typeof TraceSummary>

export const TraceListResponse = z.object({
  traces: z.array(TraceSummary),
  nextCursor: z.string().nullable(),
})
export type TraceListResponse = z.infer<typeof TraceListResponse>

export const DETECTOR_IDS = [
  'repeated-tool-call',
  'repeated-error',
  'no-progress',
  'cycle',
  'near-duplicate-llm',
  'step-budget',
  'cost-without-progress',
] as const

/** A loop or runaway found in a trace, with the spans that show it and what the repetition wasted. */
export const Finding = z.object({
  detector: z.enum(DETECTOR_IDS),
  severity: z.enum(['warning', 'critical']),
  /** specific and human: `get_weather({"city":"Paris"}) called 7 times with identical arguments` */
  message: z.string(),
  spanIds: z.array(SpanId),
  firstSpanId: SpanId,
  lastSpanId: SpanId,
  count: z.number().int(),
  /** tokens and cost of everything after the first occurrence */
  wastedTokens: z.number().int(),
  wastedCostUsd: z.number(),
  /** the spans counted as wasted */
  wastedSpanIds: z.array(SpanId),
})
export type Finding = z.infer<typeof Finding>

export const FindingsQuery = TimeRangeQuery.extend({
  detector: z.enum(DETECTOR_IDS).optional(),
  severity: z.enum(['warning', 'critical']).optional(),
  service: csv('service name').optional(),
  agent: csv('agent name').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})
export type FindingsQuery = z.infer<typeof FindingsQuery>

/** A stored finding with where it happened (its wasted spans are in the trace's own findings). */
export const FindingRow = Finding.omit({ wastedSpanIds: true }).extend({
  traceId: TraceId,
  traceStartUnixNano: UnixNano,
  serviceName: z.string(),
  agentName: z.string(),
  /** found on a trace still running: settling may confirm, update or drop it */
  provisional: z.boolean(),
})
export type FindingRow = z.infer<typeof FindingRow>

export const FindingsResponse = z.object({
  /** most wasteful first */
  findings: z.array(FindingRow),
  totals: z.object({
    findings: z.number().int(),
    traces: z.number().int(),
    wastedTokens: z.number().int(),
    wastedCostUsd: z.number(),
    byDetector: z.array(
      z.object({ detector: z.enum(DETECTOR_IDS), findings: z.number().int(), wastedCostUsd: z.number() }),
    ),
  }),
})
export type FindingsResponse = z.infer<typeof FindingsResponse>

/**
 * A span as trace detail serves it. `countedIn`: for an LLM span that repeats a call another span
 * of the trace counts (two instrumentations of one call; `isRollup` is then true), that span's id.
 */
export const TraceSpan = Span.extend({ countedIn: SpanId.nullable() })
export type TraceSpan = z.infer<typeof TraceSpan>

/** A log record sent with the trace's context (OTLP logs), shown with its span and on the timeline. */
export const TraceLog = z.object({
  /** null when the record names the trace but no span */
  spanId: z.string().nullable(),
  timeUnixNano: UnixNano,
  severityNumber: z.number().int(),
  severityText: z.string(),
  /** the record's event name ('' for a plain log line), e.g. gen_ai.client.inference.operation.details */
  eventName: z.string(),
  /** a string body as it is, a structured one as JSON */
  body: z.string(),
  attributes: z.record(z.string(), z.string()),
})
export type TraceLog = z.infer<typeof TraceLog>

export const TraceDetailResponse = z.object({
  traceId: TraceId,
  summary: TraceSummary,
  spans: z.array(TraceSpan),
  findings: z.array(Finding),
  /** the trace's log records, oldest first (at most 5,000) */
  logs: z.array(TraceLog),
})
export type TraceDetailResponse = z.infer<typeof TraceDetailResponse>

export const SessionSummary = z.object({
  sessionId: z.string(),
  traceCount: z.number().int(),
  firstSeenUnixNano: UnixNano,
  lastSeenUnixNano: UnixNano,
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  errorCount: z.number().int(),
  userIds: z.array(z.string()),
  agentNames: z.array(z.string()),
  /** traces of the session still receiving spans */
  runningTraces: z.number().int(),
})
export type SessionSummary = z.infer<typeof SessionSummary>

export const SessionListResponse = z.object({
  sessions: z.array(SessionSummary),
  nextCursor: z.string().nullable(),
})

export const SessionDetailResponse = z.object({
  session: SessionSummary,
  /** the session's traces, oldest first: the turns of the conversation */
  traces: z.array(TraceSummary),
})
export type SessionDetailResponse = z.infer<typeof SessionDetailResponse>

export const CostMeasures = z.object({
  spanCount: z.number().int(),
  llmCalls: z.number().int(),
  toolCalls: z.number().int(),
  toolDurationMs: z.number(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cacheReadTokens: z.number().int(),
  cacheWriteTokens: z.number().int(),
  reasoningTokens: z.number().int(),
  costUsd: z.number(),
  unpricedCalls: z.number().int(),
  /** cost of the spans that loop findings count as wasted, each span once */
  wastedCostUsd: z.number(),
  /** the part of costUsd from traces still running (provisional until they settle) */
  runningCostUsd: z.number(),
})
export type CostMeasures = z.infer<typeof CostMeasures>

/** A row: its dimension values (by dimension name; '' where a span has none) and the measures. */
export const CostReportRow = CostMeasures.extend({
  dimensions: z.record(z.string(), z.string()),
})
export type CostReportRow = z.infer<typeof CostReportRow>

export const CostReportResponse = z.object({
  groupBy: z.array(CostDimension),
  from: z.string(),
  to: z.string(),
  rows: z.array(CostReportRow),
  totals: CostMeasures,
})
export type CostReportResponse = z.infer<typeof CostReportResponse>

export const TimeseriesResponse = z.object({
  metric: z.enum(TIMESERIES_METRICS),
  interval: z.enum(['minute', 'hour', 'day']),
  groupBy: z.string().nullable(),
  /** every bucket of the range, oldest first, empty ones included */
  buckets: z.array(z.string()),
  series: z.array(z.object({ key: z.string(), values: z.array(z.number()) })),
})
export type TimeseriesResponse = z.infer<typeof TimeseriesResponse>

export const FacetsResponse = z.object({
  services: z.array(z.string()),
  agents: z.array(z.string()),
  models: z.array(z.string()),
  providers: z.array(z.string()),
  users: z.array(z.string()),
  tools: z.array(z.string()),
})
export type FacetsResponse = z.infer<typeof FacetsResponse>

export const PriceLookupQuery = z.object({
  model: z.string().min(1).max(512).describe('a model name as spans carry it, for example openai/gpt-4o-2024-08-06'),
  at: TimeParam.optional().describe(
    'when the call started, ISO-8601 or epoch ms (default: now); picks announced price changes and peak hours',
  ),
  inputTokens: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("the request's input tokens, cached included (default 0); picks the long-context tier"),
})
export type PriceLookupQuery = z.infer<typeof PriceLookupQuery>

/** USD per 1,000,000 tokens, cache fallbacks applied. */
const PriceRates = z.object({ input: z.number(), output: z.number(), cacheRead: z.number(), cacheWrite: z.number() })
const PriceTiers = z.array(z.object({ aboveInputTokens: z.number().int(), rates: PriceRates }))

/** The price-table entry a model name matches (`match` null: the model is unpriced), as the cost engine uses it. */
export const PriceLookupResponse = z.object({
  model: z.string(),
  match: z
    .object({
      /** the table's name for it, its provider group, and which table it came from */
      model: z.string(),
      provider: z.string(),
      origin: z.enum(['bundled', 'user']),
      rates: PriceRates,
      tiers: PriceTiers,
      changes: z.array(z.object({ from: z.string(), rates: PriceRates, tiers: PriceTiers })),
      peak: z
        .object({
          factor: z.number(),
          weekdays: z.array(z.number().int()),
          hoursUtc: z.array(z.tuple([z.number().int(), z.number().int()])),
        })
        .nullable(),
      /** the rates a call that started at `at` with `inputTokens` of input pays: its tier (null: below every tier), and whether peak hours applied */
      ratesAt: z.object({
        at: z.string(),
        inputTokens: z.number().int(),
        aboveInputTokens: z.number().int().nullable(),
        peak: z.boolean(),
        rates: PriceRates,
      }),
    })
    .nullable(),
  /** the day each table was last checked */
  updated: z.object({ bundled: z.string(), user: z.string().nullable() }),
})
export type PriceLookupResponse = z.infer<typeof PriceLookupResponse>

export const ErrorResponse = z.object({ error: z.string() })

export const SpanRef = z.object({ traceId: TraceId, spanId: SpanId })
