/**
 * `npm run bench:ingest`: end-to-end OTLP ingest throughput with live state off and on, against
 * each other and against the raw insert rate of the same rows, all measured in this run on this
 * machine.
 *
 * 1. End to end: a collector process on the embedded engine; CLIENTS concurrent clients POST
 *    protobuf batches of 512 agent spans for DURATION_S seconds; spans/s counts acknowledged
 *    (stored) spans only, and latency is per acknowledgement. Each round runs it twice, with
 *    live state off (LOUPE_LIVE_REFRESH_MS=0) and on (the default refresh of 1 s, or the
 *    LOUPE_LIVE_REFRESH_MS given), in alternating order (off first in odd rounds), and prints
 *    live on / live off for the acknowledged rate, the stored-and-settled rate and the CPU a span.
 * 2. Baseline: the same requests normalised here and inserted straight into a fresh embedded
 *    engine through the same store, in batches of the collector's maximum size.
 *
 * Every pass over the bodies rewrites their trace ids, so each request brings new traces and the
 * settler settles them as it would in production; after the window the bench waits for the
 * backlog to settle and prints how long that took.
 *
 * Env: BENCH_ROUNDS (1; each round is two collector runs), BENCH_DURATION_S (15), BENCH_CLIENTS (32), BENCH_SETTLE_MS (the collector's
 * LOUPE_SETTLE_MS, default 10000: settling runs inside the window; 600000 keeps it out, to
 * separate the cost of writing from the cost of settling), BENCH_NODE_ARGS (the collector's
 * node flags, for example `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it under this load, or
 * `--trace-gc`), BENCH_COLLECTOR_LOG (a file to write the collector's output to when it stops).
 * Any LOUPE_* variable set for the bench is passed on to the collector.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadPriceBook } from '../../collector/src/cost/load.ts'
import { createPrepare } from '../../collector/src/ingest/prepare.ts'
import type { SpanRecord } from '../../collector/src/normalise/span-record.ts'
import { PROTOBUF_ENCODING } from '../../collector/src/otlp/encoding.ts'
import { createClickHouseStore } from '../../collector/src/store/clickhouse.ts'
import { startCollector, removeDataDir } from '../utils/collector.ts'
import { agentBatches, traceIdOffsets, withGeneration } from './agent-spans.ts'
import { post, processCpuSeconds } from './collector-io.ts'
import { median, percentile } from './stats.ts'

const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 15)
const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 32)
const SETTLE_MS = Number(process.env['BENCH_SETTLE_MS'] ?? 10_000)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 1)
/** The live-on refresh: the one given to the bench, unless that turns live off. */
const LIVE_REFRESH_MS =
  process.env['LOUPE_LIVE_REFRESH_MS'] && process.env['LOUPE_LIVE_REFRESH_MS'] !== '0'
    ? process.env['LOUPE_LIVE_REFRESH_MS']
    : '1000'
const BATCH = 512
const BODIES = 120

const out = (line: string) => process.stdout.write(`${line}\n`)

interface Run {
  live: boolean
  spansPerS: number
  p50: number
  p99: number
  requests: number
  errors: number
  pendingTraces: number
  overdueTraces: number
  drainS: number
  spans: number
  elapsedS: number
  cpuS: number
  clientCpuS: number
  /** traces followed as running at the end of the window */
  runningTraces: number
}

async function endToEnd(bodies: Uint8Array[], offsets: number[][], live: boolean): Promise<Run> {
  const nodeArgs = process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean)
  // Any LOUPE_* variable of the bench's own environment reaches the collector (e.g. LOUPE_BATCH_MAX_SPANS=20000).
  const passed = Object.entries(process.env).filter(
    (e): e is [string, string] => e[0].startsWith('LOUPE_') && e[1] !== undefined,
  )
  const collector = await startCollector({
    env: {
      ...Object.fromEntries(passed),
      LOUPE_SETTLE_MS: String(SETTLE_MS),
      LOUPE_LIVE_REFRESH_MS: live ? LIVE_REFRESH_MS : '0',
    },
    nodeArgs,
  })
  const url = new URL(collector.url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS })
  const latencies: number[] = []
  let spans = 0
  let errors = 0
  const deadline = performance.now() + DURATION_S * 1000
  const started = performance.now()
  const clientCpu0 = process.cpuUsage()
  let sent = 0
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const n = sent++
        // every pass over the bodies sends new traces (fresh trace ids), so the settler settles
        // them inside the window as it would in production
        const body = withGeneration(
          bodies[n % bodies.length]!,
          offsets[n % bodies.length]!,
          Math.floor(n / bodies.length) + 1,
        )
        const t0 = performance.now()
        const status = await post(url, agent, body)
        if (status === 200) {
          latencies.push(performance.now() - t0)
          spans += BATCH
        } else errors++
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  const clientCpu = process.cpuUsage(clientCpu0)
  agent.destroy()
  const health = async () =>
    (await (await fetch(`${collector.url}/api/health`)).json()) as {
      pendingTraces: number
      overdueTraces: number
      runningTraces?: number
    }
  const { pendingTraces, overdueTraces, runningTraces } = await health()
  const pending = async () => (await health()).pendingTraces
  // the traces still pending must settle within the settle delay plus a little, or settling lags ingest
  const drainStart = performance.now()
  while (SETTLE_MS <= 60_000 && (await pending()) > 0 && performance.now() - drainStart < 120_000)
    await new Promise((r) => setTimeout(r, 250))
  const drainS = (performance.now() - drainStart) / 1000
  const cpuS = processCpuSeconds(collector.pid)
  await collector.stop()
  if (process.env['BENCH_COLLECTOR_LOG']) writeFileSync(process.env['BENCH_COLLECTOR_LOG'], collector.logs())
  removeDataDir(collector.dataDir)
  return {
    live,
    spansPerS: spans / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    errors,
    pendingTraces,
    overdueTraces,
    drainS,
    spans,
    elapsedS: elapsed,
    cpuS,
    clientCpuS: (clientCpu.user + clientCpu.system) / 1e6,
    runningTraces: runningTraces ?? 0,
  }
}

async function rawInsert(bodies: Uint8Array[]): Promise<number> {
  const prepare = createPrepare(loadPriceBook(null, (p) => readFileSync(p, 'utf8')))
  const rows: SpanRecord[] = bodies.flatMap((b) => prepare(PROTOBUF_ENCODING.decode(Buffer.from(b)), 'default'))
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-raw-'))
  const store = createClickHouseStore({ target: { kind: 'embedded', path: dir }, database: 'loupe', retentionDays: 30 })
  await store.migrate()
  const chunk = 10_000
  let inserted = 0
  const deadline = performance.now() + DURATION_S * 1000
  const started = performance.now()
  while (performance.now() < deadline) {
    for (let i = 0; i < rows.length && performance.now() < deadline; i += chunk) {
      const part = rows.slice(i, i + chunk)
      await store.insertSpans(part)
      inserted += part.length
    }
  }
  const rate = inserted / ((performance.now() - started) / 1000)
  await store.close()
  rmSync(dir, { recursive: true, force: true })
  return rate
}

const settling = SETTLE_MS <= 60_000
/** Spans/s stored and settled: every span over the window plus the time the backlog took, less the settle delay. */
const settledRate = (r: Run) => (settling ? r.spans / (r.elapsedS + r.drainS - SETTLE_MS / 1000) : Number.NaN)
const cpuPerSpan = (r: Run) => (r.cpuS / r.spans) * 1e6

function describe(r: Run, round: number): void {
  const head = `live ${r.live ? 'on ' : 'off'} #${round}`
  out(
    `${head}  end to end ${r.spansPerS.toFixed(0)} spans/s acknowledged (${r.requests} requests, ${r.errors} not acknowledged), ack latency p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms` +
      (r.live ? `; ${r.runningTraces} traces running at the end of the window` : ''),
  )
  out(
    settling
      ? `${head}  settling   ${r.pendingTraces} traces pending at the end of the window (${r.overdueTraces} of them overdue), all settled ${r.drainS.toFixed(1)} s later (each settles ${SETTLE_MS / 1000} s after its last span): ` +
          `${settledRate(r).toFixed(0)} spans/s stored and settled, net of that delay`
      : `${head}  settling   kept out of the window (each settles ${SETTLE_MS / 1000} s after its last span); ${r.pendingTraces} traces pending`,
  )
  out(
    `${head}  CPU        collector ${cpuPerSpan(r).toFixed(1)} µs a span, start-up to settled, all threads (${r.cpuS.toFixed(1)} s for ${r.spans} spans); ` +
      `clients ${((r.clientCpuS / r.spans) * 1e6).toFixed(1)} µs a span, during the window, on the same cores`,
  )
}

const { bodies, spans } = await agentBatches(BODIES, BATCH)
const offsets = bodies.map((b, i) => traceIdOffsets(b, spans[i]!))
const mb = bodies.reduce((n, b) => n + b.length, 0) / BODIES / 1024
out(
  `bench:ingest  ${BODIES} distinct protobuf batches of ${BATCH} agent spans (${mb.toFixed(0)} KiB each), ${CLIENTS} clients, ${DURATION_S}s per run; ` +
    `${ROUNDS} round${ROUNDS === 1 ? '' : 's'} of live state off and on (refresh every ${LIVE_REFRESH_MS} ms), alternating`,
)
const pairs: Array<{ off: Run; on: Run }> = []
for (let round = 1; round <= ROUNDS; round++) {
  const order = round % 2 === 1 ? [false, true] : [true, false]
  const runs: Run[] = []
  for (const live of order) {
    const r = await endToEnd(bodies, offsets, live)
    describe(r, round)
    runs.push(r)
  }
  pairs.push({ off: runs.find((r) => !r.live)!, on: runs.find((r) => r.live)! })
}

// live on / live off: per round, then the median of the rounds' ratios
const ratios = pairs.map(({ off, on }) => ({
  acked: on.spansPerS / off.spansPerS,
  settled: settledRate(on) / settledRate(off),
  cpu: cpuPerSpan(on) / cpuPerSpan(off),
}))
const show = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(2))
if (ROUNDS > 1)
  ratios.forEach((q, i) =>
    out(
      `live on / off #${i + 1}  acknowledged ${show(q.acked)}, stored and settled ${show(q.settled)}, collector CPU a span ${show(q.cpu)}`,
    ),
  )
const mid = {
  acked: median(ratios.map((q) => q.acked)),
  settled: settling ? median(ratios.map((q) => q.settled)) : Number.NaN,
  cpu: median(ratios.map((q) => q.cpu)),
}
const within = (x: number, worse: (x: number) => boolean) => (Number.isNaN(x) ? 'n/a' : worse(x) ? 'missed' : 'met')
out(
  `live on / off${ROUNDS > 1 ? ` (median of ${ROUNDS} rounds)` : ''}: acknowledged ${show(mid.acked)} (${within(mid.acked, (x) => x < 0.9)}), ` +
    `stored and settled ${show(mid.settled)} (${within(mid.settled, (x) => x < 0.9)}), ` +
    `collector CPU a span ${show(mid.cpu)} (${within(mid.cpu, (x) => x > 1.1)}); target: live on within 10% of live off`,
)

// What the live-on CPU figures allow, sustained: with every core busy, cores / (µs a span).
const on = pairs.map((p) => p.on)
const cores = availableParallelism()
const usPerSpan = median(on.map((r) => ((r.cpuS + r.clientCpuS) / r.spans) * 1e6))
out(
  `CPU ceiling   ${((cores * 1e6) / usPerSpan).toFixed(0)} spans/s ${settling ? 'stored and settled' : 'stored'}, sustained, with all ${cores} cores busy at ${usPerSpan.toFixed(1)} µs a span (collector and clients, live on); 30000 spans/s needs at most ${((cores * 1e6) / 30_000).toFixed(1)}`,
)
const raw = await rawInsert(bodies)
out(`raw insert    ${raw.toFixed(0)} spans/s (same rows, store.insertSpans in batches of 10000, no HTTP, no decode)`)
const offRate = median(pairs.map((p) => p.off.spansPerS))
const onRate = median(on.map((r) => r.spansPerS))
out(
  `ratio         live on ${(onRate / raw).toFixed(2)}, live off ${(offRate / raw).toFixed(2)} of the raw insert rate (target ≥ 0.50); ` +
    `target ≥ 30000 spans/s, live on: ${onRate >= 30_000 ? 'met' : 'missed'}`,
)
process.exit(0)
