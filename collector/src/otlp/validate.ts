/**
 * @module otlp/validate
 * Splits a decoded request into the spans or log records we can store and the ones we must
 * reject, so that one bad item does not cost the rest of its batch (OTLP partial success).
 */
import { compareUnixNano, dayOf } from '@loupe/schema'
import type {
  OtlpLogRecord,
  OtlpLogsRequest,
  OtlpResourceLogs,
  OtlpResourceSpans,
  OtlpScopeLogs,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpTraceRequest,
} from './types.ts'

export interface ValidationResult {
  accepted: OtlpTraceRequest
  acceptedSpans: number
  rejectedSpans: number
  /** Up to a few distinct reasons, for the partial-success message. */
  reasons: string[]
}

export interface LogsValidationResult {
  accepted: OtlpLogsRequest
  acceptedLogRecords: number
  rejectedLogRecords: number
  /** Up to a few distinct reasons, for the partial-success message. */
  reasons: string[]
}

const MAX_REASONS = 5

/**
 * The oldest start a stored span (or time a stored log record) may have. The tables' TTL deletes
 * a row once it is `retentionDays` old, so an older one would be acknowledged and then deleted on
 * arrival: it is rejected instead, and the exporter is told why (often a clock, or a time sent in
 * the wrong unit).
 */
export interface RetentionFloor {
  /** decimal Unix nanoseconds: now less the retention */
  oldestStartUnixNano: string
  retentionDays: number
}

/** The floor for `retentionDays` at `nowMs`. */
export function retentionFloor(retentionDays: number, nowMs: number): RetentionFloor {
  const oldestMs = Math.floor(nowMs - retentionDays * 86_400_000)
  return { oldestStartUnixNano: (BigInt(Math.max(0, oldestMs)) * 1_000_000n).toString(), retentionDays }
}

/** Counts what checks keep and reject, with the first few distinct reasons. */
class Tally {
  accepted = 0
  rejected = 0
  readonly reasons = new Set<string>()

  keep<T>(items: readonly T[], problem: (item: T) => string | null): T[] {
    const kept: T[] = []
    for (const item of items) {
      const p = problem(item)
      if (p === null) {
        kept.push(item)
        this.accepted++
      } else {
        this.rejected++
        if (this.reasons.size < MAX_REASONS) this.reasons.add(p)
      }
    }
    return kept
  }
}

export function validateTraceRequest(req: OtlpTraceRequest, floor?: RetentionFloor): ValidationResult {
  const tally = new Tally()
  const problem = (span: OtlpSpan) =>
    spanProblem(span) ??
    (floor === undefined ? null : retentionProblem('span starts on', span.startTimeUnixNano, floor))
  const resourceSpans: OtlpResourceSpans[] = []
  for (const rs of req.resourceSpans) {
    const scopeSpans: OtlpScopeSpans[] = []
    for (const ss of rs.scopeSpans) {
      const spans = tally.keep(ss.spans, problem)
      if (spans.length > 0) scopeSpans.push({ scope: ss.scope, spans })
    }
    if (scopeSpans.length > 0) resourceSpans.push({ resource: rs.resource, scopeSpans })
  }
  return {
    accepted: { resourceSpans },
    acceptedSpans: tally.accepted,
    rejectedSpans: tally.rejected,
    reasons: [...tally.reasons],
  }
}

/**
 * Keeps the log records storage can hold. Trace context is optional on a log record, so ids are
 * checked only when present; an all-zero id is how some SDKs write "no context" (OTLP calls it
 * invalid and says to treat the record as unrelated to a trace), so it is cleared, not rejected.
 * A record's time is its `timeUnixNano`, or its `observedTimeUnixNano` when that is unset.
 */
export function validateLogsRequest(req: OtlpLogsRequest, floor?: RetentionFloor): LogsValidationResult {
  const tally = new Tally()
  const problem = (record: OtlpLogRecord) =>
    logRecordProblem(record) ??
    (floor === undefined ? null : retentionProblem('log record is from', logRecordTime(record), floor))
  const resourceLogs: OtlpResourceLogs[] = []
  for (const rl of req.resourceLogs) {
    const scopeLogs: OtlpScopeLogs[] = []
    for (const sl of rl.scopeLogs) {
      const logRecords = tally.keep(sl.logRecords, problem).map(withoutZeroIds)
      if (logRecords.length > 0) scopeLogs.push({ scope: sl.scope, logRecords })
    }
    if (scopeLogs.length > 0) resourceLogs.push({ resource: rl.resource, scopeLogs })
  }
  return {
    accepted: { resourceLogs },
    acceptedLogRecords: tally.accepted,
    rejectedLogRecords: tally.rejected,
    reasons: [...tally.reasons],
  }
}

/**
 * The range of a stored time, in Unix nanoseconds; both bounds come from storage:
 * - Earliest, 2001-09-09T01:46:40Z (10^18, the first 19-digit time): ClickHouse reads a shorter
 *   digit string as seconds (999999999 ns becomes 2001) or not at all (0 fails the insert).
 * - Latest, 2100-01-01T00:00:00Z: DateTime64(9) stops in 2262 (a later time fails the insert),
 *   and the retention TTL's toDateTime wraps after 2106 (such a row would be deleted on arrival).
 * An insert that fails takes every request batched with it down too, so these never reach it.
 */
const EARLIEST_UNIX_NANO = '1000000000000000000'
const LATEST_UNIX_NANO = '4102444800000000000'

/** Returns why a span cannot be stored, or null when it can. */
function spanProblem(span: OtlpSpan): string | null {
  const trace = idProblem('trace id', span.traceId, 16)
  if (trace) return trace
  const spanId = idProblem('span id', span.spanId, 8)
  if (spanId) return `${spanId} (trace ${span.traceId})`
  if (span.parentSpanId !== '' && span.parentSpanId.length !== 16) {
    return `parent span id has ${span.parentSpanId.length / 2} bytes, expected 8 (span ${span.spanId})`
  }
  return (
    spanTimeProblem('start', span.startTimeUnixNano, span.spanId) ??
    spanTimeProblem('end', span.endTimeUnixNano, span.spanId)
  )
}

function spanTimeProblem(what: 'start' | 'end', t: string, spanId: string): string | null {
  if (t === '0') return `${what} time is missing (span ${spanId})`
  return rangeProblem(`${what} time`, t, ` (span ${spanId})`)
}

/** Returns why a log record cannot be stored, or null when it can. */
function logRecordProblem(record: OtlpLogRecord): string | null {
  const { traceId, spanId } = record
  if (traceId !== '' && traceId.length !== 32) return `log record trace id has ${traceId.length / 2} bytes, expected 16`
  if (spanId !== '' && spanId.length !== 16) {
    return `log record span id has ${spanId.length / 2} bytes, expected 8${traceId === '' ? '' : ` (trace ${traceId})`}`
  }
  const of = spanId === '' || isZero(spanId) ? '' : ` (span ${spanId})`
  const time = logRecordTime(record)
  if (time === '0') return `log record has no timestamp: timeUnixNano and observedTimeUnixNano are both unset${of}`
  // the observed time is stored too, so it must fit storage as well when it is set
  return (
    rangeProblem('log record time', time, of) ??
    (record.observedTimeUnixNano === '0' ? null : rangeProblem('observed time', record.observedTimeUnixNano, of))
  )
}

function logRecordTime(record: OtlpLogRecord): string {
  return record.timeUnixNano !== '0' ? record.timeUnixNano : record.observedTimeUnixNano
}

function withoutZeroIds(record: OtlpLogRecord): OtlpLogRecord {
  if (!isZero(record.traceId) && !isZero(record.spanId)) return record
  return {
    ...record,
    traceId: isZero(record.traceId) ? '' : record.traceId,
    spanId: isZero(record.spanId) ? '' : record.spanId,
  }
}

function isZero(hex: string): boolean {
  return hex !== '' && /^0+$/.test(hex)
}

/** Why time `t` (called `what`) is outside what storage holds, or null; `of` names its owner. */
function rangeProblem(what: string, t: string, of: string): string | null {
  if (compareUnixNano(t, EARLIEST_UNIX_NANO) < 0) {
    return `${what} ${t} is before 2001-09-09, earlier than storage holds; times are nanoseconds since 1970${of}`
  }
  if (compareUnixNano(t, LATEST_UNIX_NANO) > 0) {
    return `${what} ${t} is after 2100-01-01, later than storage holds; times are nanoseconds since 1970${of}`
  }
  return null
}

/**
 * Why time `t` is too old to keep, or null. `subject` leads the reason ("span starts on"). One
 * reason per day, so old batches give few.
 */
function retentionProblem(subject: string, t: string, floor: RetentionFloor): string | null {
  if (compareUnixNano(t, floor.oldestStartUnixNano) >= 0) return null
  const day = new Date(dayOf(t) * 86_400_000).toISOString().slice(0, 10)
  return (
    `${subject} ${day}, before the ${floor.retentionDays}-day retention window (LOUPE_RETENTION_DAYS), ` +
    "so storage would delete it on arrival; check the exporter's clock and that times are in nanoseconds"
  )
}

function idProblem(what: string, hex: string, bytes: number): string | null {
  if (hex === '') return `${what} is missing`
  if (hex.length !== bytes * 2) return `${what} has ${hex.length / 2} bytes, expected ${bytes}`
  if (/^0+$/.test(hex)) return `${what} is all zeros`
  return null
}
