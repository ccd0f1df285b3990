/**
 * @module ingest/prepare
 * The pure middle of the write path: decoded OTLP → normalised records → priced → agent names
 * inherited within the request. (Spans of one trace often arrive in several requests, children
 * first; the read path inherits again over the whole trace.)
 */
import { applyCost } from '../cost/price.ts'
import type { PriceBook } from '../cost/price-book.ts'
import { inheritAgentNames } from '../normalise/inherit.ts'
import { normaliseRequest } from '../normalise/normalise.ts'
import type { SpanRecord } from '../normalise/span-record.ts'
import type { OtlpTraceRequest } from '../otlp/types.ts'

export function createPrepare(book: PriceBook): (req: OtlpTraceRequest, projectId: string) => SpanRecord[] {
  return (req, projectId) => inheritAgentNames(applyCost(normaliseRequest(req, projectId), book))
}
