/**
 * @module otlp/validate
 * Splits a decoded request into the spans we can store and the ones we must reject, so that one
 * bad span does not cost the rest of its batch (OTLP partial success).
 */
import { compareUnixNano, dayOf } from '@loupe/schema'
import type { OtlpResourceSpans, OtlpSpan, OtlpTraceRequest } from './types.ts'

export interface ValidationResult {
  accepted: OtlpTraceRequest
  acceptedSpans: number
  rejectedSpans: number
  /** Up to a few distinct reasons, for the partial-success message. */
  reasons: string[]
}

const MAX_REASONS = 5

/**
 * The oldest start a stored span may have. The spans table's TTL deletes a span once it is
 * `retentionDays` old, so an older span would be acknowledged and then deleted on arrival: it is
 * rejected instead, and the exporter is told why (often a clock, or a time sent in the wrong unit).
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

export function validateTraceRequest(req: OtlpTraceRequest, floor?: RetentionFloor): ValidationResult {
  let acceptedSpans = 0
  let rejectedSpans = 0
  const reasons = new Set<string>()
  const resourceSpans: OtlpResourceSpans[] = []
  for (const rs of req.resourceSpans) {
    const scopeSpans = []
    for (const ss of rs.scopeSpans) {
      const spans: OtlpSpan[] = []
      for (const span of ss.spans) {
        const problem = spanProblem(span) ?? (floor === undefined ? null : ageProblem(span, floor))
        if (problem === null) {
          spans.push(span)
          acceptedSpans++
        } else {
          rejectedSpans++
          if (reasons.size < MAX_REASONS) reasons.add(problem)
        }
      }
      if (spans.length > 0) scopeSpans.push({ scope: ss.scope, spans })
    }
    if (scopeSpans.length > 0) resourceSpans.push({ resource: rs.resource, scopeSpans })
  }
  return { accepted: { resourceSpans }, acceptedSpans, rejectedSpans, reasons: [...reasons] }
}

/**
 * The range of a stored span's start and end, in Unix nanoseconds; both bounds come from storage:
 * - Earliest, 2001-09-09T01:46:40Z (10^18, the first 19-digit time): ClickHouse reads a shorter
 *   digit string as seconds (999999999 ns becomes 2001) or not at all (0 fails the insert).
 * - Latest, 2100-01-01T00:00:00Z: DateTime64(9) stops in 2262 (a later time fails the insert),
 *   and the retention TTL's toDateTime wraps after 2106 (such a span would be deleted on arrival).
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
    timeProblem('start', span.startTimeUnixNano, span.spanId) ?? timeProblem('end', span.endTimeUnixNano, span.spanId)
  )
}

function timeProblem(what: 'start' | 'end', t: string, spanId: string): string | null {
  if (t === '0') return `${what} time is missing (span ${spanId})`
  if (compareUnixNano(t, EARLIEST_UNIX_NANO) < 0) {
    return `${what} time ${t} is before 2001-09-09, earlier than storage holds; times are nanoseconds since 1970 (span ${spanId})`
  }
  if (compareUnixNano(t, LATEST_UNIX_NANO) > 0) {
    return `${what} time ${t} is after 2100-01-01, later than storage holds; times are nanoseconds since 1970 (span ${spanId})`
  }
  return null
}

/** Why a span is too old to keep, or null. One reason per start day, so old batches give few. */
function ageProblem(span: OtlpSpan, floor: RetentionFloor): string | null {
  if (compareUnixNano(span.startTimeUnixNano, floor.oldestStartUnixNano) >= 0) return null
  const day = new Date(dayOf(span.startTimeUnixNano) * 86_400_000).toISOString().slice(0, 10)
  return (
    `span starts on ${day}, before the ${floor.retentionDays}-day retention window (LOUPE_RETENTION_DAYS), ` +
    "so storage would delete it on arrival; check the exporter's clock and that times are in nanoseconds"
  )
}

function idProblem(what: string, hex: string, bytes: number): string | null {
  if (hex === '') return `${what} is missing`
  if (hex.length !== bytes * 2) return `${what} has ${hex.length / 2} bytes, expected ${bytes}`
  if (/^0+$/.test(hex)) return `${what} is all zeros`
  return null
}
