/**
 * @module ingest/ingest-logs
 * The write path of OTLP logs, shared by OTLP/HTTP and OTLP/gRPC: decode → validate → records →
 * batch → stored. Answered as traces are: only what is stored is acknowledged, a partly bad
 * request keeps its good records (partial success), and a full queue or an overloaded collector
 * is told to retry.
 */
import { toLogRecords, type LogRecord } from '../normalise/log-record.ts'
import { OtlpDecodeError } from '../otlp/decode-error.ts'
import type { LogsPartialSuccess, OtlpEncoding } from '../otlp/encoding.ts'
import type { OtlpLogsRequest } from '../otlp/types.ts'
import { retentionFloor, validateLogsRequest } from '../otlp/validate.ts'
import type { Batcher } from './batcher.ts'
import { queueRefusal, storageFailure, type IngestOutcome } from './ingest.ts'

export interface LogsIngestDeps {
  logBatcher: Batcher<LogRecord>
  overloaded?: () => string | null
  retentionDays?: number
}

export type LogsIngestOutcome =
  | { kind: 'accepted'; acceptedLogRecords: number; partial: LogsPartialSuccess | null }
  | Exclude<IngestOutcome, { kind: 'accepted' }>

export async function ingestLogs(
  deps: LogsIngestDeps,
  body: Buffer,
  encoding: OtlpEncoding,
  projectId: string,
): Promise<LogsIngestOutcome> {
  let request: OtlpLogsRequest
  try {
    request = encoding.decodeLogs(body)
  } catch (err) {
    if (err instanceof OtlpDecodeError) return { kind: 'invalid', message: err.message }
    throw err
  }
  const checked = validateLogsRequest(
    request,
    deps.retentionDays === undefined ? undefined : retentionFloor(deps.retentionDays, Date.now()),
  )
  if (checked.acceptedLogRecords === 0) {
    if (checked.rejectedLogRecords === 0) return { kind: 'accepted', acceptedLogRecords: 0, partial: null }
    return {
      kind: 'invalid',
      message: `all ${checked.rejectedLogRecords} log records rejected: ${checked.reasons.join('; ')}`,
    }
  }
  const overloaded = deps.overloaded?.() ?? null
  if (overloaded !== null) return { kind: 'busy', message: overloaded, retryAfterSeconds: 5 }
  const records = toLogRecords(checked.accepted, projectId)
  const queued = deps.logBatcher.enqueue(records)
  if (queued.status !== 'queued') return queueRefusal(queued, 'log records')
  const failed = storageFailure(await queued.done, projectId, records.length, 'log records')
  if (failed !== null) return failed
  const partial =
    checked.rejectedLogRecords > 0
      ? { rejectedLogRecords: checked.rejectedLogRecords, errorMessage: checked.reasons.join('; ') }
      : null
  return { kind: 'accepted', acceptedLogRecords: checked.acceptedLogRecords, partial }
}
