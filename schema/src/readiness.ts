/**
 * @module readiness
 * The readiness report's contract: per service and agent, one row per checklist item with a
 * verdict, the figures behind it and example traces that show it. The collector computes it from
 * stored spans (collector/src/readiness); the UI and the CLI parse it with these schemas.
 */
import { z } from 'zod'
import { TimeRangeQuery } from './api.ts'
import { TraceId } from './ids.ts'

export const VERDICTS = ['pass', 'warn', 'fail', 'unknown'] as const
export const Verdict = z.enum(VERDICTS)
export type Verdict = z.infer<typeof Verdict>

/** The checklist, in the order the report lists it. */
export const CHECK_IDS = [
  'step-limit',
  'cost-budget',
  'tool-timeouts',
  'human-approval',
  'tool-allowlist',
  'observability',
  'graceful-degradation',
  'rate-limiting',
  'fallback',
  'guardrails',
] as const
export const CheckId = z.enum(CHECK_IDS)
export type CheckId = z.infer<typeof CheckId>

export const ReadinessQuery = TimeRangeQuery.extend({
  service: z.string().min(1).max(200).optional().describe('only this service'),
  agent: z.string().min(1).max(200).optional().describe('only this agent'),
})
export type ReadinessQuery = z.infer<typeof ReadinessQuery>

/** A small table behind a check (per tool, per model, …); cells are strings, numbers or null. */
export const FigureTable = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
})
export type FigureTable = z.infer<typeof FigureTable>

export const ReadinessCheck = z.object({
  id: CheckId,
  title: z.string(),
  verdict: Verdict,
  /** one sentence: why this verdict, with the deciding figure */
  summary: z.string(),
  /** named figures (null: not measurable in the window), e.g. {"stepsP95": 14, "limitErrors": 2} */
  figures: z.record(z.string(), z.number().nullable()),
  table: FigureTable.optional(),
  /** traces that show the verdict (the worst first), at most 5 */
  exampleTraceIds: z.array(TraceId),
})
export type ReadinessCheck = z.infer<typeof ReadinessCheck>

export const ReadinessAgent = z.object({
  serviceName: z.string(),
  /** '' for spans that belong to no agent */
  agentName: z.string(),
  traces: z.number().int(),
  spans: z.number().int(),
  /** the worst verdict of its checks, `unknown` counting as better than `warn` */
  verdict: Verdict,
  counts: z.object({
    pass: z.number().int(),
    warn: z.number().int(),
    fail: z.number().int(),
    unknown: z.number().int(),
  }),
  checks: z.array(ReadinessCheck),
})
export type ReadinessAgent = z.infer<typeof ReadinessAgent>

/** The policy in force, as the report applied it (from LOUPE_POLICY_FILE and the env). */
export const EffectivePolicy = z.object({
  source: z.string().nullable().describe('policy file path, null when only defaults and env apply'),
  budgetUsd: z.number().nullable(),
  toolTimeoutMs: z.number(),
  riskyToolPatterns: z.array(z.string()),
  allowedTools: z.array(z.string()).nullable(),
  /** agents with their own overrides */
  agents: z.array(z.string()),
})
export type EffectivePolicy = z.infer<typeof EffectivePolicy>

export const ReadinessResponse = z.object({
  from: z.string(),
  to: z.string(),
  /** settled traces in the range (after the service/agent filter) */
  tracesInRange: z.number().int(),
  /** traces read for the report: the newest ones, up to a cap */
  tracesAnalysed: z.number().int(),
  policy: EffectivePolicy,
  agents: z.array(ReadinessAgent),
})
export type ReadinessResponse = z.infer<typeof ReadinessResponse>
