/**
 * @module settle/settler
 * Follows traces from their first span to their settled version.
 * - Running: while a trace receives spans, it is kept in memory (settle/live-trace.ts) and every
 *   `live.refreshMs` a trace with new spans gets a provisional version (running = 1) of its summary,
 *   cost facts and findings, so lists, reports and findings show it while the agent runs.
 * - Settled: once quiet for `settleMs`, the trace is read back from storage whole and settled:
 *   agent names inherited and duplicate calls decided over every span (the spans that change are
 *   rewritten), then summary, cost facts and findings written under a newer version, running = 0.
 *   Reading from storage makes the settled version exact whatever memory gave up, and whichever
 *   collector received the spans.
 * The work on each trace is pure (settle/settle-trace.ts, settle/live-trace.ts); this module
 * schedules it, reads and writes. A late span makes the trace running again: a trace that already
 * has a version in storage is first read back, so its provisional version covers every span.
 * After a restart, `recover` picks up the traces written in the last minutes, running ones included.
 */
import type { DetectorConfig } from '../detect/types.ts'
import { log } from '../log.ts'
import type { SpanStore } from '../store/span-store.ts'
import { cachedStepHistory } from '../store/step-history.ts'
import {
  addLogs,
  addSpans,
  type HeldLog,
  foldOldest,
  isDirty,
  liveSettlement,
  looksFinished,
  newLiveTrace,
  type LiveTrace,
} from './live-trace.ts'
import { bySpan, isGenAiEvent } from '../normalise/genai-logs.ts'
import type { LogRecord } from '../normalise/log-record.ts'
import type { SettleSpan } from './settle-span.ts'
import { settleTrace, type SettledTrace } from './settle-trace.ts'

const MAX_LOGS_FIRST = 100_000

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
  /** Running traces in memory; null to settle quiet traces only. */
  live: LiveOptions | null
  /** Told of every version written, provisional or settled, once it is stored (alerts, the guard). */
  onSettled?: (traces: readonly SettledTrace[]) => void
  now?: () => number
}

export interface LiveOptions {
  /** How often running traces with new spans get a new provisional version. */
  refreshMs: number
  /** Spans per trace settled afresh on each refresh; older ones are folded (settle/live-trace.ts). */
  windowSpans: number
  /** Estimated heap for the spans of running traces; past it, the quietest traces are folded whole. */
  memoryBytes: number
}

interface Pending {
  projectId: string
  traceId: string
  lastSeen: number
}

interface Following {
  trace: LiveTrace
  /** false until storage has been asked whether the trace already has spans this collector never saw */
  checked: boolean
}

export class TraceSettler {
  private readonly pending = new Map<string, Pending>()
  private readonly live = new Map<string, Following>()
  /** traces whose GenAI records arrived before any span of theirs: read back once they are followed */
  private readonly logsFirst = new Set<string>()
  private liveBytes = 0
  private timer: NodeJS.Timeout | null = null
  private liveTimer: NodeJS.Timeout | null = null
  private running: Promise<unknown> = Promise.resolve()
  private lastVersion = 0
  settledTraces = 0
  rewrittenSpans = 0
  /** provisional versions written */
  refreshedTraces = 0
  /** running traces whose window was folded whole to stay within the memory bound */
  foldedForMemory = 0
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

  /**
   * Marks traces of one project that have freshly stored spans as pending, and (live on) follows
   * them with those spans' settle views.
   */
  touch(projectId: string, traceIds: readonly string[], spans: readonly SettleSpan[] = []): void {
    const t = this.now()
    for (const traceId of traceIds)
      this.pending.set(`${projectId}\u0000${traceId}`, { projectId, traceId, lastSeen: t })
    if (this.opts.live === null) return
    let i = 0
    while (i < spans.length) {
      // a request's spans come grouped by trace: add each run at once
      const traceId = spans[i]!.traceId
      let j = i + 1
      while (j < spans.length && spans[j]!.traceId === traceId) j++
      this.liveBytes += addSpans(this.follow(projectId, traceId, false).trace, spans.slice(i, j), t)
      i = j
    }
  }

  /**
   * GenAI event records just stored: a running trace takes them into its next provisional version
   * (its conversations, the near-duplicate detector); any other trace is settled again, so that a
   * record arriving after its trace settled still reaches the span.
   */
  addLogs(records: readonly LogRecord[]): void {
    const byTrace = new Map<string, { projectId: string; traceId: string; logs: HeldLog[] }>()
    for (const r of records) {
      if (r.traceId === '' || r.spanId === '' || !isGenAiEvent(r.eventName)) continue
      const key = `${r.projectId}\u0000${r.traceId}`
      let entry = byTrace.get(key)
      if (entry === undefined) byTrace.set(key, (entry = { projectId: r.projectId, traceId: r.traceId, logs: [] }))
      entry.logs.push({
        spanId: r.spanId,
        logId: r.logId,
        timeUnixNano: r.timeUnixNano,
        eventName: r.eventName,
        body: r.body,
        attributes: r.attributes,
      })
    }
    for (const [key, { projectId, traceId, logs }] of byTrace) {
      this.touch(projectId, [traceId])
      const f = this.live.get(key)
      if (f !== undefined) this.liveBytes += addLogs(f.trace, logs)
      else if (this.opts.live !== null) {
        // read back when the trace's first spans arrive (seed); forgetting one only delays its content to settling
        if (this.logsFirst.size >= MAX_LOGS_FIRST) this.logsFirst.clear()
        this.logsFirst.add(key)
      }
    }
  }

  private follow(projectId: string, traceId: string, checked: boolean): Following {
    const key = `${projectId}\u0000${traceId}`
    let f = this.live.get(key)
    if (f === undefined) this.live.set(key, (f = { trace: newLiveTrace(projectId, traceId), checked }))
    return f
  }

  get pendingTraces(): number {
    return this.pending.size
  }

  /** Traces followed while they run (live on). */
  get runningTraces(): number {
    return this.live.size
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
        for (const [key, p] of entries) {
          if (this.pending.get(key)?.lastSeen !== p.lastSeen) continue
          this.pending.delete(key)
          this.unfollow(key)
        }
        this.settledTraces += entries.length
        this.overdueTraces = Math.max(0, this.overdueTraces - entries.length)
      } catch (err) {
        log.warn('settling failed; will retry', { projectId, traces: entries.length, error: (err as Error).message })
      }
    }
    return due.length
  }

  private async settle(projectId: string, traceIds: string[]): Promise<void> {
    const [rows, logs] = await Promise.all([
      this.store.readSettleSpans(projectId, traceIds),
      this.store.readGenAiLogs(projectId, traceIds),
    ])
    const byTrace = byTraceId(rows)
    const logsByTrace = new Map([...byTraceId(logs)].map(([traceId, list]) => [traceId, bySpan(list)]))
    const history = await this.stepHistory(projectId)
    const version = this.nextVersion()
    const settled: SettledTrace[] = []
    const changed: SettleSpan[] = []
    let done = 0
    for (const [traceId, spans] of byTrace) {
      // A batch is a few hundred milliseconds of detectors: let waiting requests in between, so
      // settling does not stall ingest (and its acknowledgement latency) while it runs.
      if (++done % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve))
      const t = settleTrace(
        projectId,
        traceId,
        version,
        spans,
        this.opts.detectors ?? {},
        history,
        logsByTrace.get(traceId),
      )
      settled.push(t.settled)
      changed.push(...t.changed)
    }
    await this.rewriteSpans(projectId, changed)
    await this.store.insertSettled(settled)
    this.opts.onSettled?.(settled)
  }

  private unfollow(key: string): void {
    const f = this.live.get(key)
    if (f === undefined) return
    this.liveBytes -= f.trace.bytes
    this.live.delete(key)
  }

  /**
   * Writes a provisional version of each running trace with spans newer than its last one (up to
   * maxPerTick, those waiting longest first); returns how many.
   */
  async refreshLive(): Promise<number> {
    const live = this.opts.live
    if (live === null) return 0
    const dirty = [...this.live.values()].filter((f) => isDirty(f.trace)).slice(0, this.opts.maxPerTick)
    // A trace that arrived whole is settled now instead of written twice, provisional then settled.
    let finished = 0
    for (const f of dirty) {
      if (!looksFinished(f.trace)) continue
      const p = this.pending.get(`${f.trace.projectId}\u0000${f.trace.traceId}`)
      if (p === undefined) continue
      p.lastSeen = 0
      f.trace.written = f.trace.generation
      finished++
    }
    const byProject = new Map<string, Following[]>()
    for (const f of dirty) {
      if (!isDirty(f.trace)) continue
      const list = byProject.get(f.trace.projectId)
      if (list) list.push(f)
      else byProject.set(f.trace.projectId, [f])
    }
    for (const [projectId, following] of byProject) {
      try {
        await this.seed(projectId, following)
        const history = await this.stepHistory(projectId)
        const version = this.nextVersion()
        const settled: SettledTrace[] = []
        const generations: number[] = []
        let done = 0
        for (const { trace } of following) {
          if (trace.window.size === 0 && trace.folded === null) continue
          if (++done % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve))
          // down to half a window: one fold per half-window of new spans, and one alone for a
          // trace read back whole from storage
          if (trace.window.size > live.windowSpans) {
            const excess = trace.window.size - Math.floor(live.windowSpans / 2)
            this.liveBytes += foldOldest(trace, excess, this.opts.detectors ?? {}, history)
          }
          generations.push(trace.generation)
          settled.push(liveSettlement(trace, version, this.opts.detectors ?? {}, history))
        }
        await this.store.insertSettled(settled)
        this.opts.onSettled?.(settled)
        settled.forEach((_, i) => {
          const f = this.live.get(`${projectId}\u0000${settled[i]!.traceId}`)
          if (f !== undefined) f.trace.written = generations[i]!
        })
        this.refreshedTraces += settled.length
      } catch (err) {
        log.warn('live refresh failed; will retry', {
          projectId,
          traces: following.length,
          error: (err as Error).message,
        })
      }
    }
    await this.boundMemory(live.memoryBytes)
    if (finished > 0) await this.tick()
    return dirty.length
  }

  /**
   * Reads back, once, the stored spans of traces this collector did not see begin: a late span
   * after settling, a restart, or spans that another collector received.
   */
  private async seed(projectId: string, following: readonly Following[]): Promise<void> {
    const unchecked = following.filter((f) => !f.checked)
    if (unchecked.length === 0) return
    const stored = new Set(
      await this.store.storedTraces(
        projectId,
        unchecked.map((f) => f.trace.traceId),
      ),
    )
    const wanted = unchecked.filter((f) => stored.has(f.trace.traceId) || f.trace.window.size === 0)
    // GenAI records that arrived before their trace's first span, while it was not yet followed
    const logsFirst = unchecked.filter((f) => this.logsFirst.delete(`${projectId}\u0000${f.trace.traceId}`))
    const withLogs = [...new Set([...wanted, ...logsFirst])]
    if (withLogs.length > 0) {
      const [rows, logs] = await Promise.all([
        this.store.readSettleSpans(
          projectId,
          wanted.map((f) => f.trace.traceId),
        ),
        this.store.readGenAiLogs(
          projectId,
          withLogs.map((f) => f.trace.traceId),
        ),
      ])
      const byTrace = byTraceId(rows)
      const logsByTrace = byTraceId(logs)
      for (const f of wanted)
        this.liveBytes += addSpans(f.trace, byTrace.get(f.trace.traceId) ?? [], f.trace.lastSpanAt, false)
      // a record this collector already holds is not added again (addLogs)
      for (const f of withLogs) this.liveBytes += addLogs(f.trace, logsByTrace.get(f.trace.traceId) ?? [])
    }
    for (const f of unchecked) f.checked = true
  }

  /** Past the memory bound, folds whole the windows of the traces quiet for longest. */
  private async boundMemory(memoryBytes: number): Promise<void> {
    if (this.liveBytes <= memoryBytes) return
    const quietest = [...this.live.values()]
      .filter((f) => f.trace.window.size > 0)
      .sort((a, b) => a.trace.lastSpanAt - b.trace.lastSpanAt)
    for (const { trace } of quietest) {
      if (this.liveBytes <= memoryBytes * 0.8) break
      const history = await this.stepHistory(trace.projectId)
      this.liveBytes += foldOldest(trace, trace.window.size, this.opts.detectors ?? {}, history)
      this.foldedForMemory++
    }
  }

  /**
   * Rewrites the full records of the spans that settling changed (an inherited agent name, an
   * LLM call found to repeat another span's, or a conversation from GenAI log records), for the
   * whole batch in one read and one insert:
   * exporters send children before their agent parent, so under load most traces have some, and
   * an insert per trace would make a part per trace.
   */
  private async rewriteSpans(projectId: string, changed: readonly SettleSpan[]): Promise<void> {
    if (changed.length === 0) return
    const settled = new Map(changed.map((s) => [`${s.traceId}/${s.spanId}`, s]))
    const full = await this.store.readSpans(projectId, changed)
    const rewritten = full.map((s) => {
      const now = settled.get(`${s.traceId}/${s.spanId}`)
      return now === undefined
        ? s
        : {
            ...s,
            agentName: now.agentName,
            isRollup: now.isRollup,
            input: now.input ?? s.input,
            output: now.output ?? s.output,
          }
    })
    await this.store.insertSpans(rewritten)
    this.rewrittenSpans += rewritten.length
  }

  /** Versions only grow, even if two settles fall in the same millisecond. */
  private nextVersion(): number {
    this.lastVersion = Math.max(this.lastVersion + 1, this.now())
    return this.lastVersion
  }

  /**
   * Picks up the traces written in the last `lookbackSeconds`, each pending from when its last span
   * was written: quiet ones settle at once, running ones (live on) are read back and followed.
   */
  async recover(lookbackSeconds: number): Promise<void> {
    const recent = await this.store.recentTraces(lookbackSeconds)
    const now = this.now()
    // provisional versions left by a collector stopped for longer than the lookback: settle them now
    for (const r of await this.store.unsettledTraces())
      this.pending.set(`${r.projectId}\u0000${r.traceId}`, { ...r, lastSeen: 0 })
    for (const r of recent) {
      const lastSeen = Math.min(r.lastSeenMs, now)
      this.pending.set(`${r.projectId}\u0000${r.traceId}`, { projectId: r.projectId, traceId: r.traceId, lastSeen })
      if (this.opts.live !== null && lastSeen > now - this.opts.settleMs) {
        const f = this.follow(r.projectId, r.traceId, false)
        f.trace.lastSpanAt = lastSeen
        f.trace.generation++
      }
    }
  }

  /**
   * Settles every intervalMs, and refreshes running traces every live.refreshMs, one at a time; a
   * full settle tick (a backlog, e.g. after recover) is followed at once by the next.
   */
  start(intervalMs: number): void {
    const loop = async (): Promise<void> => {
      while ((await this.tick()) === this.opts.maxPerTick && this.timer !== null);
    }
    this.timer = setInterval(() => {
      this.running = this.running.then(loop).catch(() => {})
    }, intervalMs)
    this.timer.unref()
    if (this.opts.live === null) return
    this.liveTimer = setInterval(() => {
      this.running = this.running.then(() => this.refreshLive()).catch(() => {})
    }, this.opts.live.refreshMs)
    this.liveTimer.unref()
  }

  /** Stops the timers and waits for a running tick. Safe to call more than once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    if (this.liveTimer) clearInterval(this.liveTimer)
    this.timer = null
    this.liveTimer = null
    await this.running
  }
}

function byTraceId<T extends { traceId: string }>(rows: readonly T[]): Map<string, T[]> {
  const byTrace = new Map<string, T[]>()
  for (const r of rows) {
    const list = byTrace.get(r.traceId)
    if (list) list.push(r)
    else byTrace.set(r.traceId, [r])
  }
  return byTrace
}
