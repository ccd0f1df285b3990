/**
 * @module ingest/settler
 * Finishes a trace once it has been quiet for `settleMs`. Spans of one trace arrive in several
 * requests, children usually before their agent parent (a child ends first), so an LLM or tool
 * span often reaches storage without the agent name it inherits. The settler re-reads the quiet
 * trace, inherits agent names over the whole of it, and rewrites only the spans that changed: the
 * table keeps the newest version of a span, so reports grouped by agent see the inherited name.
 * A late span makes the trace pending again.
 *
 * Pending traces live in memory; after a restart, `recover` picks up the traces written in the
 * last few minutes, so a crash between a write and its settling loses no fix-up.
 */
import { log } from '../log.ts'
import { inheritAgentNames } from '../normalise/inherit.ts'
import type { SpanRecord } from '../normalise/span-record.ts'
import type { SpanStore } from '../store/span-store.ts'

export interface SettlerOptions {
  settleMs: number
  /** Most traces settled per tick, so a burst does not monopolise storage. */
  maxPerTick: number
  now?: () => number
}

export class TraceSettler {
  private readonly pending = new Map<string, { projectId: string; traceId: string; lastSeen: number }>()
  private timer: NodeJS.Timeout | null = null
  private running: Promise<unknown> = Promise.resolve()
  settledTraces = 0
  rewrittenSpans = 0

  constructor(
    private readonly store: SpanStore,
    private readonly opts: SettlerOptions,
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)()
  }

  /** Marks the traces of freshly stored spans as pending. */
  touch(spans: readonly SpanRecord[]): void {
    const t = this.now()
    for (const s of spans) {
      this.pending.set(`${s.projectId}\u0000${s.traceId}`, { projectId: s.projectId, traceId: s.traceId, lastSeen: t })
    }
  }

  get pendingTraces(): number {
    return this.pending.size
  }

  /** Settles every trace quiet for settleMs (up to maxPerTick); returns how many. */
  async tick(): Promise<number> {
    const cutoff = this.now() - this.opts.settleMs
    const due = [...this.pending].filter(([, p]) => p.lastSeen <= cutoff).slice(0, this.opts.maxPerTick)
    for (const [key, p] of due) {
      try {
        await this.settle(p.projectId, p.traceId)
        if (this.pending.get(key)?.lastSeen === p.lastSeen) this.pending.delete(key)
        this.settledTraces++
      } catch (err) {
        log.warn('settling a trace failed; will retry', { traceId: p.traceId, error: (err as Error).message })
      }
    }
    return due.length
  }

  private async settle(projectId: string, traceId: string): Promise<void> {
    const spans = await this.store.getTrace(projectId, traceId)
    const inherited = inheritAgentNames(spans)
    const changed = inherited.filter((s, i) => s.agentName !== spans[i]!.agentName)
    if (changed.length > 0) {
      await this.store.insertSpans(changed)
      this.rewrittenSpans += changed.length
    }
  }

  async recover(lookbackSeconds: number): Promise<void> {
    const recent = await this.store.recentTraces(lookbackSeconds)
    const t = this.now() - this.opts.settleMs
    for (const r of recent) this.pending.set(`${r.projectId}\u0000${r.traceId}`, { ...r, lastSeen: t })
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.tick()).catch(() => {})
    }, intervalMs)
    this.timer.unref()
  }

  /** Stops the timer and settles what is due. Safe to call more than once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
  }
}
