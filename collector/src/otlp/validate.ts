/**
 * @module otlp/validate
 * Splits a decoded request into the spans we can store and the ones we must reject, so that one
 * bad span does not cost the rest of its batch (OTLP partial success).
 */
import type { OtlpResourceSpans, OtlpSpan, OtlpTraceRequest } from './types.ts'

export interface ValidationResult {
  accepted: OtlpTraceRequest
  acceptedSpans: number
  rejectedSpans: number
  /** Up to a few distinct reasons, for the partial-success message. */
  reasons: string[]
}

const MAX_REASONS = 5

export function validateTraceRequest(req: OtlpTraceRequest): ValidationResult {
  let acceptedSpans = 0
  let rejectedSpans = 0
  const reasons = new Set<string>()
  const resourceSpans: OtlpResourceSpans[] = []
  for (const rs of req.resourceSpans) {
    const scopeSpans = []
    for (const ss of rs.scopeSpans) {
      const spans: OtlpSpan[] = []
      for (const span of ss.spans) {
        const problem = spanProblem(span)
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

/** Returns why a span cannot be stored, or null when it can. */
export function spanProblem(span: OtlpSpan): string | null {
  const trace = idProblem('trace id', span.traceId, 16)
  if (trace) return trace
  const spanId = idProblem('span id', span.spanId, 8)
  if (spanId) return `${spanId} (trace ${span.traceId})`
  if (span.parentSpanId !== '' && span.parentSpanId.length !== 16) {
    return `parent span id has ${span.parentSpanId.length / 2} bytes, expected 8 (span ${span.spanId})`
  }
  return null
}

function idProblem(what: string, hex: string, bytes: number): string | null {
  if (hex === '') return `${what} is missing`
  if (hex.length !== bytes * 2) return `${what} has ${hex.length / 2} bytes, expected ${bytes}`
  if (/^0+$/.test(hex)) return `${what} is all zeros`
  return null
}
