/**
 * @module query/trace-detail
 * A trace's detail from its stored spans, with the settler's own decisions (inherited agent names,
 * repeated calls), detectors and summary, so detail and lists agree, even for a trace still waiting
 * to settle. Pure; the query service reads the spans and the agents' step history.
 */
import type { Span, TraceDetailResponse, TraceLog, TraceSpan } from '@loupe/schema'
import { detectFindings } from '../detect/detect.ts'
import type { DetectorConfig, StepHistory } from '../detect/types.ts'
import { bySpan, fillFromLogs, isGenAiEvent } from '../normalise/genai-logs.ts'
import { inheritAgentNames } from '../normalise/inherit.ts'
import type { SpanRecord } from '../normalise/span-record.ts'
import { countingSpan, markDuplicateCalls, type NotCounted } from '../settle/duplicate-calls.ts'
import { summariseTrace } from '../settle/summary.ts'

/** Requires at least one span. Every span leaves without its project id. */
export function traceDetail(
  traceId: string,
  records: readonly SpanRecord[],
  logs: readonly TraceLog[],
  detectors: Partial<DetectorConfig>,
  history: ReadonlyMap<string, StepHistory>,
  running: boolean,
): TraceDetailResponse {
  // what settling fills from GenAI log records, filled here too: detail shows it before the trace settles
  const genAi = logs.filter((l): l is TraceLog & { spanId: string } => l.spanId !== null && isGenAiEvent(l.eventName))
  const withContent = fillFromLogs(records, bySpan(genAi))
  const { spans, notCounted } = markDuplicateCalls(inheritAgentNames(withContent))
  const findings = detectFindings(spans, detectors, history)
  return {
    traceId,
    summary: { ...summariseTrace(spans, findings.length).summary, running },
    spans: spans.map((s) => toTraceSpan(s, notCounted)),
    findings,
    logs: [...logs],
  }
}

function toTraceSpan(record: SpanRecord, notCounted: ReadonlyMap<string, NotCounted>): TraceSpan {
  const { projectId: _projectId, ...span } = record
  const countedIn = notCounted.has(record.spanId) ? countingSpan(record.spanId, notCounted) : null
  return Object.assign<Span, { countedIn: string | null }>(span, { countedIn })
}
