/**
 * @module ingest/ingest
 * The write path shared by OTLP/HTTP and OTLP/gRPC: decode → validate → prepare (normalise and
 * price) → encode as insert rows → batch → stored. Returns an outcome union; each transport maps it to its own status.
 */
import { log } from '../log.ts'
import type { SpanRecord } from '../normalise/span-record.ts'
import { encodeSpans, type EncodedSpans } from '../store/encoded-spans.ts'
import { OtlpDecodeError } from '../otlp/decode-error.ts'
import type { OtlpEncoding, PartialSuccess } from '../otlp/encoding.ts'
import type { OtlpTraceRequest } from '../otlp/types.ts'
import { retentionFloor, validateTraceRequest } from '../otlp/validate.ts'
import type { Batcher, EnqueueResult, FlushResult } from './batcher.ts'

export type IngestOutcome =
  | { kind: 'accepted'; acceptedSpans: number; partial: PartialSuccess | null }
  /** The request is unusable as sent: 400 / INVALID_ARGUMENT, never retried. */
  | { kind: 'invalid'; message: string }
  /** The queue is full: 429 / UNAVAILABLE with Retry-After. */
  | { kind: 'busy'; message: string; retryAfterSeconds: number }
  /** Storage failed or is shutting down: 503 / UNAVAILABLE with Retry-After. */
  | { kind: 'unavailable'; message: string; retryAfterSeconds: number }

export interface IngestDeps {
  batcher: Batcher<EncodedSpans>
  /**
   * Why the collector cannot take spans now, or null: settling has fallen too far behind. Spans
   * taken then would only lengthen the backlog, and its memory, until the collector gave out.
   */
  overloaded?: () => string | null
  /**
   * Spans older than this many days are rejected (partial success), since the spans table's TTL
   * would delete them on arrival. Unset: no age check.
   */
  retentionDays?: number
  /** Pure: decoded request → normalised, priced span records for one project. */
  prepare: (req: OtlpTraceRequest, projectId: string) => SpanRecord[]
  /** Keep each span's settle view beside its rows, for the settler to follow running traces. */
  followRunning?: boolean
}

export async function ingestTraces(
  deps: IngestDeps,
  body: Buffer,
  encoding: OtlpEncoding,
  projectId: string,
): Promise<IngestOutcome> {
  const queued = enqueueTraces(deps, body, encoding, projectId)
  if (queued.kind !== 'queued') return queued
  const failed = storageFailure(await queued.done, projectId, queued.acceptedSpans, 'spans')
  return failed ?? { kind: 'accepted', acceptedSpans: queued.acceptedSpans, partial: queued.partial }
}

/** A request the batcher would not queue: full (429, retried soon) or shutting down (503). */
export function queueRefusal(
  queued: Exclude<EnqueueResult, { status: 'queued' }>,
  what: 'spans' | 'log records',
): Extract<IngestOutcome, { kind: 'busy' | 'unavailable' }> {
  if (queued.status === 'full')
    return {
      kind: 'busy',
      message: `collector is busy (${queued.queuedSpans} ${what} waiting to be stored); retry later`,
      retryAfterSeconds: 1,
    }
  return { kind: 'unavailable', message: 'collector is shutting down; retry later', retryAfterSeconds: 5 }
}

/** What a failed flush means for the request: its data refused (400), or storage down (503). */
export function storageFailure(
  result: FlushResult,
  projectId: string,
  count: number,
  what: 'spans' | 'log records',
): Extract<IngestOutcome, { kind: 'invalid' | 'unavailable' }> | null {
  if (result.ok) return null
  // Rejected: storage wrote the other requests of its batch and refused this one's data. Logged,
  // since rows that pass validation and still fail to parse point at a gap in it.
  if (result.rejected) {
    log.warn(`storage refused a request's ${what}`, { projectId, count, error: result.error.message })
    return { kind: 'invalid', message: `storage rejected these ${what}: ${result.error.message}` }
  }
  log.warn('storage unavailable', { projectId, count, error: result.error.message })
  return { kind: 'unavailable', message: `storage is unavailable: ${result.error.message}`, retryAfterSeconds: 5 }
}

type Queued = { kind: 'queued'; done: Promise<FlushResult>; acceptedSpans: number; partial: PartialSuccess | null }

/**
 * Decode to enqueue, synchronously. Kept apart from the wait for storage so that nothing of the
 * decoded request or its records is in scope while the request waits for its batch: held across
 * that await (hundreds of milliseconds under load) they outlived young-generation collections,
 * and copying and promoting them was most of the collector's garbage-collection time.
 */
function enqueueTraces(
  deps: IngestDeps,
  body: Buffer,
  encoding: OtlpEncoding,
  projectId: string,
): IngestOutcome | Queued {
  let request: OtlpTraceRequest
  try {
    request = encoding.decode(body)
  } catch (err) {
    if (err instanceof OtlpDecodeError) return { kind: 'invalid', message: err.message }
    throw err
  }
  const checked = validateTraceRequest(
    request,
    deps.retentionDays === undefined ? undefined : retentionFloor(deps.retentionDays, Date.now()),
  )
  if (checked.acceptedSpans === 0) {
    if (checked.rejectedSpans === 0) return { kind: 'accepted', acceptedSpans: 0, partial: null }
    return {
      kind: 'invalid',
      message: `all ${checked.rejectedSpans} spans rejected: ${checked.reasons.join('; ')}`,
    }
  }
  // After decoding, so that a malformed request is told so (400) rather than to retry it; before
  // normalising and encoding, which cost most of a request's CPU.
  const overloaded = deps.overloaded?.() ?? null
  if (overloaded !== null) return { kind: 'busy', message: overloaded, retryAfterSeconds: 5 }
  const records = deps.prepare(checked.accepted, projectId)
  const queued = deps.batcher.enqueue(encodeSpans(records, deps.followRunning ?? false), records.length)
  if (queued.status !== 'queued') return queueRefusal(queued, 'spans')
  const partial =
    checked.rejectedSpans > 0
      ? { rejectedSpans: checked.rejectedSpans, errorMessage: checked.reasons.join('; ') }
      : null
  return { kind: 'queued', done: queued.done, acceptedSpans: checked.acceptedSpans, partial }
}
