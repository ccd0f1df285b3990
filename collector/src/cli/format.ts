/**
 * @module cli/format
 * Pure: responses → the machine formats. JSON is the validated response, pretty-printed, so
 * `jq` sees the API's own field names. CSV is written by the same `toCsv` the API uses, so a trace
 * list and a cost report read alike. Cost-report CSV comes from the server as is.
 */
import type { TraceListResponse, TraceSummary } from '@loupe/schema'
import { toCsv } from '../query/csv.ts'

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

/** One column per TraceSummary field; lists are joined with `;`, the time is also given as ISO. */
const TRACE_CSV: readonly [string, (t: TraceSummary) => string | number | null][] = [
  ['traceId', (t) => t.traceId],
  ['startTime', (t) => new Date(Number(BigInt(t.startTimeUnixNano) / 1_000_000n)).toISOString()],
  ['startTimeUnixNano', (t) => t.startTimeUnixNano],
  ['durationMs', (t) => t.durationMs],
  ['rootName', (t) => t.rootName],
  ['serviceNames', (t) => t.serviceNames.join(';')],
  ['agentNames', (t) => t.agentNames.join(';')],
  ['models', (t) => t.models.join(';')],
  ['spanCount', (t) => t.spanCount],
  ['llmCalls', (t) => t.llmCalls],
  ['toolCalls', (t) => t.toolCalls],
  ['inputTokens', (t) => t.inputTokens],
  ['outputTokens', (t) => t.outputTokens],
  ['cacheReadTokens', (t) => t.cacheReadTokens],
  ['reasoningTokens', (t) => t.reasoningTokens],
  ['costUsd', (t) => t.costUsd],
  ['unpricedCalls', (t) => t.unpricedCalls],
  ['errorCount', (t) => t.errorCount],
  ['sessionId', (t) => t.sessionId],
  ['userId', (t) => t.userId],
  ['findingCount', (t) => t.findingCount],
]

export function traceListCsv(list: TraceListResponse): string {
  return toCsv(
    TRACE_CSV.map(([name]) => name),
    list.traces.map((t) => TRACE_CSV.map(([, cell]) => cell(t))),
  )
}

/** Server text ends with exactly one newline, so `>> file` appends cleanly. */
export function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`
}
