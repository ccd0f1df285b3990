/**
 * `npm run bench:ingest`: end-to-end OTLP ingest throughput against the raw insert rate of the
 * same rows, both measured in this run on this machine.
 *
 * 1. End to end: a collector process on the embedded engine; CLIENTS concurrent clients POST
 *    protobuf batches of 512 agent spans for DURATION_S seconds; spans/s counts acknowledged
 *    (stored) spans only, and latency is per acknowledgement.
 * 2. Baseline: the same requests normalised here and inserted straight into a fresh embedded
 *    engine through the same store, in batches of the collector's maximum size.
 *
 * Every pass over the bodies rewrites their trace ids, so each request brings new traces and the
 * settler settles them as it would in production; after the window the bench waits for the
 * backlog to settle and prints how long that took.
 *
 * Env: BENCH_DURATION_S (15), BENCH_CLIENTS (32), BENCH_SETTLE_MS (the collector's
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
import { percentile } from './stats.ts'

const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 15)
const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 32)
const SETTLE_MS = Number(process.env['BENCH_SETTLE_MS'] ?? 10_000)
const BATCH = 512
const BODIES = 120

const out = (line: string) => process.stdout.write(`${line}\n`)

/**
 * One OTLP POST over a keep-alive node:http agent. The clients share the collector's two cores,
 * and node:http costs them about a third less CPU than fetch, so less of the machine goes to load.
 */
function post(url: URL, agent: http.Agent, body: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/v1/traces',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** User + system CPU seconds a process has used, all its threads (Linux /proc). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function endToEnd(
  bodies: Uint8Array[],
  offsets: number[][],
): Promise<{
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
}> {
  const nodeArgs = process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean)
  // Any LOUPE_* variable of the bench's own environment reaches the collector (e.g. LOUPE_BATCH_MAX_SPANS=20000).
  const passed = Object.entries(process.env).filter(
    (e): e is [string, string] => e[0].startsWith('LOUPE_') && e[1] !== undefined,
  )
  const collector = await startCollector({
    env: { ...Object.fromEntries(passed), LOUPE_SETTLE_MS: String(SETTLE_MS) },
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
    (await (await fetch(`${collector.url}/api/health`)).json()) as { pendingTraces: number; overdueTraces: number }
  const { pendingTraces, overdueTraces } = await health()
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

const { bodies, spans } = await agentBatches(BODIES, BATCH)
const offsets = bodies.map((b, i) => traceIdOffsets(b, spans[i]!))
const mb = bodies.reduce((n, b) => n + b.length, 0) / BODIES / 1024
out(
  `bench:ingest  ${BODIES} distinct protobuf batches of ${BATCH} agent spans (${mb.toFixed(0)} KiB each), ${CLIENTS} clients, ${DURATION_S}s per phase`,
)
const e2e = await endToEnd(bodies, offsets)
out(
  `end to end    ${e2e.spansPerS.toFixed(0)} spans/s acknowledged (${e2e.requests} requests, ${e2e.errors} not acknowledged), ack latency p50 ${e2e.p50.toFixed(1)} ms, p99 ${e2e.p99.toFixed(1)} ms`,
)
out(
  SETTLE_MS <= 60_000
    ? `settling      ${e2e.pendingTraces} traces pending at the end of the window (${e2e.overdueTraces} of them overdue), all settled ${e2e.drainS.toFixed(1)} s later (each settles ${SETTLE_MS / 1000} s after its last span): ` +
        `${(e2e.spans / (e2e.elapsedS + e2e.drainS - SETTLE_MS / 1000)).toFixed(0)} spans/s stored and settled, net of that delay`
    : `settling      kept out of the window (each settles ${SETTLE_MS / 1000} s after its last span); ${e2e.pendingTraces} traces pending`,
)
out(
  `collector CPU ${((e2e.cpuS / e2e.spans) * 1e6).toFixed(1)} µs a span, start-up to settled, all threads (${e2e.cpuS.toFixed(1)} s for ${e2e.spans} spans): steadier across runs than the rates`,
)
out(
  `client CPU    ${((e2e.clientCpuS / e2e.spans) * 1e6).toFixed(1)} µs a span, the bench's own clients during the window, on the same cores as the collector`,
)
// What those CPU figures allow, sustained: with every core busy, cores / (µs a span).
const cores = availableParallelism()
const usPerSpan = ((e2e.cpuS + e2e.clientCpuS) / e2e.spans) * 1e6
out(
  `CPU ceiling   ${((cores * 1e6) / usPerSpan).toFixed(0)} spans/s ${SETTLE_MS <= 60_000 ? 'stored and settled' : 'stored'}, sustained, with all ${cores} cores busy at ${usPerSpan.toFixed(1)} µs a span (collector and clients); 30000 spans/s needs at most ${((cores * 1e6) / 30_000).toFixed(1)}`,
)
const raw = await rawInsert(bodies)
out(`raw insert    ${raw.toFixed(0)} spans/s (same rows, store.insertSpans in batches of 10000, no HTTP, no decode)`)
out(
  `ratio         ${(e2e.spansPerS / raw).toFixed(2)} of the raw insert rate (target ≥ 0.50); target ≥ 30000 spans/s: ${e2e.spansPerS >= 30_000 ? 'met' : 'missed'}`,
)
process.exit(0)
