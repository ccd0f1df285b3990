/**
 * @module ingest/batcher
 * Turns spans from many small requests into few large inserts without weakening the promise that
 * a request is acknowledged only once its spans are stored: each `enqueue` returns a promise that
 * settles when the insert holding its spans has finished.
 *
 * Group commit: a request that arrives while nothing is being written is written at once, alone,
 * since waiting for company would only delay its acknowledgement (a span-by-span exporter waits
 * for each one, and drops spans once too many are waiting). Requests that arrive while an insert
 * is in flight wait for it, and the first insert slot to free takes all of them together, so the
 * busier storage is, the larger the inserts. A waiting request takes a spare slot (while another
 * insert is still in flight) only once its batch is full or it has waited `lingerMs`: a second,
 * small insert beside a large one costs more than it saves.
 *
 * Bounds: at most `maxBatchSpans` per insert, at most `maxQueueSpans` waiting (beyond that
 * `enqueue` answers `full` at once and the caller replies 429), and at most
 * `maxConcurrentInserts` in flight. Invariant: every enqueued span is either written or reported
 * failed to its caller; none is dropped silently.
 *
 * Isolation: when an insert of several requests fails, each request is written again on its own,
 * so that one request's bad data costs only that request. One that still fails, with an error
 * `isRefusal` says blames the data, while others of its batch were written, is reported
 * `rejected`: storage is up and refused that data, so retrying it would only fail again. Any other
 * failure may pass (a timeout, an outage) and is left for the caller to retry.
 */

export type FlushResult = { ok: true } | { ok: false; error: Error; rejected: boolean }

export type EnqueueResult =
  { status: 'queued'; done: Promise<FlushResult> } | { status: 'full'; queuedSpans: number } | { status: 'closed' }

export interface BatcherOptions {
  maxBatchSpans: number
  maxQueueSpans: number
  maxConcurrentInserts: number
  /** How long a request waiting behind an insert in flight may wait before it takes a spare slot. */
  lingerMs: number
  /** Whether a write's error blames the data written rather than the storage (default: never). */
  isRefusal?: (error: Error) => boolean
}

interface Pending<T> {
  items: readonly T[]
  /** spans these items hold */
  size: number
  resolve: (r: FlushResult) => void
}

export class Batcher<T> {
  private queue: Pending<T>[] = []
  private queuedSpans = 0
  private inFlight = 0
  private timer: NodeJS.Timeout | null = null
  private closed = false
  private idleWaiters: Array<() => void> = []
  /** Spans whose insert failed; their callers were told to retry. */
  failedSpans = 0
  writtenSpans = 0
  rejectedFullSpans = 0

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly opts: BatcherOptions,
  ) {}

  get pendingSpans(): number {
    return this.queuedSpans
  }

  /** Queues one request's items; `size` is how many spans they hold (one per item unless told). */
  enqueue(items: readonly T[], size = items.length): EnqueueResult {
    if (this.closed) return { status: 'closed' }
    if (this.queuedSpans + size > this.opts.maxQueueSpans && this.queuedSpans > 0) {
      this.rejectedFullSpans += size
      return { status: 'full', queuedSpans: this.queuedSpans }
    }
    const done = new Promise<FlushResult>((resolve) => {
      this.queue.push({ items, size, resolve })
    })
    this.queuedSpans += size
    this.dispatch(false)
    return { status: 'queued', done }
  }

  /** Writes everything queued now; resolves when the queue is empty and nothing is in flight. */
  async flush(): Promise<void> {
    this.clearTimer()
    while (this.queue.length > 0 && this.inFlight < this.opts.maxConcurrentInserts) this.startInsert()
    if (this.queue.length === 0 && this.inFlight === 0) return
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
  }

  /** Stops taking spans and writes what is queued. Safe to call more than once. */
  async shutdown(): Promise<void> {
    this.closed = true
    await this.flush()
  }

  /**
   * Starts the inserts the rules allow now, and arms the linger timer for requests left waiting.
   * `slotFreed`: an insert has just finished, so its slot takes what is waiting without lingering.
   */
  private dispatch(slotFreed: boolean): void {
    const { maxBatchSpans, maxConcurrentInserts } = this.opts
    if (slotFreed || this.inFlight === 0) this.startInsert()
    while (this.queuedSpans >= maxBatchSpans && this.inFlight < maxConcurrentInserts) this.startInsert()
    if (this.queue.length === 0) this.clearTimer()
    else if (this.timer === null && this.inFlight < maxConcurrentInserts) {
      this.timer = setTimeout(() => {
        this.timer = null
        // Every slot may have filled since; then the next one to free takes the queue.
        if (this.inFlight < this.opts.maxConcurrentInserts) this.dispatch(true)
      }, this.opts.lingerMs)
    }
  }

  private startInsert(): void {
    if (this.queue.length === 0) return
    const batch: Pending<T>[] = []
    let size = 0
    while (this.queue.length > 0) {
      const next = this.queue[0]!
      if (batch.length > 0 && size + next.size > this.opts.maxBatchSpans) break
      batch.push(this.queue.shift()!)
      size += next.size
    }
    this.queuedSpans -= size
    this.inFlight++
    const items: T[] = []
    for (const p of batch) for (const item of p.items) items.push(item)
    this.write(items)
      .then(
        () => {
          this.writtenSpans += size
          for (const p of batch) p.resolve({ ok: true })
        },
        (err: unknown) => (batch.length === 1 ? this.fail(batch[0]!, asError(err), false) : this.writeEach(batch)),
      )
      .finally(() => {
        this.inFlight--
        if (this.queue.length > 0) this.dispatch(true)
        else if (this.inFlight === 0) {
          const waiters = this.idleWaiters
          this.idleWaiters = []
          for (const w of waiters) w()
        }
      })
  }

  /** After a failed batch: each request alone, in order, each told its own outcome. */
  private async writeEach(batch: readonly Pending<T>[]): Promise<void> {
    const failed: Array<{ p: Pending<T>; error: Error }> = []
    let written = 0
    for (const p of batch) {
      try {
        await this.write([...p.items])
        this.writtenSpans += p.size
        written++
        p.resolve({ ok: true })
      } catch (err) {
        failed.push({ p, error: asError(err) })
      }
    }
    const refused = this.opts.isRefusal ?? (() => false)
    for (const { p, error } of failed) this.fail(p, error, written > 0 && refused(error))
  }

  private fail(p: Pending<T>, error: Error, rejected: boolean): void {
    this.failedSpans += p.size
    p.resolve({ ok: false, error, rejected })
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}
