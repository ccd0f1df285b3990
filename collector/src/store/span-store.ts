/**
 * @module store/span-store
 * The storage boundary. `store/clickhouse.ts` is the one implementation; tests that must inject a
 * fault wrap it or replace a method.
 */
import type { SpanRecord } from '../normalise/span-record.ts'

export interface SpanStore {
  /** Applies pending numbered migrations and the configured retention. */
  migrate(): Promise<void>
  /** Writes spans; resolves only once they are durably stored. */
  insertSpans(spans: readonly SpanRecord[]): Promise<void>
  /** All spans of one trace in one project, in start order. */
  getTrace(projectId: string, traceId: string): Promise<SpanRecord[]>
  /** True when storage answers. */
  ping(): Promise<boolean>
  close(): Promise<void>
}
