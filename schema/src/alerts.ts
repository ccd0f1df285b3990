/**
 * @module alerts
 * The contracts of alerts and the agent guard: alert history with delivery status per channel,
 * the rules in force with their current state, a channel test, and the guard's answer.
 */
import { z } from 'zod'
import { TimeRangeQuery } from './api.ts'
import { TraceId } from './ids.ts'

export const ALERT_STATES = ['firing', 'resolved'] as const
export const AlertState = z.enum(ALERT_STATES)
export type AlertState = z.infer<typeof AlertState>

/** What a rule fires for: one trace, or one value of a windowed rule's `per` (a project, a user, …). */
export const SUBJECT_KINDS = ['trace', 'userId', 'sessionId', 'agent', 'service', 'project'] as const
export const AlertSubject = z.object({
  kind: z.enum(SUBJECT_KINDS),
  value: z.string(),
})
export type AlertSubject = z.infer<typeof AlertSubject>

const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const
export const AlertDelivery = z.object({
  channel: z.string(),
  type: z.enum(['webhook', 'slack']),
  /** which notice: the firing, or the resolution of a windowed rule */
  event: AlertState,
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /** when the next attempt is due (pending only) */
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
})
export type AlertDelivery = z.infer<typeof AlertDelivery>

export const AlertRow = z.object({
  id: z.string(),
  rule: z.string(),
  state: AlertState,
  subject: AlertSubject,
  /** the trace the alert is about, when it is about one */
  traceId: TraceId.nullable(),
  value: z.number(),
  threshold: z.number(),
  /** one line a person understands */
  message: z.string(),
  /** where to look, in the UI */
  link: z.string(),
  /** the rule asks the guard to stop the subject's agents */
  stop: z.boolean(),
  firedAt: z.string(),
  resolvedAt: z.string().nullable(),
  deliveries: z.array(AlertDelivery),
})
export type AlertRow = z.infer<typeof AlertRow>

export const AlertsQuery = TimeRangeQuery.extend({
  rule: z.string().min(1).max(200).optional().describe('a rule name'),
  state: AlertState.optional(),
  subject: z.string().min(1).max(500).optional().describe("the subject's value: a trace id, a user id, an agent, …"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})
export type AlertsQuery = z.infer<typeof AlertsQuery>

export const AlertsResponse = z.object({
  from: z.string(),
  to: z.string(),
  /** newest first */
  alerts: z.array(AlertRow),
})
export type AlertsResponse = z.infer<typeof AlertsResponse>

/** A channel as the API shows it: never its full URL or its secret. */
export const ChannelView = z.object({
  name: z.string(),
  type: z.enum(['webhook', 'slack']),
  /** the URL's scheme and host only */
  target: z.string(),
  signed: z.boolean(),
})
export type ChannelView = z.infer<typeof ChannelView>

export const RuleView = z.object({
  name: z.string(),
  kind: z.enum(['finding', 'traceCost', 'cost', 'errorRate', 'readiness', 'drift']),
  /** the condition in words, e.g. "costUsd ≥ 20 per userId over 1d" */
  condition: z.string(),
  notify: z.array(z.string()),
  stop: z.boolean(),
  filter: z.record(z.string(), z.string()),
  /** firing while at least one subject fires */
  state: z.enum(['firing', 'ok']),
  firingSubjects: z.number().int(),
  lastFiredAt: z.string().nullable(),
})
export type RuleView = z.infer<typeof RuleView>

export const AlertRulesResponse = z.object({
  /** the rules file, null when LOUPE_ALERTS_FILE is not set */
  source: z.string().nullable(),
  /** how often windowed rules, and readiness and drift rules, are evaluated */
  windowedEveryMs: z.number().int(),
  scheduledEveryMs: z.number().int(),
  channels: z.array(ChannelView),
  rules: z.array(RuleView),
})
export type AlertRulesResponse = z.infer<typeof AlertRulesResponse>

export const AlertTestQuery = z.object({
  channel: z.string().min(1).max(200).describe('a channel name from the rules file'),
})

export const AlertTestResponse = z.object({
  channel: z.string(),
  delivered: z.boolean(),
  /** the receiver's HTTP status, null when it never answered */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
})
export type AlertTestResponse = z.infer<typeof AlertTestResponse>

const GuardFinding = z.object({
  detector: z.string(),
  severity: z.enum(['warning', 'critical']),
  message: z.string(),
})

export const GuardResponse = z.object({
  traceId: TraceId,
  action: z.enum(['continue', 'stop']),
  /** why stop, one sentence each; empty for continue */
  reasons: z.array(z.string()),
  costUsd: z.number(),
  /** LLM and tool calls so far */
  steps: z.number().int(),
  findings: z.array(GuardFinding),
  /** false when Loupe has not seen the trace yet (its first spans may still be on their way) */
  known: z.boolean(),
  running: z.boolean(),
})
export type GuardResponse = z.infer<typeof GuardResponse>
