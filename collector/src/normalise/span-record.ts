/**
 * @module normalise/span-record
 * The collector's internal form of a normalised span: the API's `Span` plus the project it
 * belongs to. The normaliser produces it, the cost engine completes it, the store writes it.
 */
import type { Span } from '@loupe/schema'

export interface SpanRecord extends Span {
  projectId: string
}
