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
 * 3. Logs (bench/logs-phase.ts): the same load of agent log records, GenAI events and application
 *    lines, to /v1/logs on a fresh collector with live state on, and their own raw insert rate
 *    (`store.insertLogs`); then one table of records/s and the ratio to the raw insert rate, logs
 *    beside the span runs.
 *
 * Every pass over the bodies rewrites their trace ids, so each request brings new traces and the
 * settler settles them as it would in production; after the window the bench waits for the
 * backlog to settle and prints how long that took.
 *
 * Env: BENCH_ROUNDS (1; each round is two collector runs), BENCH_DURATION_S (15), BENCH_CLIENTS (32), BENCH_SETTLE_MS (the collector's
 * LOUPE_SETTLE_MS, default 10000: settling runs inside the window; 600000 keeps it out, to
 * separate the cost of writing from the cost of settling), BENCH_NODE_ARGS (the collector's
 * node flags, for example `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it under this load, or
 * `--trace-gc`), BENCH_COLLECTOR_LOG (a file to write the collector's output to when it stops;
 * the logs phase's collector writes to that name plus `.logs`), BENCH_LOGS (1; 0 skips the logs phase).
 * Any LOUPE_* variable set for the bench is passed on to the collector.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadPriceBook } from '../../collector/src/cost/load.ts'
import { createPrepare } from '../../collector/src/ingest/prepare.ts'
import type { SpanRecord } from '../../collector/src/normalise/span-record.ts'
import { PROTOBUF_ENCODING } from '../../collector/src/otlp/encoding.ts'
import { createClickHouseStore } from '../../collector/src/store/clickhouse.ts'
import { startCollector, removeDataDir } from '../utils/collector.ts'
import { agentBatches, traceIdOffsets } from './agent-spans.ts'
import { processCpuSeconds } from './collector-io.ts'
import { collectorEnv, collectorNodeArgs, drive, settleBacklog } from './ingest-load.ts'
import { logsEndToEnd, logsWork, rawInsertLogs } from './logs-phase.ts'
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
const LOGS = process.env['BENCH_LOGS'] !== '0'
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

async function endToEnd(
  work: { bodies: Uint8Array[]; offsets: number[][]; records: number[] },
  live: boolean,
): Promise<Run> {
  const collector = await startCollector({
    env: collectorEnv({ LOUPE_SETTLE_MS: String(SETTLE_MS), LOUPE_LIVE_REFRESH_MS: live ? LIVE_REFRESH_MS : '0' }),
    nodeArgs: collectorNodeArgs(),
  })
  const load = await drive(new URL(collector.url), '/v1/traces', work, DURATION_S, CLIENTS)
  const backlog = await settleBacklog(collector.url, SETTLE_MS)
  const cpuS = processCpuSeconds(collector.pid)
  await collector.stop()
  if (process.env['BENCH_COLLECTOR_LOG']) writeFileSync(process.env['BENCH_COLLECTOR_LOG'], collector.logs())
  removeDataDir(collector.dataDir)
  return {
    live,
    spansPerS: load.records / load.elapsedS,
    p50: percentile(load.latencies, 50),
    p99: percentile(load.latencies, 99),
    requests: load.latencies.length,
    errors: load.errors,
    pendingTraces: backlog.pendingTraces,
    overdueTraces: backlog.overdueTraces,
    drainS: backlog.drainS,
    spans: load.records,
    elapsedS: load.elapsedS,
    cpuS,
    clientCpuS: load.clientCpuS,
    runningTraces: backlog.runningTraces,
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
const spanWork = { bodies, offsets, records: bodies.map(() => BATCH) }
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
    const r = await endToEnd(spanWork, live)
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
if (LOGS) await logsBesideSpans(raw)
process.exit(0)

/**
 * The logs phase: the same load (clients, window, batches of 512) of agent log records to
 * /v1/logs on a fresh collector with live state on, and its own raw insert rate; then one table
 * of records/s and the ratio to the raw rate, logs beside the span runs above.
 */
async function logsBesideSpans(rawSpans: number): Promise<void> {
  const work = await logsWork(BODIES, BATCH)
  out(
    `logs          ${BODIES} distinct protobuf batches of ${BATCH} agent log records (${work.kib.toFixed(0)} KiB each; ` +
      `${(work.eventShare * 100).toFixed(0)}% GenAI events with ${work.eventBodyBytes.toFixed(0)}-byte bodies on average, the rest application lines), ` +
      `to /v1/logs, live state on, same clients and window`,
  )
  const r = await logsEndToEnd(work, {
    durationS: DURATION_S,
    clients: CLIENTS,
    settleMs: SETTLE_MS,
    env: { LOUPE_SETTLE_MS: String(SETTLE_MS), LOUPE_LIVE_REFRESH_MS: LIVE_REFRESH_MS },
  })
  const rate = r.records / r.elapsedS
  out(
    `logs          end to end ${rate.toFixed(0)} records/s acknowledged (${r.latencies.length} requests, ${r.errors} not acknowledged), ` +
      `ack latency p50 ${percentile(r.latencies, 50).toFixed(1)} ms, p99 ${percentile(r.latencies, 99).toFixed(1)} ms; ` +
      `${r.pendingTraces} traces with GenAI events pending at the end of the window, settled ${r.drainS.toFixed(1)} s later`,
  )
  const rawLogs = await rawInsertLogs(work.rows, DURATION_S)
  out(
    `raw insert    ${rawLogs.toFixed(0)} log records/s (same rows, store.insertLogs in batches of 10000, no HTTP, no decode)`,
  )

  const spanCol = (runs: Run[]) => ({
    rate: median(runs.map((x) => x.spansPerS)),
    p50: median(runs.map((x) => x.p50)),
    p99: median(runs.map((x) => x.p99)),
    cpu: median(runs.map(cpuPerSpan)),
    raw: rawSpans,
    kib: mb,
  })
  const cols = [
    spanCol(pairs.map((p) => p.off)),
    spanCol(on),
    {
      rate,
      p50: percentile(r.latencies, 50),
      p99: percentile(r.latencies, 99),
      cpu: (r.cpuS / r.records) * 1e6,
      raw: rawLogs,
      kib: work.kib,
    },
  ]
  const n = (x: number, digits = 0) =>
    x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
  const row = (label: string, cell: (c: (typeof cols)[number]) => string) =>
    out(`| ${label} | ${cols.map(cell).join(' | ')} |`)
  out('')
  out(`| ${ROUNDS > 1 ? `median of ${ROUNDS} rounds` : ''} | spans, live off | spans, live on | logs, live on |`)
  out('|---|---|---|---|')
  row('end to end, records/s', (c) => n(c.rate))
  row('raw insert, records/s', (c) => n(c.raw))
  row('ratio to the raw insert', (c) => n(c.rate / c.raw, 2))
  row('ack latency p50 / p99, ms', (c) => `${n(c.p50)} / ${n(c.p99)}`)
  row('collector CPU, µs a record', (c) => n(c.cpu, 1))
  row(`request of ${BATCH} records, KiB`, (c) => n(c.kib))
}
