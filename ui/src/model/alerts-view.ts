/**
 * @module model/alerts-view
 * The Alerts view (`/alerts`) and the navigation's firing marker, shaped from `/api/alerts/rules`
 * and `/api/alerts`: the URL filters, the marker's count, a rule's condition and an alert's
 * subject and measure in words, and each delivery's status as one line. Pure.
 *
 * An alert row does not carry its rule's kind, so how its value reads (dollars, a rate, a count)
 * comes from the rule of that name in force; an alert of a rule since removed from the file reads
 * as a plain number.
 */
import {
  ALERT_STATES,
  formatUsd,
  type AlertDelivery,
  type AlertRow,
  type AlertRulesResponse,
  type AlertState,
  type AlertTestResponse,
  type RuleView,
} from '@loupe/schema'
import { formatTime } from './format.ts'
import { formatAgo } from './running.ts'

export type RuleKind = RuleView['kind']

/** The most alerts the view asks for, newest first. */
export const ALERTS_LIMIT = 200

export const RULE_KIND_LABEL: Record<RuleKind, string> = {
  finding: 'Finding',
  traceCost: 'Trace cost',
  cost: 'Spend',
  errorRate: 'Error rate',
  readiness: 'Readiness',
  drift: 'Drift',
}

const SUBJECT_LABEL: Record<AlertRow['subject']['kind'], string> = {
  trace: 'trace',
  userId: 'user',
  sessionId: 'session',
  agent: 'agent',
  service: 'service',
  project: 'project',
}

export interface AlertFilters {
  rule?: string
  state?: AlertState
}

/** The URL's filters; an unknown state is dropped rather than sent (the API would refuse it). */
export function parseAlertFilters(params: URLSearchParams): AlertFilters {
  const out: AlertFilters = {}
  const rule = params.get('rule')?.trim()
  if (rule) out.rule = rule
  const state = params.get('state')
  if (state && (ALERT_STATES as readonly string[]).includes(state)) out.state = state as AlertState
  return out
}

/** The navigation's marker: how many rules fire now; null when none does (or nothing is known yet). */
export function firingMarker(
  view: Pick<AlertRulesResponse, 'rules'> | undefined,
): { count: number; label: string; title: string } | null {
  const firing = view?.rules.filter((r) => r.state === 'firing') ?? []
  if (firing.length === 0) return null
  const subjects = firing.reduce((n, r) => n + r.firingSubjects, 0)
  const rules = firing.length === 1 ? '1 alert rule' : `${firing.length} alert rules`
  return {
    count: firing.length,
    label: `${firing.length} firing`,
    title: `${rules} firing, for ${subjects === 1 ? '1 subject' : `${subjects} subjects`}: ${firing.map((r) => r.name).join(', ')}`,
  }
}

/** A rule's filter as `service=checkout, agent=planner`; '' when it has none. */
export function filterText(filter: Readonly<Record<string, string>>): string {
  return Object.entries(filter)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')
}

/** "10 s", "5 min", "1 h": how often a kind of rule is evaluated. */
export function formatEvery(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`
  return `${Math.round(ms / 3_600_000)} h`
}

/** An ISO instant in the UI's date-time format (model/format's `formatTime`). */
export function formatInstant(iso: string): string {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? iso : formatTime(String(BigInt(ms) * 1_000_000n))
}

export interface SubjectView {
  /** "trace", "user", "agent", … */
  kind: string
  value: string
  /** an in-app path that shows the subject (a trace, a session); null for the others */
  path: string | null
}

export function subjectView(alert: Pick<AlertRow, 'subject' | 'traceId'>): SubjectView {
  const { kind, value } = alert.subject
  const traceId = alert.traceId ?? (kind === 'trace' ? value : null)
  const path =
    traceId !== null
      ? `/traces/${encodeURIComponent(traceId)}`
      : kind === 'sessionId'
        ? `/sessions/${encodeURIComponent(value)}`
        : null
  return { kind: SUBJECT_LABEL[kind], value, path }
}

/** Each rule's kind by name, to read its alerts' values with. */
export function ruleKinds(view: Pick<AlertRulesResponse, 'rules'> | undefined): ReadonlyMap<string, RuleKind> {
  return new Map((view?.rules ?? []).map((r) => [r.name, r.kind]))
}

const round = (n: number) => String(Math.round(n * 1000) / 1000)
const percent = (n: number) => `${Math.round(n * 1000) / 10}%`

/**
 * An alert's value and the threshold it crossed, as the rule's kind reads them. A finding's value
 * is how often the step repeated and a readiness alert's is the failing check: neither has a
 * threshold to show.
 */
export function measure(
  alert: Pick<AlertRow, 'value' | 'threshold'>,
  kind: RuleKind | undefined,
): { value: string; threshold: string | null } {
  const { value, threshold } = alert
  switch (kind) {
    case 'traceCost':
    case 'cost':
      return { value: formatUsd(value), threshold: formatUsd(threshold) }
    case 'errorRate':
      return { value: percent(value), threshold: percent(threshold) }
    case 'finding':
      return { value: `${value}×`, threshold: null }
    case 'readiness':
      return { value: 'fails', threshold: null }
    case 'drift':
    case undefined:
      return { value: round(value), threshold: round(threshold) }
  }
}

export interface DeliveryLine {
  key: string
  channel: string
  status: AlertDelivery['status']
  /** what the cell says: "✓ delivered", "… pending: 2 attempts, next in 14 s", "✗ failed after 5 attempts: 500" */
  text: string
  /** more, on hover */
  title: string
}

const attemptsText = (n: number) => (n === 1 ? '1 attempt' : `${n} attempts`)

/** "in 14 s", "in 3 min", "now": when a pending delivery is next tried. */
function formatIn(ms: number): string {
  if (ms < 1000) return 'now'
  return `in ${formatAgo(ms).replace(/ ago$/, '')}`
}

/**
 * One line per delivery, the firing notice of each channel before its resolution. `nowMs` is when
 * the page reads it, for how long until a pending delivery's next attempt.
 */
export function deliveryLines(deliveries: readonly AlertDelivery[], nowMs: number): DeliveryLine[] {
  const order = (d: AlertDelivery) => (d.event === 'firing' ? 0 : 1)
  return [...deliveries]
    .map((d, i) => ({ d, i }))
    .sort((a, b) => order(a.d) - order(b.d) || a.i - b.i)
    .map(({ d }) => {
      const resolution = d.event === 'resolved' ? ' (resolved)' : ''
      const base = { key: `${d.channel}-${d.event}`, channel: `${d.channel}${resolution}`, status: d.status }
      const error = d.lastError === null ? '' : `; last error: ${d.lastError}`
      switch (d.status) {
        case 'delivered':
          return {
            ...base,
            text: '✓ delivered',
            title: `${d.type} ${d.channel}: delivered${d.deliveredAt ? ` ${formatInstant(d.deliveredAt)}` : ''} on attempt ${d.attempts}`,
          }
        case 'pending': {
          const next = d.nextAttemptAt === null ? null : Date.parse(d.nextAttemptAt) - nowMs
          const text =
            d.attempts === 0
              ? '… pending'
              : `… pending: ${attemptsText(d.attempts)}${next === null ? '' : `, next ${formatIn(next)}`}`
          return { ...base, text, title: `${d.type} ${d.channel}: not delivered yet${error}` }
        }
        case 'failed':
          return {
            ...base,
            text: `✗ failed after ${attemptsText(d.attempts)}: ${d.lastError ?? 'no answer'}`,
            title: `${d.type} ${d.channel}: given up${error}`,
          }
      }
    })
}

/** A channel test's answer in a few words. */
export function testResultText(r: AlertTestResponse): { ok: boolean; text: string } {
  if (r.delivered) return { ok: true, text: `✓ delivered${r.status === null ? '' : ` (HTTP ${r.status})`}` }
  const why = r.error ?? (r.status === null ? 'no answer' : `HTTP ${r.status}`)
  return { ok: false, text: `✗ not delivered: ${why}` }
}

/**
 * The rule filter's choices: the rules in force, then rules seen only in the alerts shown (since
 * removed from the file), then the selected one, which neither may list.
 */
export function ruleOptions(
  view: Pick<AlertRulesResponse, 'rules'> | undefined,
  alerts: readonly Pick<AlertRow, 'rule'>[],
  selected: string | undefined,
): string[] {
  const names = [...(view?.rules ?? []).map((r) => r.name), ...alerts.map((a) => a.rule)]
  if (selected !== undefined) names.push(selected)
  return [...new Set(names)]
}
