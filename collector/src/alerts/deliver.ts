/**
 * @module alerts/deliver
 * Sends alert notices and keeps trying: every delivery is stored before its first attempt and
 * after each one, so a restart or a receiver that is down delays a notice and loses none. Each
 * attempt runs on its own, with a timeout, so one slow channel never holds up another. Retries
 * back off exponentially for up to `giveUpMs` after the alert fired; then the delivery is failed.
 */
import { log } from '../log.ts'
import type { DeliveryRecord } from '../store/alert-rows.ts'
import type { SpanStore } from '../store/span-store.ts'
import { webhookHeaders } from './payload.ts'
import type { Channel } from './rules.ts'

export interface DeliveryOptions {
  /** one attempt's limit: a receiver that hangs is given up on after this */
  timeoutMs: number
  /** the first retry's delay; each next one doubles, up to maxBackoffMs */
  retryMs: number
  maxBackoffMs: number
  /** after this long from firing, a delivery not yet made is failed */
  giveUpMs: number
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  timeoutMs: 5000,
  retryMs: 1000,
  maxBackoffMs: 15 * 60_000,
  giveUpMs: 24 * 3_600_000,
}

/** When to try again after `attempts` failures, or null: give up. Pure. */
export function nextAttemptAt(attempts: number, firedAtMs: number, nowMs: number, o: DeliveryOptions): number | null {
  const backoff = Math.min(o.maxBackoffMs, o.retryMs * 2 ** Math.max(0, attempts - 1))
  const at = nowMs + backoff
  return at > firedAtMs + o.giveUpMs ? null : at
}

export interface SendResult {
  ok: boolean
  /** the receiver's HTTP status; null when it never answered */
  status: number | null
  error: string | null
}

/** One POST of a notice's body to a channel. The URL and secret never reach a log or an error text. */
export async function sendOnce(channel: Channel, body: string, timeoutMs: number, nowMs: number): Promise<SendResult> {
  const headers =
    channel.type === 'webhook' ? webhookHeaders(body, channel.secret, nowMs) : { 'content-type': 'application/json' }
  try {
    const res = await fetch(channel.url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) })
    // the body is not read: drain it so the connection is released
    await res.arrayBuffer().catch(() => undefined)
    if (res.ok) return { ok: true, status: res.status, error: null }
    return { ok: false, status: res.status, error: `the receiver answered ${res.status} ${res.statusText}`.trim() }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } }
    const why =
      e.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : e.cause?.code !== undefined
          ? `could not connect (${e.cause.code})`
          : 'could not connect'
    return { ok: false, status: null, error: why }
  }
}

const keyOf = (d: DeliveryRecord) => `${d.projectId}\u0000${d.alertId}\u0000${d.event}\u0000${d.channel}`

export class Deliverer {
  private readonly queue = new Map<string, DeliveryRecord>()
  private readonly inFlight = new Map<string, Promise<void>>()
  private timer: NodeJS.Timeout | null = null
  private lastVersion = 0
  constructor(
    private readonly store: SpanStore,
    private readonly channels: () => Readonly<Record<string, Channel>>,
    private readonly opts: DeliveryOptions,
    private readonly now: () => number,
  ) {}

  /** Deliveries already stored (new ones, or pending ones read back after a restart) to try. */
  enqueue(deliveries: readonly DeliveryRecord[]): void {
    for (const d of deliveries) {
      this.lastVersion = Math.max(this.lastVersion, d.version)
      this.queue.set(keyOf(d), d)
    }
    this.kick()
  }

  start(tickMs: number): void {
    this.timer = setInterval(() => this.kick(), tickMs)
    this.timer.unref()
  }

  /** Stops trying; attempts under way finish (each within its timeout). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await Promise.all(this.inFlight.values())
  }

  private kick(): void {
    const now = this.now()
    for (const [key, d] of this.queue) {
      if (this.inFlight.has(key) || d.nextAttemptAtMs > now) continue
      // a resolution waits for its firing notice to the same channel, so they arrive in order
      if (d.event === 'resolved' && this.queue.has(keyOf({ ...d, event: 'firing' }))) continue
      const attempt = this.attempt(d).finally(() => this.inFlight.delete(key))
      this.inFlight.set(key, attempt)
    }
  }

  private async attempt(d: DeliveryRecord): Promise<void> {
    const channel = this.channels()[d.channel]
    const result: SendResult =
      channel === undefined
        ? { ok: false, status: null, error: `channel ${d.channel} is no longer in the rules file` }
        : await sendOnce(channel, d.payload, this.opts.timeoutMs, this.now())
    const now = this.now()
    const attempts = d.attempts + 1
    const retryAt = result.ok || channel === undefined ? null : nextAttemptAt(attempts, d.firedAtMs, now, this.opts)
    const next: DeliveryRecord = {
      ...d,
      version: (this.lastVersion = Math.max(this.lastVersion + 1, now)),
      attempts,
      status: result.ok ? 'delivered' : retryAt === null ? 'failed' : 'pending',
      lastError: result.error ?? '',
      nextAttemptAtMs: retryAt ?? now,
      deliveredAtMs: result.ok ? now : null,
    }
    const key = keyOf(d)
    if (next.status === 'pending') this.queue.set(key, next)
    else this.queue.delete(key)
    if (next.status === 'failed') {
      log.warn('alert delivery failed for good', { alert: d.alertId, channel: d.channel, error: next.lastError })
    }
    try {
      await this.store.insertDeliveries([next])
    } catch (err) {
      // the attempt happened whatever storage says; a lost row only means a restart may send it again
      log.warn('could not record an alert delivery', { alert: d.alertId, error: (err as Error).message })
    }
  }
}
