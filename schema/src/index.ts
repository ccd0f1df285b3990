/**
 * @module @loupe/schema
 * Shared zod schemas and types for the collector and the UI. No I/O here.
 */
// identifiers and timestamps
export { SpanId, TraceId, UnixNano } from './ids.ts'
// the canonical span
export {
  COST_SOURCES,
  CostSource,
  SPAN_KINDS,
  SPAN_STATUSES,
  Span,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanStatus,
} from './span.ts'
