/**
 * @module store/settle-rows
 * Pure mapping of settled traces to rows of `trace_summaries`, `cost_facts` and `findings` (JSON
 * arrays, columns in the order listed).
 */
import type { Finding } from '../detect/types.ts'
import type { CostFact } from '../settle/cost-facts.ts'
import type { SettledTrace } from '../settle/settle-trace.ts'
import { costUnits } from '../settle/settle-span.ts'
import type { TraceTotals } from '../settle/summary.ts'

export const SUMMARY_COLUMNS = [
  'project_id',
  'trace_id',
  'version',
  'start_time',
  'end_time',
  'root_name',
  'service_names',
  'agent_names',
  'models',
  'providers',
  'span_count',
  'llm_calls',
  'tool_calls',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'cost_units',
  'unpriced_calls',
  'error_count',
  'session_id',
  'user_id',
  'finding_count',
  'running',
] as const

function summaryRow(projectId: string, version: number, running: boolean, t: TraceTotals): unknown[] {
  const s = t.summary
  return [
    projectId,
    s.traceId,
    version,
    s.startTimeUnixNano,
    t.endTimeUnixNano,
    s.rootName,
    s.serviceNames,
    s.agentNames,
    s.models,
    t.providers,
    s.spanCount,
    s.llmCalls,
    s.toolCalls,
    s.inputTokens,
    s.outputTokens,
    s.cacheReadTokens,
    t.cacheWriteTokens,
    s.reasoningTokens,
    t.costUnits.toString(),
    s.unpricedCalls,
    s.errorCount,
    s.sessionId ?? '',
    s.userId ?? '',
    s.findingCount,
    running,
  ]
}

export const FACT_COLUMNS = [
  'project_id',
  'trace_id',
  'version',
  'trace_start',
  'hour',
  'model',
  'provider',
  'service_name',
  'agent_name',
  'tool_name',
  'user_id',
  'session_id',
  'span_count',
  'llm_calls',
  'tool_calls',
  'tool_duration_ns',
  'error_count',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'cost_units',
  'unpriced_calls',
  'wasted_cost_units',
  'running',
  'call_errors',
] as const

function factRow(
  projectId: string,
  traceId: string,
  version: number,
  running: boolean,
  traceStart: string,
  f: CostFact,
): unknown[] {
  return [
    projectId,
    traceId,
    version,
    traceStart,
    Math.floor(f.hourMs / 1000),
    f.model,
    f.provider,
    f.serviceName,
    f.agentName,
    f.toolName,
    f.userId,
    f.sessionId,
    f.spanCount,
    f.llmCalls,
    f.toolCalls,
    f.toolDurationNs.toString(),
    f.errorCount,
    f.inputTokens,
    f.outputTokens,
    f.cacheReadTokens,
    f.cacheWriteTokens,
    f.reasoningTokens,
    f.costUnits.toString(),
    f.unpricedCalls,
    f.wastedCostUnits.toString(),
    running,
    f.callErrors,
  ]
}

export const FINDING_COLUMNS = [
  'project_id',
  'trace_id',
  'version',
  'trace_start',
  'detector',
  'severity',
  'message',
  'span_ids',
  'first_span_id',
  'last_span_id',
  'count',
  'wasted_tokens',
  'wasted_cost_units',
  'service_name',
  'agent_name',
  'running',
] as const

function findingRow(
  projectId: string,
  traceId: string,
  version: number,
  running: boolean,
  traceStart: string,
  f: Finding,
  where: { serviceName: string; agentName: string },
): unknown[] {
  return [
    projectId,
    traceId,
    version,
    traceStart,
    f.detector,
    f.severity,
    f.message,
    f.spanIds,
    f.firstSpanId,
    f.lastSpanId,
    f.count,
    f.wastedTokens,
    costUnits(f.wastedCostUsd).toString(),
    where.serviceName,
    where.agentName,
    running,
  ]
}

/** Every settled trace's rows, by table. */
export function settledRows(traces: readonly SettledTrace[]): {
  summaries: unknown[][]
  facts: unknown[][]
  findings: unknown[][]
} {
  const summaries: unknown[][] = []
  const facts: unknown[][] = []
  const findings: unknown[][] = []
  for (const t of traces) {
    const start = t.totals.summary.startTimeUnixNano
    summaries.push(summaryRow(t.projectId, t.version, t.running, t.totals))
    for (const f of t.facts) facts.push(factRow(t.projectId, t.traceId, t.version, t.running, start, f))
    for (const p of t.findings)
      findings.push(findingRow(t.projectId, t.traceId, t.version, t.running, start, p.finding, p))
  }
  return { summaries, facts, findings }
}
