/**
 * @module store/alert-rows
 * Alerts and their deliveries as stored (`alerts`, `alert_deliveries`, migration 008), and their
 * mapping to rows (JSON arrays, columns in the order listed). Pure.
 */
import type { AlertState, AlertSubject } from '@loupe/schema'

export interface AlertRecord {
  projectId: string
  id: string
  /** each change (fired, resolved) is written under a newer version */
  version: number
  rule: string
  state: AlertState
  subject: AlertSubject
  /** what else tells two alerts of one rule and subject apart (a readiness check, a drift feature) */
  detail: string
  traceId: string | null
  value: number
  threshold: number
  message: string
  link: string
  stop: boolean
  firedAtMs: number
  resolvedAtMs: number | null
}

type DeliveryStatus = 'pending' | 'delivered' | 'failed'

/** One notice (the firing, or the resolution) to one channel, and how its delivery stands. */
export interface DeliveryRecord {
  projectId: string
  alertId: string
  event: AlertState
  channel: string
  channelType: 'webhook' | 'slack'
  version: number
  status: DeliveryStatus
  attempts: number
  lastError: string
  /** the exact body to send: the same bytes after a restart */
  payload: string
  /** when the notice was raised (the alert fired, or resolved): retries give up 24 h after it */
  firedAtMs: number
  nextAttemptAtMs: number
  deliveredAtMs: number | null
}

export const ALERT_COLUMNS = [
  'project_id',
  'alert_id',
  'version',
  'rule',
  'state',
  'subject_kind',
  'subject_value',
  'detail',
  'trace_id',
  'value',
  'threshold',
  'message',
  'link',
  'stop',
  'fired_at',
  'resolved_at',
] as const

export const DELIVERY_COLUMNS = [
  'project_id',
  'alert_id',
  'event',
  'channel',
  'version',
  'channel_type',
  'status',
  'attempts',
  'last_error',
  'payload',
  'fired_at',
  'next_attempt_at',
  'delivered_at',
] as const

/** DateTime64(3, 'UTC') as the engine reads it from JSON in any input format setting. */
function dateTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '')
}

export function alertRow(a: AlertRecord): unknown[] {
  return [
    a.projectId,
    a.id,
    a.version,
    a.rule,
    a.state,
    a.subject.kind,
    a.subject.value,
    a.detail,
    a.traceId ?? '',
    a.value,
    a.threshold,
    a.message,
    a.link,
    a.stop,
    dateTime(a.firedAtMs),
    a.resolvedAtMs === null ? null : dateTime(a.resolvedAtMs),
  ]
}

export function deliveryRow(d: DeliveryRecord): unknown[] {
  return [
    d.projectId,
    d.alertId,
    d.event,
    d.channel,
    d.version,
    d.channelType,
    d.status,
    d.attempts,
    d.lastError,
    d.payload,
    dateTime(d.firedAtMs),
    dateTime(d.nextAttemptAtMs),
    d.deliveredAtMs === null ? null : dateTime(d.deliveredAtMs),
  ]
}
