/**
 * @module model/trace-logs
 * A trace's log records for display: each record's severity level, label and time, the records
 * grouped by span (the span panel's Logs section) and the waterfall's marks, by row. Pure: no
 * React, no DOM.
 *
 * Built once per detail response in O(logs), so the waterfall's rows (thousands of them, only a
 * few in the DOM) each read their marks from a map and never scan the logs.
 *
 * Invariants:
 * - Every record is in exactly one place: `bySpan` under its span, or `unattached` when it names
 *   no span or a span that is not in the trace. Unattached records are shown with the first root
 *   (its panel and its row), so none is lost from view.
 * - Records keep the order the API sent them (oldest first) within each group.
 */
import type { TraceLog } from '@loupe/schema'
import { formatDuration } from './format.ts'
import { splitNanos, type SpanTree, type TreeSpan } from './span-tree.ts'

export type SeverityLevel = 'unspecified' | 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'
/** How a mark or badge is coloured: red, amber, or neutral. */
export type SeverityTone = 'error' | 'warn' | 'neutral'

/** OTLP SeverityNumber ranges of four: 1–4 TRACE, 5–8 DEBUG, ..., 21–24 FATAL. */
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const

/** Severity texts of common loggers, for records whose number is 0 (unspecified). */
const TEXT_LEVELS: ReadonlyMap<string, SeverityLevel> = new Map([
  ['trace', 'trace'],
  ['finest', 'trace'],
  ['debug', 'debug'],
  ['fine', 'debug'],
  ['info', 'info'],
  ['information', 'info'],
  ['notice', 'info'],
  ['warn', 'warn'],
  ['warning', 'warn'],
  ['err', 'error'],
  ['error', 'error'],
  ['severe', 'error'],
  ['critical', 'fatal'],
  ['crit', 'fatal'],
  ['fatal', 'fatal'],
  ['alert', 'fatal'],
  ['emerg', 'fatal'],
  ['emergency', 'fatal'],
  ['panic', 'fatal'],
])

/** The record's level: from its number when the number is in 1..24, else read from its text. */
export function severityLevel(severityNumber: number, severityText: string): SeverityLevel {
  if (severityNumber >= 1 && severityNumber <= 24) return LEVELS[Math.floor((severityNumber - 1) / 4)]!
  // "INFO2", "Warning" and the like: case and a trailing number do not change the level
  const text = severityText.trim().toLowerCase().replace(/\d+$/, '')
  return TEXT_LEVELS.get(text) ?? 'unspecified'
}

/**
 * What the badge says: the record's own text when it has one (what the logger printed), else the
 * OTLP short name of its number ("WARN", "INFO2"), else "UNSPECIFIED".
 */
export function severityLabel(severityNumber: number, severityText: string): string {
  if (severityText.trim() !== '') return severityText.trim()
  if (severityNumber < 1 || severityNumber > 24) return 'UNSPECIFIED'
  const step = (severityNumber - 1) % 4
  return `${LEVELS[Math.floor((severityNumber - 1) / 4)]!.toUpperCase()}${step === 0 ? '' : step + 1}`
}

export function severityTone(level: SeverityLevel): SeverityTone {
  return level === 'error' || level === 'fatal' ? 'error' : level === 'warn' ? 'warn' : 'neutral'
}

const TONE_RANK: Readonly<Record<SeverityTone, number>> = { neutral: 0, warn: 1, error: 2 }

export interface LogView {
  log: TraceLog
  level: SeverityLevel
  tone: SeverityTone
  /** the badge text */
  label: string
  /** ms after the trace start; negative for a record stamped before the first span */
  traceMs: number
  /** the body's first non-empty line (the event name for an empty body), cut for a tooltip */
  firstLine: string
  /** false when the record names no span, or one that is not in the trace */
  attached: boolean
}

/** One mark on a waterfall row: the records that fall on (nearly) the same point of the axis. */
export interface LogMark {
  /** 0..1 along the time axis */
  fraction: number
  /** the worst tone among its records */
  tone: SeverityTone
  count: number
  /** hover text: severity and first line of each record (the first few) */
  title: string
}

export interface TraceLogIndex {
  bySpan: ReadonlyMap<string, readonly LogView[]>
  unattached: readonly LogView[]
  /** by span id; the unattached records' marks are on the first root's row */
  marks: ReadonlyMap<string, readonly LogMark[]>
}

const FIRST_LINE_CHARS = 120
/** Records closer than 1/MARK_BUCKETS of the axis share a mark (a few pixels on any screen). */
const MARK_BUCKETS = 400
/** Lines a merged mark's tooltip lists before "…". */
const TITLE_LINES = 5

function firstLine(log: TraceLog): string {
  const line =
    log.body
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? log.eventName
  return line.length > FIRST_LINE_CHARS ? `${line.slice(0, FIRST_LINE_CHARS - 1)}…` : line
}

interface MarkAcc {
  fraction: number
  tone: SeverityTone
  lines: string[]
  count: number
}

/** The records of a trace, grouped by span, with the marks of every row. */
export function indexTraceLogs<S extends TreeSpan>(
  logs: readonly TraceLog[],
  tree: Pick<SpanTree<S>, 'byId' | 'roots' | 'startUnixNano' | 'durationMs'>,
): TraceLogIndex {
  const bySpan = new Map<string, LogView[]>()
  const unattached: LogView[] = []
  const buckets = new Map<string, Map<number, MarkAcc>>()
  const [ms0, sub0] = splitNanos(tree.startUnixNano)
  const rootId = tree.roots[0]?.span.spanId
  const total = tree.durationMs

  for (const log of logs) {
    const level = severityLevel(log.severityNumber, log.severityText)
    const [ms, sub] = splitNanos(log.timeUnixNano)
    const attached = log.spanId !== null && tree.byId.has(log.spanId)
    const view: LogView = {
      log,
      level,
      tone: severityTone(level),
      label: severityLabel(log.severityNumber, log.severityText),
      traceMs: ms - ms0 + (sub - sub0) / 1e6,
      firstLine: firstLine(log),
      attached,
    }
    if (attached) {
      const list = bySpan.get(log.spanId!)
      if (list === undefined) bySpan.set(log.spanId!, [view])
      else list.push(view)
    } else unattached.push(view)

    const rowId = attached ? log.spanId! : rootId
    if (rowId === undefined) continue
    // A zero-length trace has no axis to scale against: every mark sits at its start.
    const fraction = total > 0 ? Math.min(1, Math.max(0, view.traceMs / total)) : 0
    const bucket = Math.round(fraction * MARK_BUCKETS)
    let row = buckets.get(rowId)
    if (row === undefined) buckets.set(rowId, (row = new Map()))
    const line = `${view.label}${attached ? '' : ' (no span)'}: ${view.firstLine}`
    const acc = row.get(bucket)
    if (acc === undefined) row.set(bucket, { fraction, tone: view.tone, lines: [line], count: 1 })
    else {
      acc.count++
      if (TONE_RANK[view.tone] > TONE_RANK[acc.tone]) acc.tone = view.tone
      if (acc.lines.length < TITLE_LINES) acc.lines.push(line)
    }
  }

  const marks = new Map<string, LogMark[]>()
  for (const [rowId, row] of buckets) {
    marks.set(
      rowId,
      [...row.values()].map((a) => ({
        fraction: a.fraction,
        tone: a.tone,
        count: a.count,
        title:
          a.count === 1
            ? a.lines[0]!
            : [`${a.count} logs`, ...a.lines, ...(a.count > a.lines.length ? ['…'] : [])].join('\n'),
      })),
    )
  }
  return { bySpan, unattached, marks }
}

/**
 * The records the panel of `spanId` lists: its own, and on the first root also the records that
 * name no span (the same records its row's marks show), in time order.
 */
export function logsForSpan<S extends TreeSpan>(
  index: TraceLogIndex,
  tree: Pick<SpanTree<S>, 'roots'>,
  spanId: string,
): readonly LogView[] {
  const own = index.bySpan.get(spanId) ?? []
  if (tree.roots[0]?.span.spanId !== spanId || index.unattached.length === 0) return own
  return [...own, ...index.unattached].sort((a, b) => a.traceMs - b.traceMs)
}

/** A record's time after its span's start, as text: "+12ms", "−3.0ms" for one stamped before it. */
export function logOffset(view: LogView, spanStartMs: number): string {
  const d = view.traceMs - spanStartMs
  return d < 0 ? `−${formatDuration(-d)}` : `+${formatDuration(d)}`
}
