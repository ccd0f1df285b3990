/**
 * @module store/span-store
 * The storage boundary. `store/clickhouse.ts` is the one implementation; tests that must inject a
 * fault wrap it or replace a method.
 */
import type { SpanRecord } from '../normalise/span-record.ts'
import type { SettleSpan } from '../settle/settle-span.ts'
import type { SettledTrace } from '../settle/settle-trace.ts'
import type { GenAiLog } from '../normalise/genai-logs.ts'
import type { LogRecord } from '../normalise/log-record.ts'
import type { AlertRecord, DeliveryRecord } from './alert-rows.ts'
import type { EncodedSpans } from './encoded-spans.ts'

export interface SpanStore {
  /** Applies pending numbered migrations and the configured retention. */
  migrate(): Promise<void>
  /** Writes spans; resolves only once they are durably stored. */
  insertSpans(spans: readonly SpanRecord[]): Promise<void>
  /** Writes spans encoded ahead of time (store/encoded-spans); resolves once they are durably stored. */
  insertEncoded(parts: readonly EncodedSpans[]): Promise<void>
  /** The light columns of the spans of several traces (settling). */
  readSettleSpans(projectId: string, traceIds: readonly string[]): Promise<SettleSpan[]>
  /** Writes settled traces: each one's summary, cost facts and findings, under its version. */
  insertSettled(traces: readonly SettledTrace[]): Promise<void>
  /** All spans of one trace in one project, in start order. */
  getTrace(projectId: string, traceId: string): Promise<SpanRecord[]>
  /** The full records of the named spans, newest version of each, in no particular order. */
  readSpans(projectId: string, spans: ReadonlyArray<{ traceId: string; spanId: string }>): Promise<SpanRecord[]>
  /**
   * Runs a read built by the query modules: `sql` binds values only through `{name: Type}`
   * placeholders filled from `params`. Rows come back as JSON objects.
   */
  select<T>(sql: string, params: Record<string, unknown>): Promise<T[]>
  /**
   * Traces with spans written in the last `seconds`, with when their last span was written: what a
   * restarted collector must still settle, and the running traces it must go on following.
   */
  recentTraces(seconds: number): Promise<Array<{ projectId: string; traceId: string; lastSeenMs: number }>>
  /** Traces whose newest summary is still provisional (running). */
  unsettledTraces(): Promise<Array<{ projectId: string; traceId: string }>>
  /** Which of the traces already have a summary (settled, or running on another collector). */
  storedTraces(projectId: string, traceIds: readonly string[]): Promise<string[]>
  /** Writes log records; resolves once they are durably stored. */
  insertLogs(logs: readonly LogRecord[]): Promise<void>
  /** The GenAI event records of several traces, by trace and span (settling fills conversations from them). */
  readGenAiLogs(
    projectId: string,
    traceIds: readonly string[],
  ): Promise<Array<GenAiLog & { traceId: string; spanId: string; logId: string }>>
  /** Writes alerts (a newer version replaces an older one of the same id). */
  insertAlerts(alerts: readonly AlertRecord[]): Promise<void>
  /** Writes deliveries (a newer version replaces an older one of the same alert, event and channel). */
  insertDeliveries(deliveries: readonly DeliveryRecord[]): Promise<void>
  /** True when storage answers. */
  ping(): Promise<boolean>
  close(): Promise<void>
}
