/**
 * @module alerts/engine
 * Fires, resolves and remembers alerts, and answers the guard.
 * - Trace rules (finding, traceCostUsd) are checked on every version of a trace the settler
 *   writes, provisional ones included, so they fire while the agent runs.
 * - Windowed rules (costUsd, errorRate) are checked every `windowedEveryMs` over their window's
 *   cost facts; readiness and drift rules every `scheduledEveryMs` over those reports.
 * An alert fires once per subject: its id is derived from the project, the rule and the subject
 * (and, for windowed rules, when the episode began), it is written before any channel is tried,
 * and an id already stored is never fired again, so restarts, re-settling and late spans do not
 * repeat it. A windowed alert resolves when its condition clears; a later crossing is a new one.
 */
import {
  type AlertRow,
  type AlertRulesResponse,
  type AlertsQuery,
  type AlertsResponse,
  type AlertTestResponse,
  DriftQuery,
  type GuardResponse,
  ReadinessQuery,
  type SUBJECT_KINDS,
} from '@loupe/schema'
import { createHash } from 'node:crypto'
import { log } from '../log.ts'
import {
  activeAlertsQuery,
  activeProjectsQuery,
  alertHistoryQuery,
  alertWindowQuery,
  deliveriesQuery,
  pendingDeliveriesQuery,
  storedAlertIdsQuery,
  type AlertRowOut,
  type AlertTables,
  type DeliveryRowOut,
  type WindowRowOut,
} from '../query/alerts.ts'
import { resolveDriftWindows } from '../query/drift.ts'
import type { QueryService } from '../query/query-service.ts'
import type { TimeRange } from '../query/time-range.ts'
import type { Policy } from '../readiness/types.ts'
import type { SettledTrace } from '../settle/settle-trace.ts'
import { unitsToUsd } from '../settle/settle-span.ts'
import type { AlertRecord, DeliveryRecord } from '../store/alert-rows.ts'
import type { SpanStore } from '../store/span-store.ts'
import { Deliverer, DEFAULT_DELIVERY, sendOnce, type DeliveryOptions } from './deliver.ts'
import {
  describeCondition,
  driftCandidates,
  readinessCandidates,
  traceCandidates,
  windowCandidates,
  type Candidate,
} from './evaluate.ts'
import { guardDecision, snapshotOf, type StopAlert, type TraceSnapshot } from './guard.ts'
import { slackMessage, webhookBody, type Alert } from './payload.ts'
import { redactedChannel, type AlertRule, type AlertRules } from './rules.ts'

export interface AlertEngineOptions {
  rules: AlertRules | null
  tables: AlertTables
  /** the UI's address, for links in alerts (read when an alert fires: the port is known once listening) */
  publicUrl: () => string
  policy: Policy
  windowedEveryMs: number
  scheduledEveryMs: number
  delivery?: Partial<DeliveryOptions>
  /** traces the guard remembers; past it, those updated longest ago are forgotten */
  maxSnapshots?: number
  now?: () => number
}

/** How long a trace alert counts toward its rule's firing state (a trace rule never resolves). */
const TRACE_FIRING_MS = 3_600_000
/** How long fired trace alerts are remembered without asking storage. */
const TRACE_MEMORY_MS = 86_400_000
/** Readiness and drift look at the last day, as their API defaults do. */
const SCHEDULED_RANGE_MS = 86_400_000

/** Trace alerts remembered; past it, the oldest are looked up in storage instead. */
const MAX_TRACE_ALERTS = 100_000
/** Enough to spare storage a lookup per refresh of each such trace; forgetting only costs one. */
const MAX_STORED_ELSEWHERE = 100_000

const key = (...parts: string[]) => parts.join('\u0000')

export class AlertEngine {
  private readonly snapshots = new Map<string, TraceSnapshot>()
  /** firing alerts of windowed and scheduled rules, by project, rule, subject and detail */
  private readonly firing = new Map<string, AlertRecord>()
  /** trace alerts fired in the last TRACE_MEMORY_MS, by id */
  private readonly traceAlerts = new Map<string, AlertRecord>()
  /** ids found already stored that this collector did not fire (another collector, or long ago) */
  private readonly storedElsewhere = new Set<string>()
  private readonly deliverer: Deliverer
  private readonly delivery: DeliveryOptions
  private work: Promise<unknown> = Promise.resolve()
  private timers: NodeJS.Timeout[] = []
  private lastVersion = 0
  private readonly now: () => number
  private readonly rules: readonly AlertRule[]

  constructor(
    private readonly store: SpanStore,
    private readonly queries: QueryService,
    private readonly opts: AlertEngineOptions,
  ) {
    this.now = opts.now ?? Date.now
    this.rules = opts.rules?.rules ?? []
    this.delivery = { ...DEFAULT_DELIVERY, ...opts.delivery }
    this.deliverer = new Deliverer(store, () => opts.rules?.channels ?? {}, this.delivery, this.now)
  }

  /** Reads back what was firing and what was still to be delivered, then starts the schedules. */
  async start(): Promise<void> {
    const active = await this.store.select<AlertRowOut>(
      ...built(activeAlertsQuery(this.opts.tables, this.now() - TRACE_MEMORY_MS)),
    )
    const ruleNames = new Set(this.rules.map((r) => r.name))
    const orphans: AlertRecord[] = []
    for (const row of active) {
      const a = fromRow(row)
      this.lastVersion = Math.max(this.lastVersion, a.version)
      if (a.subject.kind === 'trace') this.traceAlerts.set(a.id, a)
      else if (ruleNames.has(a.rule))
        this.firing.set(key(a.projectId, a.rule, a.subject.kind, a.subject.value, a.detail), a)
      // its rule left the file: nothing will check it again, so it ends here, without a notice
      else orphans.push({ ...a, version: this.nextVersion(), state: 'resolved', resolvedAtMs: this.now() })
    }
    await this.store.insertAlerts(orphans)
    const pending = await this.store.select<DeliveryRowOut>(...built(pendingDeliveriesQuery(this.opts.tables)))
    this.deliverer.enqueue(pending.map(deliveryFromRow))
    this.deliverer.start(200)
    if (this.rules.some((r) => r.condition.kind === 'cost' || r.condition.kind === 'errorRate'))
      this.every(this.opts.windowedEveryMs, () => this.checkWindows())
    if (this.rules.some((r) => r.condition.kind === 'readiness' || r.condition.kind === 'drift'))
      this.every(this.opts.scheduledEveryMs, () => this.checkScheduled())
    if (pending.length > 0 || active.length > 0)
      log.info('alerts resumed', { firing: active.length, pendingDeliveries: pending.length })
  }

  /** Runs a check every `ms`, skipping a turn while the last run is still queued or going. */
  private every(ms: number, run: () => Promise<void>): void {
    let busy = false
    const timer = setInterval(() => {
      if (busy) return
      busy = true
      this.work = this.work
        .then(run)
        .catch((err: unknown) => log.warn('alert check failed', { error: String(err) }))
        .finally(() => (busy = false))
    }, ms)
    timer.unref()
    this.timers.push(timer)
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t)
    this.timers = []
    await this.work
    await this.deliverer.stop()
  }

  /** The settler wrote these versions of traces: remember them for the guard and check trace rules. */
  onSettled(traces: readonly SettledTrace[]): void {
    const max = this.opts.maxSnapshots ?? 100_000
    const found: Candidate[] = []
    for (const t of traces) {
      const k = key(t.projectId, t.traceId)
      this.snapshots.delete(k)
      this.snapshots.set(k, snapshotOf(t))
      if (this.rules.length > 0) found.push(...traceCandidates(this.rules, t))
    }
    while (this.snapshots.size > max) this.snapshots.delete(this.snapshots.keys().next().value!)
    if (found.length === 0) return
    this.work = this.work
      .then(() => this.fireTraceAlerts(found))
      .catch((err: unknown) => log.warn('could not fire trace alerts', { error: String(err) }))
  }

  private async fireTraceAlerts(found: readonly Candidate[]): Promise<void> {
    const fresh = new Map<string, Candidate>()
    for (const c of found) {
      const id = alertId(c.projectId, c.rule.name, c.subject.kind, c.subject.value, c.detail)
      if (!this.traceAlerts.has(id) && !this.storedElsewhere.has(id)) fresh.set(id, c)
    }
    if (fresh.size === 0) return
    const byProject = new Map<string, string[]>()
    for (const [id, c] of fresh) byProject.set(c.projectId, [...(byProject.get(c.projectId) ?? []), id])
    for (const [projectId, ids] of byProject) {
      const stored = await this.store.select<{ id: string }>(
        ...built(storedAlertIdsQuery(this.opts.tables, projectId, ids)),
      )
      for (const { id } of stored) {
        fresh.delete(id)
        if (this.storedElsewhere.size >= MAX_STORED_ELSEWHERE) this.storedElsewhere.clear()
        this.storedElsewhere.add(id)
      }
    }
    const now = this.now()
    for (const [id, c] of fresh) {
      const a = await this.fire(id, c, now)
      this.traceAlerts.set(id, a)
      if (this.traceAlerts.size > MAX_TRACE_ALERTS) this.traceAlerts.delete(this.traceAlerts.keys().next().value!)
    }
    for (const [id, a] of this.traceAlerts) if (a.firedAtMs < now - TRACE_MEMORY_MS) this.traceAlerts.delete(id)
  }

  /** Writes a new alert and its deliveries, then hands them to the deliverer. */
  private async fire(id: string, c: Candidate, now: number): Promise<AlertRecord> {
    const a: AlertRecord = {
      projectId: c.projectId,
      id,
      version: this.nextVersion(),
      rule: c.rule.name,
      state: 'firing',
      subject: c.subject,
      detail: c.detail,
      traceId: c.traceId,
      value: c.value,
      threshold: c.threshold,
      message: c.message,
      link: this.link(c),
      stop: c.rule.stop,
      firedAtMs: now,
      resolvedAtMs: null,
    }
    await this.record(a, c.rule)
    log.info('alert fired', { rule: a.rule, subject: `${a.subject.kind}:${a.subject.value}`, id })
    return a
  }

  private async record(a: AlertRecord, rule: AlertRule): Promise<void> {
    const alert = toAlert(a)
    const deliveries = rule.notify.map((name): DeliveryRecord => {
      const type = this.opts.rules?.channels[name]?.type ?? 'webhook'
      return {
        projectId: a.projectId,
        alertId: a.id,
        event: a.state,
        channel: name,
        channelType: type,
        version: a.version,
        status: 'pending',
        attempts: 0,
        lastError: '',
        payload: type === 'slack' ? JSON.stringify(slackMessage(alert)) : webhookBody(alert),
        firedAtMs: a.resolvedAtMs ?? a.firedAtMs,
        nextAttemptAtMs: a.resolvedAtMs ?? a.firedAtMs,
        deliveredAtMs: null,
      }
    })
    // deliveries first: an alert stored without them would count as fired and never be sent
    await this.store.insertDeliveries(deliveries)
    await this.store.insertAlerts([a])
    this.deliverer.enqueue(deliveries)
  }

  private link(c: Candidate): string {
    const base = this.opts.publicUrl().replace(/\/+$/, '')
    const q = (name: string, value: string) => `?${name}=${encodeURIComponent(value)}`
    if (c.rule.condition.kind === 'readiness') return `${base}/readiness`
    if (c.rule.condition.kind === 'drift') return `${base}/drift`
    switch (c.subject.kind) {
      case 'trace':
        return `${base}/traces/${c.subject.value}`
      case 'sessionId':
        return `${base}/sessions/${encodeURIComponent(c.subject.value)}`
      case 'userId':
        return `${base}/traces${q('userId', c.subject.value)}`
      case 'agent':
        return `${base}/traces${q('agent', c.subject.value)}`
      case 'service':
        return `${base}/traces${q('service', c.subject.value)}`
      case 'project':
        return `${base}/costs`
    }
  }

  /** Windowed rules: fire for subjects over their threshold, resolve those no longer over it. */
  private async checkWindows(): Promise<void> {
    const now = this.now()
    for (const rule of this.rules) {
      const c = rule.condition
      if (c.kind !== 'cost' && c.kind !== 'errorRate') continue
      const range: TimeRange = { fromMs: now - c.windowMs, toMs: now + 1 }
      const rows = await this.store.select<WindowRowOut>(
        ...built(alertWindowQuery(this.opts.tables, c.per, rule.filter, range)),
      )
      const sums = rows.map((r) => ({
        projectId: r.projectId,
        subject: r.subject,
        costUsd: unitsToUsd(BigInt(r.costUnitsText)),
        calls: Number(r.calls),
        errors: Number(r.errors),
      }))
      await this.reconcile(rule, windowCandidates(rule, sums), null)
    }
  }

  /** Readiness and drift rules, over the last day of each project with traces in it. */
  private async checkScheduled(): Promise<void> {
    const now = this.now()
    const range: TimeRange = { fromMs: now - SCHEDULED_RANGE_MS, toMs: now + 1 }
    const projects = (
      await this.store.select<{ projectId: string }>(...built(activeProjectsQuery(this.opts.tables, range)))
    ).map((p) => p.projectId)
    for (const projectId of projects) {
      const readinessRules = this.rules.filter((r) => r.condition.kind === 'readiness')
      const driftRules = this.rules.filter((r) => r.condition.kind === 'drift')
      if (readinessRules.length > 0) {
        const report = await this.queries.readiness(projectId, ReadinessQuery.parse({}), range, this.opts.policy)
        for (const rule of readinessRules)
          await this.reconcile(rule, readinessCandidates(rule, projectId, report), projectId)
      }
      if (driftRules.length > 0) {
        const q = DriftQuery.parse({})
        const report = await this.queries.drift(projectId, q, resolveDriftWindows(q, now))
        for (const rule of driftRules) await this.reconcile(rule, driftCandidates(rule, projectId, report), projectId)
      }
    }
    // a project with no traces in the day has nothing failing or drifting any more
    for (const rule of this.rules) {
      if (rule.condition.kind !== 'readiness' && rule.condition.kind !== 'drift') continue
      for (const a of this.firingOf(rule)) if (!projects.includes(a.projectId)) await this.resolve(a, rule)
    }
  }

  /** Fires what is newly over its threshold and resolves what no longer is (in `projectId`, or all). */
  private async reconcile(rule: AlertRule, candidates: readonly Candidate[], projectId: string | null): Promise<void> {
    const now = this.now()
    const holding = new Set<string>()
    for (const c of candidates) {
      const k = key(c.projectId, rule.name, c.subject.kind, c.subject.value, c.detail)
      holding.add(k)
      if (this.firing.has(k)) continue
      const id = alertId(c.projectId, rule.name, c.subject.kind, c.subject.value, c.detail, String(now))
      this.firing.set(k, await this.fire(id, c, now))
    }
    for (const a of this.firingOf(rule)) {
      if (projectId !== null && a.projectId !== projectId) continue
      if (!holding.has(key(a.projectId, a.rule, a.subject.kind, a.subject.value, a.detail))) await this.resolve(a, rule)
    }
  }

  private firingOf(rule: AlertRule): AlertRecord[] {
    return [...this.firing.values()].filter((a) => a.rule === rule.name)
  }

  private async resolve(a: AlertRecord, rule: AlertRule): Promise<void> {
    const now = this.now()
    const resolved: AlertRecord = { ...a, version: this.nextVersion(), state: 'resolved', resolvedAtMs: now }
    await this.record(resolved, rule)
    this.firing.delete(key(a.projectId, a.rule, a.subject.kind, a.subject.value, a.detail))
    log.info('alert resolved', { rule: a.rule, subject: `${a.subject.kind}:${a.subject.value}`, id: a.id })
  }

  /** Should the agent of this trace stop? From memory only. */
  guard(projectId: string, traceId: string): GuardResponse {
    const stops: StopAlert[] = []
    // the rule as the file says now: one edited to stop: false, or removed, stops nothing
    const stopping = new Set(this.rules.filter((r) => r.stop).map((r) => r.name))
    for (const a of this.firing.values()) if (stopping.has(a.rule) && a.projectId === projectId) stops.push(a)
    for (const a of this.traceAlerts.values()) {
      if (stopping.has(a.rule) && a.projectId === projectId && a.subject.value === traceId) stops.push(a)
    }
    return guardDecision(traceId, this.snapshots.get(key(projectId, traceId)), this.opts.policy, stops)
  }

  async history(projectId: string, q: AlertsQuery, range: TimeRange): Promise<AlertsResponse> {
    const rows = (
      await this.store.select<AlertRowOut>(...built(alertHistoryQuery(this.opts.tables, projectId, q, range)))
    ).map(fromRow)
    const deliveries =
      rows.length === 0
        ? []
        : (
            await this.store.select<DeliveryRowOut>(
              ...built(
                deliveriesQuery(
                  this.opts.tables,
                  projectId,
                  rows.map((r) => r.id),
                ),
              ),
            )
          ).map(deliveryFromRow)
    const byAlert = new Map<string, DeliveryRecord[]>()
    for (const d of deliveries) byAlert.set(d.alertId, [...(byAlert.get(d.alertId) ?? []), d])
    return {
      from: new Date(range.fromMs).toISOString(),
      to: new Date(range.toMs).toISOString(),
      alerts: rows.map((a): AlertRow => ({
        ...toAlert(a),
        deliveries: (byAlert.get(a.id) ?? []).map((d) => ({
          channel: d.channel,
          type: d.channelType,
          event: d.event,
          status: d.status,
          attempts: d.attempts,
          lastError: d.lastError === '' ? null : d.lastError,
          nextAttemptAt: d.status === 'pending' ? new Date(d.nextAttemptAtMs).toISOString() : null,
          deliveredAt: d.deliveredAtMs === null ? null : new Date(d.deliveredAtMs).toISOString(),
        })),
      })),
    }
  }

  /** The rules in force and their state in one project. */
  rulesView(projectId: string): AlertRulesResponse {
    const now = this.now()
    const channels = Object.entries(this.opts.rules?.channels ?? {}).map(([name, c]) => ({
      ...redactedChannel(name, c),
      signed: c.type === 'webhook' && c.secret !== undefined,
    }))
    return {
      source: this.opts.rules?.source ?? null,
      windowedEveryMs: this.opts.windowedEveryMs,
      scheduledEveryMs: this.opts.scheduledEveryMs,
      channels,
      rules: this.rules.map((rule) => {
        const windowed = [...this.firing.values()].filter((a) => a.rule === rule.name && a.projectId === projectId)
        const traces = [...this.traceAlerts.values()].filter(
          (a) => a.rule === rule.name && a.projectId === projectId && a.firedAtMs >= now - TRACE_FIRING_MS,
        )
        const all = [...windowed, ...traces]
        const last = all.reduce((m, a) => Math.max(m, a.firedAtMs), -1)
        return {
          name: rule.name,
          kind: rule.condition.kind,
          condition: describeCondition(rule.condition),
          notify: rule.notify,
          stop: rule.stop,
          filter: { ...rule.filter },
          state: all.length > 0 ? ('firing' as const) : ('ok' as const),
          firingSubjects: all.length,
          lastFiredAt: last < 0 ? null : new Date(last).toISOString(),
        }
      }),
    }
  }

  /** Sends a test notice to one channel, once, now; nothing is stored. */
  async test(projectId: string, channelName: string): Promise<AlertTestResponse | null> {
    const channel = this.opts.rules?.channels[channelName]
    if (channel === undefined) return null
    const now = this.now()
    const alert: Alert = {
      id: `test-${now}`,
      rule: 'test',
      state: 'firing',
      subject: { kind: 'project', value: projectId },
      traceId: null,
      value: 0,
      threshold: 0,
      message: `a test message from Loupe to channel ${channelName}: it works`,
      link: this.opts.publicUrl(),
      stop: false,
      firedAt: new Date(now).toISOString(),
      resolvedAt: null,
    }
    const body = channel.type === 'slack' ? JSON.stringify(slackMessage(alert)) : webhookBody(alert)
    const result = await sendOnce(channel, body, this.delivery.timeoutMs, now)
    return { channel: channelName, delivered: result.ok, status: result.status, error: result.error }
  }

  private nextVersion(): number {
    this.lastVersion = Math.max(this.lastVersion + 1, this.now())
    return this.lastVersion
  }
}

function built(q: { sql: string; params: Record<string, unknown> }): [string, Record<string, unknown>] {
  return [q.sql, q.params]
}

/**
 * Deterministic: a trace rule's alert has the same id on any collector and after any restart. A
 * windowed episode's id also holds when this collector saw it begin.
 */
function alertId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)
}

function fromRow(r: AlertRowOut): AlertRecord {
  return {
    projectId: r.projectId,
    id: r.id,
    version: Number(r.version),
    rule: r.rule,
    state: r.state === 'resolved' ? 'resolved' : 'firing',
    subject: { kind: r.subjectKind as (typeof SUBJECT_KINDS)[number], value: r.subjectValue },
    detail: r.detail,
    traceId: r.traceId === '' ? null : r.traceId,
    value: Number(r.value),
    threshold: Number(r.threshold),
    message: r.message,
    link: r.link,
    stop: r.stop === true || r.stop === 1,
    firedAtMs: Number(r.firedAtMs),
    resolvedAtMs: r.resolvedAtMs === null ? null : Number(r.resolvedAtMs),
  }
}

function deliveryFromRow(r: DeliveryRowOut): DeliveryRecord {
  return {
    projectId: r.projectId,
    alertId: r.alertId,
    event: r.event === 'resolved' ? 'resolved' : 'firing',
    channel: r.channel,
    channelType: r.channelType === 'slack' ? 'slack' : 'webhook',
    version: Number(r.version),
    status: r.status === 'delivered' ? 'delivered' : r.status === 'failed' ? 'failed' : 'pending',
    attempts: Number(r.attempts),
    lastError: r.lastError,
    payload: r.payload,
    firedAtMs: Number(r.firedAtMs),
    nextAttemptAtMs: Number(r.nextAttemptAtMs),
    deliveredAtMs: r.deliveredAtMs === null ? null : Number(r.deliveredAtMs),
  }
}

function toAlert(a: AlertRecord): Alert {
  return {
    id: a.id,
    rule: a.rule,
    state: a.state,
    subject: a.subject,
    traceId: a.traceId,
    value: a.value,
    threshold: a.threshold,
    message: a.message,
    link: a.link,
    stop: a.stop,
    firedAt: new Date(a.firedAtMs).toISOString(),
    resolvedAt: a.resolvedAtMs === null ? null : new Date(a.resolvedAtMs).toISOString(),
  }
}
