/**
 * @module alerts/evaluate
 * Which subjects a rule fires for, from what Loupe already computed: a trace's settled (or
 * provisional) version for trace rules, a window's sums for windowed rules, and the readiness and
 * drift reports for scheduled rules. Pure; the engine (alerts/engine.ts) decides what is new.
 */
import { formatUsd, type AlertSubject, type DriftResponse, type ReadinessResponse } from '@loupe/schema'
import type { SettledTrace } from '../settle/settle-trace.ts'
import type { AlertRule, Condition, Per } from './rules.ts'

/** A rule holding for one subject. */
export interface Candidate {
  projectId: string
  rule: AlertRule
  subject: AlertSubject
  /** what else tells two alerts of one rule and subject apart (a readiness check, a drift feature) */
  detail: string
  traceId: string | null
  value: number
  threshold: number
  message: string
}

const SEVERITY_RANK = { warning: 1, critical: 2 } as const

/** Trace rules (finding, traceCostUsd) that hold for this version of a trace. */
export function traceCandidates(rules: readonly AlertRule[], t: SettledTrace): Candidate[] {
  const s = t.totals.summary
  const out: Candidate[] = []
  for (const rule of rules) {
    if (!matchesTrace(rule.filter, t)) continue
    const c = rule.condition
    const base = { projectId: t.projectId, rule, subject: { kind: 'trace' as const, value: t.traceId }, detail: '' }
    const who = `trace ${t.traceId.slice(0, 8)}…${s.agentNames.length > 0 ? ` (${s.agentNames.join(', ')})` : ''}`
    const still = t.running ? ', still running' : ''
    if (c.kind === 'traceCost' && s.costUsd > c.usd) {
      out.push({
        ...base,
        traceId: t.traceId,
        value: s.costUsd,
        threshold: c.usd,
        message: `${who} has cost ${formatUsd(s.costUsd)}, past ${formatUsd(c.usd)}${still}`,
      })
    }
    if (c.kind === 'finding') {
      const found = t.findings
        .map((p) => p.finding)
        .filter(
          (f) =>
            (c.detector === null || f.detector === c.detector) &&
            SEVERITY_RANK[f.severity] >= SEVERITY_RANK[c.minSeverity],
        )
        .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.count - a.count)[0]
      if (found !== undefined) {
        out.push({
          ...base,
          traceId: t.traceId,
          value: found.count,
          threshold: 0,
          message: `${who}: ${found.severity} ${found.detector}: ${found.message}${still}`,
        })
      }
    }
  }
  return out
}

function matchesTrace(filter: AlertRule['filter'], t: SettledTrace): boolean {
  const s = t.totals.summary
  return (
    (filter.project === undefined || filter.project === t.projectId) &&
    (filter.service === undefined || s.serviceNames.includes(filter.service)) &&
    (filter.agent === undefined || s.agentNames.includes(filter.agent)) &&
    (filter.model === undefined || s.models.includes(filter.model)) &&
    (filter.userId === undefined || s.userId === filter.userId) &&
    (filter.sessionId === undefined || s.sessionId === filter.sessionId)
  )
}

/** One subject's sums over a rule's window (query/alert-windows.ts). */
export interface WindowSums {
  projectId: string
  /** the value of the rule's `per` dimension ('' where spans carry none) */
  subject: string
  costUsd: number
  /** LLM and tool calls */
  calls: number
  errors: number
}

/** Windowed rules (costUsd, errorRate): the subjects over the threshold in this window. */
export function windowCandidates(rule: AlertRule, sums: readonly WindowSums[]): Candidate[] {
  const c = rule.condition
  if (c.kind !== 'cost' && c.kind !== 'errorRate') return []
  const out: Candidate[] = []
  const over = `over the last ${formatDuration(c.windowMs)}`
  for (const w of sums) {
    // spans with no user (or session, agent) are not one user: they never make a subject
    if (w.subject === '' && c.per !== 'project') continue
    const subject = { kind: c.per, value: c.per === 'project' ? w.projectId : w.subject }
    const name = `${PER_NOUN[c.per]} ${subject.value}`
    if (c.kind === 'cost' && w.costUsd > c.usd) {
      out.push({
        projectId: w.projectId,
        rule,
        subject,
        detail: '',
        traceId: null,
        value: w.costUsd,
        threshold: c.usd,
        message: `${name} has spent ${formatUsd(w.costUsd)} ${over}, past ${formatUsd(c.usd)}`,
      })
    }
    if (c.kind === 'errorRate' && w.calls >= c.minCalls && w.calls > 0 && w.errors / w.calls >= c.rate) {
      const rate = w.errors / w.calls
      out.push({
        projectId: w.projectId,
        rule,
        subject,
        detail: '',
        traceId: null,
        value: rate,
        threshold: c.rate,
        message: `${name}: ${w.errors} of ${w.calls} calls failed ${over} (${percent(rate)}, threshold ${percent(c.rate)})`,
      })
    }
  }
  return out
}

const PER_NOUN: Record<Per, string> = {
  userId: 'user',
  sessionId: 'session',
  agent: 'agent',
  service: 'service',
  project: 'project',
}

/** Readiness rules: each agent whose check (or any check) fails. */
export function readinessCandidates(rule: AlertRule, projectId: string, report: ReadinessResponse): Candidate[] {
  const c = rule.condition
  if (c.kind !== 'readiness') return []
  const out: Candidate[] = []
  for (const agent of report.agents) {
    if (!matchesGroup(rule.filter, projectId, agent.serviceName, agent.agentName)) continue
    if (c.agent !== null && agent.agentName !== c.agent) continue
    for (const check of agent.checks) {
      if (check.verdict !== 'fail' || (c.check !== null && check.id !== c.check)) continue
      const name = agent.agentName || '(no agent)'
      out.push({
        projectId,
        rule,
        subject: { kind: 'agent', value: name },
        detail: check.id,
        traceId: null,
        value: 1,
        threshold: 1,
        message: `agent ${name} (${agent.serviceName}) fails readiness check ${check.title}: ${check.summary}`,
      })
    }
  }
  return out
}

/** Drift rules: each agent and model whose feature (or any feature) drifted. */
export function driftCandidates(rule: AlertRule, projectId: string, report: DriftResponse): Candidate[] {
  const c = rule.condition
  if (c.kind !== 'drift') return []
  const out: Candidate[] = []
  for (const group of report.groups) {
    if (!matchesGroup(rule.filter, projectId, null, group.agentName)) continue
    if (c.agent !== null && group.agentName !== c.agent) continue
    if (rule.filter.model !== undefined && group.model !== rule.filter.model) continue
    for (const f of group.features) {
      if (!f.drifted || (c.feature !== null && f.feature !== c.feature)) continue
      const name = group.agentName || '(no agent)'
      out.push({
        projectId,
        rule,
        subject: { kind: 'agent', value: name },
        detail: `${group.model}/${f.feature}`,
        traceId: null,
        value: f.effectSize ?? 0,
        threshold: f.threshold,
        message: `agent ${name}${group.model ? ` on ${group.model}` : ''}: ${f.feature} drifted (effect ${round(f.effectSize ?? 0)}, threshold ${round(f.threshold)}, p ${round(f.pAdjusted ?? 1)})`,
      })
    }
  }
  return out
}

function matchesGroup(filter: AlertRule['filter'], projectId: string, service: string | null, agent: string): boolean {
  return (
    (filter.project === undefined || filter.project === projectId) &&
    (filter.service === undefined || service === null || service === filter.service) &&
    (filter.agent === undefined || agent === filter.agent)
  )
}

/** The condition in words, for the rules list. */
export function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'finding':
      return `a ${c.minSeverity === 'critical' ? 'critical' : 'warning or critical'} ${c.detector ?? 'finding'} on a trace`
    case 'traceCost':
      return `one trace costs more than ${formatUsd(c.usd)}`
    case 'cost':
      return `a ${PER_NOUN[c.per]} spends more than ${formatUsd(c.usd)} over ${formatDuration(c.windowMs)}`
    case 'errorRate':
      return `a ${PER_NOUN[c.per]}'s calls fail at ${percent(c.rate)} or more over ${formatDuration(c.windowMs)} (at least ${c.minCalls} calls)`
    case 'readiness':
      return `readiness check ${c.check ?? '(any)'} fails for ${c.agent === null ? 'an agent' : `agent ${c.agent}`}`
    case 'drift':
      return `${c.feature ?? 'a feature'} drifts for ${c.agent === null ? 'an agent' : `agent ${c.agent}`}`
  }
}

const DURATION_UNITS: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
]

function formatDuration(ms: number): string {
  const [size, unit] = DURATION_UNITS.find(([size]) => ms % size === 0) ?? [1000, 's']
  return `${ms / size}${unit}`
}

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
