/**
 * @module cli/table
 * Pure: API responses → aligned text tables for people. Numbers are right-aligned with thousands
 * separators, costs are dollars with as many decimals as the column's smallest amount needs (so
 * decimal points line up), long names and ids
 * are cut to a width (ids in the middle, so both ends stay recognisable), and a totals line
 * closes the table. Scripts should use `--format csv|json`: this layout may change.
 */
import {
  formatUsd,
  usdDecimals,
  type CostMeasures,
  type CostReportResponse,
  type TraceListResponse,
  type TraceSummary,
} from '@loupe/schema'

export interface Column {
  header: string
  align: 'left' | 'right'
}

const GAP = '  '

/**
 * Columns padded to their widest cell, two spaces apart, trailing spaces trimmed. `totals`, if
 * given, follows a dashed rule. Widths count code points, so CJK and emoji may misalign.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  totals?: readonly string[],
): string {
  const all = totals ? [...rows, totals] : rows
  const widths = columns.map((c, i) => Math.max(length(c.header), ...all.map((r) => length(r[i] ?? ''))))
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => pad(cells[i] ?? '', widths[i] ?? 0, c.align))
      .join(GAP)
      .trimEnd()
  const out = [line(columns.map((c) => c.header)), ...rows.map(line)]
  if (totals) out.push(widths.map((w) => '-'.repeat(w)).join(GAP), line(totals))
  return `${out.join('\n')}\n`
}

// ---------------------------------------------------------------------------------------------
// Cells

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** `1234567` → `1,234,567` (always en-US, so output does not depend on the machine's locale). */
export function formatInt(n: number): string {
  return INT.format(n)
}

/** A column of amounts (formatUsd), all with the decimals its smallest non-zero amount needs. */
export function formatUsdColumn(amounts: readonly number[]): string[] {
  const decimals = Math.max(2, ...amounts.map(usdDecimals))
  return amounts.map((usd) => formatUsd(usd, decimals))
}

/** `350ms`, `4.2s`, `2m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1) return ms > 0 ? '<1ms' : '0ms'
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)}s`
  const totalSeconds = Math.round(ms / 1000)
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)}m${two(totalSeconds % 60)}s`
  const totalMinutes = Math.round(totalSeconds / 60)
  return `${Math.floor(totalMinutes / 60)}h${two(totalMinutes % 60)}m`
}

/** Unix nanoseconds (decimal string) → `2025-01-31 09:15:02`, UTC. */
export function formatTimestamp(unixNano: string): string {
  const ms = Number(BigInt(unixNano) / 1_000_000n)
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

/** Cuts the middle out of a long id, keeping its start and end: `sess-0123…cdef`. */
export function truncateMiddle(text: string, max: number): string {
  const chars = [...text]
  if (chars.length <= max) return text
  const head = Math.ceil((max - 1) / 2)
  const tail = max - 1 - head
  return `${chars.slice(0, head).join('')}…${tail > 0 ? chars.slice(-tail).join('') : ''}`
}

/** Cuts the end off a long name: `plan the next…`. */
export function truncateEnd(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

// ---------------------------------------------------------------------------------------------
// Layouts

/** Wide enough for a whole trace id (32), which people copy into the UI. */
const ID_WIDTH = 40

type Measure = keyof CostMeasures

/** Always-shown measures, then ones shown only when some row has them, so the table stays narrow. */
const COST_COLUMNS: readonly { header: string; measure: Measure; always: boolean; usd?: true }[] = [
  { header: 'llm calls', measure: 'llmCalls', always: true },
  { header: 'tool calls', measure: 'toolCalls', always: false },
  { header: 'input tokens', measure: 'inputTokens', always: true },
  { header: 'output tokens', measure: 'outputTokens', always: true },
  { header: 'cache read', measure: 'cacheReadTokens', always: false },
  { header: 'cache write', measure: 'cacheWriteTokens', always: false },
  { header: 'reasoning', measure: 'reasoningTokens', always: false },
  { header: 'cost', measure: 'costUsd', always: true, usd: true },
  { header: 'still running', measure: 'runningCostUsd', always: false, usd: true },
  { header: 'unpriced calls', measure: 'unpricedCalls', always: false },
]

/** One row per group in the server's order, a column per dimension, then the totals. */
export function costReportTable(report: CostReportResponse): string {
  const dims = report.groupBy.length > 0 ? report.groupBy : ['']
  const measures = COST_COLUMNS.filter((c) => c.always || report.totals[c.measure] !== 0)
  const columns: Column[] = [
    ...dims.map((d) => ({ header: d, align: 'left' as const })),
    ...measures.map((m) => ({ header: m.header, align: 'right' as const })),
  ]
  const measured: CostMeasures[] = [...report.rows, report.totals]
  const usd = new Map(
    measures.filter((c) => c.usd).map((c) => [c.measure, formatUsdColumn(measured.map((m) => m[c.measure]))]),
  )
  const cells = (m: CostMeasures, i: number) =>
    measures.map((c) => (c.usd ? (usd.get(c.measure)?.[i] ?? '') : formatInt(m[c.measure])))
  const rows = report.rows.map((r, i) => [...dims.map((d) => dimensionCell(r.dimensions[d])), ...cells(r, i)])
  const totals = ['total', ...dims.slice(1).map(() => ''), ...cells(report.totals, report.rows.length)]
  return renderTable(columns, rows, totals)
}

const TRACE_COLUMNS: readonly Column[] = [
  { header: 'trace', align: 'left' },
  { header: 'start (UTC)', align: 'left' },
  { header: 'duration', align: 'right' },
  { header: 'root', align: 'left' },
  { header: 'service', align: 'left' },
  { header: 'models', align: 'left' },
  { header: 'llm calls', align: 'right' },
  { header: 'tool calls', align: 'right' },
  { header: 'input tokens', align: 'right' },
  { header: 'output tokens', align: 'right' },
  { header: 'cost', align: 'right' },
  { header: 'errors', align: 'right' },
]

/** One row per trace; the totals line sums the listed traces only, not the whole range. */
export function traceListTable(list: TraceListResponse): string {
  const sum = (f: (t: TraceSummary) => number) => list.traces.reduce((acc, t) => acc + f(t), 0)
  const usd = formatUsdColumn([...list.traces.map((t) => t.costUsd), sum((t) => t.costUsd)])
  const rows = list.traces.map((t, i) => [
    truncateMiddle(t.traceId, ID_WIDTH),
    formatTimestamp(t.startTimeUnixNano),
    t.running ? `${formatDuration(t.durationMs)} running` : formatDuration(t.durationMs),
    truncateEnd(t.rootName, 32),
    truncateEnd(t.serviceNames.join(', '), 20),
    truncateEnd(t.models.join(', '), 24),
    formatInt(t.llmCalls),
    formatInt(t.toolCalls),
    formatInt(t.inputTokens),
    formatInt(t.outputTokens),
    usd[i] ?? '',
    formatInt(t.errorCount),
  ])
  const n = list.traces.length
  const totals = [
    `total (${n} trace${n === 1 ? '' : 's'})`,
    '',
    '',
    '',
    '',
    '',
    formatInt(sum((t) => t.llmCalls)),
    formatInt(sum((t) => t.toolCalls)),
    formatInt(sum((t) => t.inputTokens)),
    formatInt(sum((t) => t.outputTokens)),
    usd[n] ?? '',
    formatInt(sum((t) => t.errorCount)),
  ]
  return renderTable(TRACE_COLUMNS, rows, totals)
}

/** The API uses '' for "this span has no such value". */
export function dimensionCell(value: string | undefined): string {
  return value === undefined || value === '' ? '(none)' : truncateMiddle(value, ID_WIDTH)
}

function length(text: string): number {
  return [...text].length
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - length(text)))
  return align === 'right' ? fill + text : text + fill
}

/** `7` → `07`. */
export function two(n: number): string {
  return String(n).padStart(2, '0')
}
