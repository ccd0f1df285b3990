/**
 * @module cli/format
 * Pure: responses → the machine formats. JSON is the validated response, pretty-printed, so
 * `jq` sees the API's own field names. CSV is written by the same `toCsv` the API uses, so a trace
 * list and a cost report read alike. Cost-report CSV comes from the server as is; the readiness and
 * drift APIs answer JSON only, so their CSV is written here.
 */
import type { DriftResponse, ReadinessResponse, TraceListResponse, TraceSummary } from '@loupe/schema'
import { toCsv } from '../query/csv.ts'
import { driftRows } from './drift-table.ts'

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
  ['running', (t) => (t.running ? 'true' : 'false')],
]

export function traceListCsv(list: TraceListResponse): string {
  return toCsv(
    TRACE_CSV.map(([name]) => name),
    list.traces.map((t) => TRACE_CSV.map(([, cell]) => cell(t))),
  )
}

/**
 * One line per (service, agent, check). Figures are `key=value` joined with `;` in the server's
 * order, a figure that could not be measured as `key=` (empty, unlike a measured 0).
 */
export function readinessCsv(report: ReadinessResponse): string {
  const header = ['service', 'agent', 'check', 'title', 'verdict', 'summary', 'figures', 'exampleTraceIds']
  const rows = report.agents.flatMap((a) =>
    a.checks.map((c) => [
      a.serviceName,
      a.agentName,
      c.id,
      c.title,
      c.verdict,
      c.summary,
      Object.entries(c.figures)
        .map(([key, value]) => `${key}=${value ?? ''}`)
        .join(';'),
      c.exampleTraceIds.join(';'),
    ]),
  )
  return toCsv(header, rows)
}

/**
 * The drift table's rows and columns with raw numbers: p is the adjusted one, empty when not
 * tested; p50Ref/p50Cur for the continuous features, rateRef/rateCur for the rates.
 */
export function driftCsv(report: DriftResponse): string {
  const header = [
    'agent',
    'model',
    'feature',
    'test',
    'nRef',
    'nCur',
    'statistic',
    'pAdjusted',
    'effectSize',
    'threshold',
    'verdict',
    'p50Ref',
    'p50Cur',
    'rateRef',
    'rateCur',
  ]
  const rows = driftRows(report).map(({ agentName, model, feature: f, verdict }) => [
    agentName,
    model,
    f.feature,
    f.test,
    f.nRef,
    f.nCur,
    f.statistic,
    f.pAdjusted,
    f.effectSize,
    f.threshold,
    verdict,
    f.quantiles.ref?.p50 ?? null,
    f.quantiles.cur?.p50 ?? null,
    f.rateRef,
    f.rateCur,
  ])
  return toCsv(header, rows)
}

/** Server text ends with exactly one newline, so `>> file` appends cleanly. */
export function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`
}
