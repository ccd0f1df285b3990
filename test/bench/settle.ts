/**
 * `npm run bench:settle`: what settling a batch of traces costs as the day's partition fills up.
 *
 * One embedded engine, one project (a single tenant's traffic: the project leads the sorting key,
 * so another project's rows would never be read). The day's partition is filled with the bench's
 * agent spans under fresh trace ids. At each fill level:
 * - new traces: a fresh batch of BENCH_BATCH traces (default 2,000, the settler's batch under
 *   load) is stored the way the collector stores requests, left alone for the collector's settle
 *   delay (BENCH_SETTLE_MS, default 10,000, during which the engine merges parts as it does in
 *   production), then settled by the collector's own settler;
 * - old traces: BENCH_BATCH traces picked at random among all those stored, settled again (what a
 *   late span does to a trace, here for a whole batch at once).
 * It prints, for each, the median over BENCH_REPEATS batches (default 3) of the settle time, of
 * the main thread's busy time in it and of the process's CPU time (the engine's threads
 * included), and the settle time against the same measure at the empty partition, in this run.
 *
 * Env: BENCH_FILL (spans in the partition at the last level, default 2,000,000), BENCH_BATCH,
 * BENCH_REPEATS, BENCH_SETTLE_MS.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadPriceBook } from '../../collector/src/cost/load.ts'
import { createPrepare } from '../../collector/src/ingest/prepare.ts'
import { TraceSettler } from '../../collector/src/settle/settler.ts'
import type { SpanRecord } from '../../collector/src/normalise/span-record.ts'
import { PROTOBUF_ENCODING } from '../../collector/src/otlp/encoding.ts'
import { createClickHouseStore } from '../../collector/src/store/clickhouse.ts'
import { encodeSpans } from '../../collector/src/store/encoded-spans.ts'
import { agentBatches, traceIdWithGeneration } from './agent-spans.ts'
import { percentile } from './stats.ts'

const FILL = Number(process.env['BENCH_FILL'] ?? 2_000_000)
const BATCH = Number(process.env['BENCH_BATCH'] ?? 2000)
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 3)
const SETTLE_MS = Number(process.env['BENCH_SETTLE_MS'] ?? 10_000)
const BODY_SPANS = 512

const out = (line: string) => process.stdout.write(`${line}\n`)

const { bodies } = await agentBatches(Math.ceil((BATCH * 15) / BODY_SPANS) + 1, BODY_SPANS)
const prepare = createPrepare(loadPriceBook(null, (p) => readFileSync(p, 'utf8')))
const requests = bodies.map((b) => prepare(PROTOBUF_ENCODING.decode(Buffer.from(b)), 'default'))
const requestSpans = requests.reduce((n, r) => n + r.length, 0)
const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-settle-'))
const store = createClickHouseStore({ target: { kind: 'embedded', path: dir }, database: 'loupe', retentionDays: 30 })
await store.migrate()

let generation = 0
/** The requests under fresh trace ids, spread over the id space as bench:ingest's replays are. */
function fresh(): SpanRecord[][] {
  const g = ++generation
  return requests.map((r) => r.map((s) => ({ ...s, traceId: traceIdWithGeneration(s.traceId, g) })))
}

/** A batch's settling: wall time, main-thread busy time and CPU time of all threads, in ms. */
interface Timing {
  ms: number
  main: number
  cpu: number
}

async function timedSettle(traceIds: readonly string[]): Promise<Timing> {
  const settler = new TraceSettler(store, {
    settleMs: 0,
    summariesTable: 'loupe.trace_summaries',
    maxPerTick: BATCH,
    live: null,
  })
  settler.touch('default', traceIds)
  const started = performance.now()
  const elu = performance.eventLoopUtilization()
  const cpu = process.cpuUsage()
  while ((await settler.tick()) > 0);
  const ms = performance.now() - started
  const main = performance.eventLoopUtilization(elu).active
  const all = process.cpuUsage(cpu)
  if (settler.settledTraces !== traceIds.length)
    throw new Error(`settled ${settler.settledTraces} of ${traceIds.length} traces`)
  return { ms, main, cpu: (all.user + all.system) / 1000 }
}

/** Stores a fresh batch as the collector does; returns its trace ids. */
async function storeBatch(): Promise<string[]> {
  const ids = new Set<string>()
  for (const request of fresh()) {
    const parts = encodeSpans(request)
    await store.insertEncoded(parts)
    for (const p of parts) for (const id of p.traceIds) ids.add(id)
  }
  return [...ids].slice(0, BATCH)
}

let filled = 0
async function fillTo(spans: number): Promise<void> {
  while (filled < spans) {
    for (const request of fresh()) await store.insertEncoded(encodeSpans(request))
    filled += requestSpans
  }
}

async function randomStoredTraces(n: number): Promise<string[]> {
  const rows = await store.select<{ t: string }>(
    `SELECT DISTINCT trace_id AS t FROM loupe.spans WHERE project_id = 'default' ORDER BY rand() LIMIT {n: UInt32}`,
    { n },
  )
  return rows.map((r) => r.t)
}

const median = (ts: readonly Timing[], k: keyof Timing) =>
  percentile(
    ts.map((t) => t[k]),
    50,
  )
const cells = (ts: readonly Timing[]) =>
  (['ms', 'main', 'cpu'] as const).map((k) => median(ts, k).toFixed(0).padStart(5)).join(' ')

out(
  `bench:settle  batches of ${BATCH} traces (~${BATCH * 15} spans), median of ${REPEATS}; each: settle ms, main-thread busy ms, CPU ms (all threads), settle time / at the empty partition`,
)
let baseNew = 0
let baseOld = 0
for (const level of [0, FILL / 4, FILL]) {
  await fillTo(level)
  const newer: Timing[] = []
  const older: Timing[] = []
  for (let i = 0; i < REPEATS; i++) {
    const ids = await storeBatch()
    await new Promise((r) => setTimeout(r, SETTLE_MS))
    newer.push(await timedSettle(ids))
    older.push(await timedSettle(await randomStoredTraces(BATCH)))
  }
  if (level === 0) [baseNew, baseOld] = [median(newer, 'ms'), median(older, 'ms')]
  // the batches add to the partition too: count what it holds
  const [{ n }] = (await store.select<{ n: number }>(
    `SELECT count() AS n FROM loupe.spans SETTINGS output_format_json_quote_64bit_integers = 0`,
    {},
  )) as [{ n: number }]
  out(
    `day holds ${String(n).padStart(9)} spans   new traces ${cells(newer)} ${(median(newer, 'ms') / baseNew).toFixed(2)}   old traces ${cells(older)} ${(median(older, 'ms') / baseOld).toFixed(2)}`,
  )
}
await store.close()
rmSync(dir, { recursive: true, force: true })
