/**
 * @module settle/settle-trace
 * One trace's settlement, from its spans: the decisions made over the whole trace (inherited agent
 * names, calls recorded twice), its loop findings, its summary and its cost facts. Pure; the
 * settler reads the spans, schedules the work and writes what this returns.
 */
import { detectFindings } from '../detect/detect.ts'
import type { DetectorConfig, Finding, StepHistory } from '../detect/types.ts'
import { fillFromLogs, type GenAiLog } from '../normalise/genai-logs.ts'
import { inheritAgentNames } from '../normalise/inherit.ts'
import { costFacts, type CostFact } from './cost-facts.ts'
import { markDuplicateCalls } from './duplicate-calls.ts'
import type { SettleSpan } from './settle-span.ts'
import { summariseTrace, type TraceTotals } from './summary.ts'

const NO_LOGS: ReadonlyMap<string, readonly GenAiLog[]> = new Map()

/** A finding with where it happened: the service and agent of its first span. */
export interface PlacedFinding {
  finding: Finding
  serviceName: string
  agentName: string
}

/** What settling one trace writes: its summary, cost facts and findings, under one version. */
export interface SettledTrace {
  projectId: string
  traceId: string
  version: number
  /** true for the provisional version of a trace still receiving spans (settle/live-trace.ts) */
  running: boolean
  totals: TraceTotals
  facts: CostFact[]
  findings: PlacedFinding[]
}

export interface TraceSettlement {
  settled: SettledTrace
  /** spans whose agent name or rollup flag settling changed: their records must be rewritten */
  changed: SettleSpan[]
  /** every span as settling decided it, in the order given */
  decided: SettleSpan[]
}

/**
 * Requires at least one span, all of the trace `traceId`. `logs`: the trace's GenAI event records
 * by span id; an LLM span with no input or output of its own takes what they hold.
 */
export function settleTrace(
  projectId: string,
  traceId: string,
  version: number,
  original: readonly SettleSpan[],
  detectors: Partial<DetectorConfig>,
  history: ReadonlyMap<string, StepHistory>,
  logs: ReadonlyMap<string, readonly GenAiLog[]> = NO_LOGS,
): TraceSettlement {
  const withContent = logs.size === 0 ? original : fillFromLogs(original, logs)
  const { spans } = markDuplicateCalls(inheritAgentNames(withContent))
  const changed: SettleSpan[] = []
  for (let i = 0; i < spans.length; i++) if (spans[i] !== original[i]) changed.push(spans[i]!)
  const detected = detectFindings(spans, detectors, history)
  const totals = summariseTrace(spans, detected.length)
  const wasted = new Set(detected.flatMap((f) => f.wastedSpanIds))
  const byId = new Map(spans.map((s) => [s.spanId, s]))
  const findings = detected.map((finding): PlacedFinding => {
    const first = byId.get(finding.firstSpanId)
    return { finding, serviceName: first?.serviceName ?? '', agentName: first?.agentName ?? '' }
  })
  return {
    settled: {
      projectId,
      traceId,
      version,
      running: false,
      totals,
      facts: costFacts(spans, totals.summary, wasted),
      findings,
    },
    changed,
    decided: spans,
  }
}
