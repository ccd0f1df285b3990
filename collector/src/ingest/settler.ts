/**
 * @module ingest/settler
 * Finishes traces once they have been quiet for `settleMs`, in batches:
 * 1. Agent names and duplicate calls. Spans of one trace arrive in several requests, children
 *    usually before their agent parent (a child ends first), so an LLM or tool span often reaches
 *    storage without the agent name it inherits, and an LLM span without the one that repeats its
 *    call (settle/duplicate-calls.ts). Settling decides both over the whole trace and rewrites only
 *    the spans that changed (the spans table keeps the newest version of a span).
 * 2. Summaries, cost facts and findings. It writes the trace's summary, its usage grouped for
 *    reports (settle/summary.ts, settle/cost-facts.ts) and its loop findings (detect/), under a new
 *    version, so lists and reports read a row per trace instead of re-aggregating every span.
 * The work on each trace is the pure settle/settle-trace.ts; this module reads, schedules, writes.
 * A late span makes the trace pending again. Pending traces live in memory; after a restart,
 * `recover` picks up the traces written in the last minutes, so a crash loses no settling.
 */
import type { DetectorConfig } from '../detect/types.ts'
import { log } from '../log.ts'
import type { SettleSpan } from '../settle/settle-span.ts'
import { settleTrace, type SettledTrace } from '../settle/settle-trace.ts'
import type { SpanStore } from '../store/span-store.ts'
import { cachedStepHistory } from '../store/step-history.ts'

/** Traces settled between two turns of the event loop. */
const YIELD_EVERY = 50

export interface SettlerOptions {
  settleMs: number
  /** The trace_summaries table, for each agent's step history (step-budget detector). */
  summariesTable: string
  /** Detector thresholds that differ from the defaults. */
  detectors?: Partial<DetectorConfig>
  /** Most traces settled per tick, so a burst does not monopolise storage. */
  maxPerTick: number
  now?: () => number
}

interface Pending {
  projectId: string
  traceId: string
  lastSeen: number
}

export class TraceSettler {
  private readonly pending = new Map<string, Pending>()
  private timer: NodeJS.Timeout | null = null
  private running: Promise<unknown> = Promise.resolve()
  private lastVersion = 0
  settledTraces = 0
  rewrittenSpans = 0
  /** Traces quiet for longer than settleMs and not yet settled, as of the last tick. */
  overdueTraces = 0
  private readonly stepHistory: ReturnType<typeof cachedStepHistory>

  constructor(
    private readonly store: SpanStore,
    private readonly opts: SettlerOptions,
  ) {
    // As fresh as one settle delay: a trace waits that long anyway, and under load a batch settles
    // every second or so, each of which would otherwise re-read a week of summaries.
    this.stepHistory = cachedStepHistory(store, opts.summariesTable, () => this.now(), opts.settleMs)
  }

  private now(): number {
    return (this.opts.now ?? Date.now)()
  }

  /** Marks traces of one project that have freshly stored spans as pending. */
  touch(projectId: string, traceIds: readonly string[]): void {
    const t = this.now()
    for (const traceId of traceIds)
      this.pending.set(`${projectId}\u0000${traceId}`, { projectId, traceId, lastSeen: t })
  }

  get pendingTraces(): number {
    return this.pending.size
  }

  /** Settles traces quiet for settleMs (up to maxPerTick); returns how many. */
  async tick(): Promise<number> {
    const cutoff = this.now() - this.opts.settleMs
    const overdue = [...this.pending.entries()].filter(([, p]) => p.lastSeen <= cutoff)
    this.overdueTraces = overdue.length
    const due = overdue.slice(0, this.opts.maxPerTick)
    const byProject = new Map<string, Array<[string, Pending]>>()
    for (const entry of due) {
      const list = byProject.get(entry[1].projectId)
      if (list) list.push(entry)
      else byProject.set(entry[1].projectId, [entry])
    }
    for (const [projectId, entries] of byProject) {
      try {
        await this.settle(
          projectId,
          entries.map(([, p]) => p.traceId),
        )
        for (const [key, p] of entries) if (this.pending.get(key)?.lastSeen === p.lastSeen) this.pending.delete(key)
        this.settledTraces += entries.length
        this.overdueTraces = Math.max(0, this.overdueTraces - entries.length)
      } catch (err) {
        log.warn('settling failed; will retry', { projectId, traces: entries.length, error: (err as Error).message })
      }
    }
    return due.length
  }

  private async settle(projectId: string, traceIds: string[]): Promise<void> {
    const rows = await this.store.readSettleSpans(projectId, traceIds)
    const byTrace = new Map<string, SettleSpan[]>()
    for (const r of rows) {
      const list = byTrace.get(r.traceId)
      if (list) list.push(r)
      else byTrace.set(r.traceId, [r])
    }
    const history = await this.stepHistory(projectId)
    const version = this.nextVersion()
    const settled: SettledTrace[] = []
    const changed: SettleSpan[] = []
    let done = 0
    for (const [traceId, spans] of byTrace) {
      // A batch is a few hundred milliseconds of detectors: let waiting requests in between, so
      // settling does not stall ingest (and its acknowledgement latency) while it runs.
      if (++done % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve))
      const t = settleTrace(projectId, traceId, version, spans, this.opts.detectors ?? {}, history)
      settled.push(t.settled)
      changed.push(...t.changed)
    }
    await this.rewriteSpans(projectId, changed)
    await this.store.insertSettled(settled)
  }

  /**
   * Rewrites the full records of the spans that settling changed (an inherited agent name, or an
   * LLM call found to repeat another span's), for the whole batch in one read and one insert:
   * exporters send children before their agent parent, so under load most traces have some, and
   * an insert per trace would make a part per trace.
   */
  private async rewriteSpans(projectId: string, changed: readonly SettleSpan[]): Promise<void> {
    if (changed.length === 0) return
    const settled = new Map(changed.map((s) => [`${s.traceId}/${s.spanId}`, s]))
    const full = await this.store.readSpans(projectId, changed)
    const rewritten = full.map((s) => {
      const now = settled.get(`${s.traceId}/${s.spanId}`)
      return now === undefined ? s : { ...s, agentName: now.agentName, isRollup: now.isRollup }
    })
    await this.store.insertSpans(rewritten)
    this.rewrittenSpans += rewritten.length
  }

  /** Versions only grow, even if two settles fall in the same millisecond. */
  private nextVersion(): number {
    this.lastVersion = Math.max(this.lastVersion + 1, this.now())
    return this.lastVersion
  }

  async recover(lookbackSeconds: number): Promise<void> {
    const recent = await this.store.recentTraces(lookbackSeconds)
    const t = this.now() - this.opts.settleMs
    for (const r of recent) this.pending.set(`${r.projectId}\u0000${r.traceId}`, { ...r, lastSeen: t })
  }

  /** Ticks every intervalMs; a full tick (a backlog, e.g. after recover) is followed at once by the next. */
  start(intervalMs: number): void {
    const loop = async (): Promise<void> => {
      while ((await this.tick()) === this.opts.maxPerTick && this.timer !== null);
    }
    this.timer = setInterval(() => {
      this.running = this.running.then(loop).catch(() => {})
    }, intervalMs)
    this.timer.unref()
  }

  /** Stops the timer and waits for a running tick. Safe to call more than once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
  }
}
