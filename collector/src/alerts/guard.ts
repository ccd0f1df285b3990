/**
 * @module alerts/guard
 * The agent guard's answer: should the agent of this trace go on? Pure, over what the settler last
 * computed for the trace (its provisional version while it runs), the readiness policy and the
 * firing alerts of rules with `stop: true`. An agent calls it before each step, so it reads
 * memory only (alerts/engine.ts keeps the snapshots).
 */
import { formatUsd, type AlertSubject, type DETECTOR_IDS, type GuardResponse } from '@loupe/schema'
import { policyFor, type Policy } from '../readiness/types.ts'
import type { SettledTrace } from '../settle/settle-trace.ts'

/** What the guard knows of a trace. */
export interface TraceSnapshot {
  projectId: string
  traceId: string
  running: boolean
  costUsd: number
  steps: number
  agentNames: string[]
  serviceNames: string[]
  userId: string | null
  sessionId: string | null
  findings: GuardResponse['findings']
}

export function snapshotOf(t: SettledTrace): TraceSnapshot {
  const s = t.totals.summary
  return {
    projectId: t.projectId,
    traceId: t.traceId,
    running: t.running,
    costUsd: s.costUsd,
    steps: s.llmCalls + s.toolCalls,
    agentNames: s.agentNames,
    serviceNames: s.serviceNames,
    userId: s.userId,
    sessionId: s.sessionId,
    findings: t.findings.map(({ finding: f }) => ({ detector: f.detector, severity: f.severity, message: f.message })),
  }
}

/** A firing alert of a rule with `stop: true`. */
export interface StopAlert {
  projectId: string
  rule: string
  subject: AlertSubject
  message: string
}

/** Loops: a critical one means the agent is repeating itself, not merely long or costly. */
const LOOP_DETECTORS: ReadonlySet<string> = new Set<(typeof DETECTOR_IDS)[number]>([
  'repeated-tool-call',
  'repeated-error',
  'no-progress',
  'cycle',
  'near-duplicate-llm',
])

export function guardDecision(
  traceId: string,
  snap: TraceSnapshot | undefined,
  policy: Policy,
  stops: readonly StopAlert[],
): GuardResponse {
  if (snap === undefined)
    return {
      traceId,
      action: 'continue',
      reasons: [],
      costUsd: 0,
      steps: 0,
      findings: [],
      known: false,
      running: false,
    }
  const reasons: string[] = []
  // each agent of the trace is held to its own policy; a trace with none, to the defaults
  const agents = snap.agentNames.length > 0 ? snap.agentNames : ['']
  const budget = minOf(agents.map((a) => policyFor(policy, a).budgetUsd))
  if (budget !== null && snap.costUsd > budget)
    reasons.push(`cost ${formatUsd(snap.costUsd)} is past the budget of ${formatUsd(budget)} per trace`)
  const maxSteps = minOf(agents.map((a) => policyFor(policy, a).maxSteps))
  if (maxSteps !== null && snap.steps > maxSteps)
    reasons.push(`${snap.steps} steps are past the step limit of ${maxSteps}`)
  for (const f of snap.findings) {
    if (f.severity === 'critical' && LOOP_DETECTORS.has(f.detector))
      reasons.push(`critical ${f.detector}: ${f.message}`)
  }
  for (const a of stops) {
    if (a.projectId === snap.projectId && concerns(a.subject, snap)) reasons.push(`alert ${a.rule}: ${a.message}`)
  }
  return {
    traceId,
    action: reasons.length > 0 ? 'stop' : 'continue',
    reasons,
    costUsd: snap.costUsd,
    steps: snap.steps,
    findings: snap.findings,
    known: true,
    running: snap.running,
  }
}

function concerns(subject: AlertSubject, snap: TraceSnapshot): boolean {
  switch (subject.kind) {
    case 'trace':
      return subject.value === snap.traceId
    case 'userId':
      return subject.value === snap.userId
    case 'sessionId':
      return subject.value === snap.sessionId
    case 'agent':
      return snap.agentNames.includes(subject.value)
    case 'service':
      return snap.serviceNames.includes(subject.value)
    case 'project':
      return subject.value === snap.projectId
  }
}

function minOf(values: ReadonlyArray<number | null>): number | null {
  const set = values.filter((v): v is number => v !== null)
  return set.length === 0 ? null : Math.min(...set)
}
