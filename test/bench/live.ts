/**
 * `npm run bench:live`: the collector's CPU while one trace grows long and other traffic flows.
 *
 * A collector with live state on (the default LOUPE_LIVE_REFRESH_MS of 1 s) receives two streams
 * of OTLP/protobuf requests:
 * - other traffic, for the whole run: short agent traces (15 spans, new trace ids on every pass
 *   over the bodies), OTHER_RATE spans/s in requests of 100 spans;
 * - after BASELINE_S seconds of the other traffic alone, one long agent: step after step (an LLM
 *   call and its tool call) under a root that is sent last, LONG_RATE spans/s in requests of
 *   LONG_BATCH spans, up to LONG_SPANS spans: an hour-long agent, compressed.
 *
 * Every SEGMENT spans of the long trace, the bench reads the collector's CPU time (/proc, all
 * threads, the embedded engine's included) and the long trace's running row
 * (`GET /api/traces?state=running&service=long-agent`). Per segment it prints the collector's CPU
 * per span received, beside the same measure for the other traffic alone (the baseline, in this
 * run) and for the first segment: flat means a refresh costs the same however long the trace has
 * grown. It also prints how many spans the running row counts against those sent (the refresh's
 * lag). At the end the root is sent and the bench waits for the whole trace to settle.
 *
 * Env: BENCH_LONG_SPANS (50000), BENCH_SEGMENT_SPANS (5000), BENCH_LONG_RATE (250 spans/s),
 * BENCH_LONG_BATCH (50 spans a request, even), BENCH_OTHER_RATE (1000 spans/s), BENCH_BASELINE_S (20).
 * Any LOUPE_* variable set for the bench is passed on to the collector (e.g. LOUPE_LIVE_WINDOW_SPANS).
 */
import http from 'node:http'
import type { TraceListResponse, TraceSummary } from '@loupe/schema'
import { removeDataDir, startCollector } from '../utils/collector.ts'
import { until } from '../utils/until.ts'
import { agentBatches, RunningAgents, traceIdOffsets, withGeneration } from './agent-spans.ts'
import { getJson, paced, post, processCpuSeconds, residentMiB, sleep } from './collector-io.ts'

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const LONG_SPANS = num('BENCH_LONG_SPANS', 50_000)
const SEGMENT = num('BENCH_SEGMENT_SPANS', 5_000)
const LONG_RATE = num('BENCH_LONG_RATE', 250)
const LONG_BATCH = num('BENCH_LONG_BATCH', 50)
const OTHER_RATE = num('BENCH_OTHER_RATE', 1_000)
const BASELINE_S = num('BENCH_BASELINE_S', 20)
const OTHER_BATCH = 100
const BODIES = 60
/** Other traffic before the baseline starts: start-up and the first settles stay out of it. */
const WARMUP_MS = 5_000
const SERVICE = 'long-agent'

const out = (line: string) => process.stdout.write(`${line}\n`)

interface Sample {
  t: number
  cpuS: number
  long: number
  other: number
  /** spans of the long trace's running row; null before it is listed */
  listed: number | null
  findings: number | null
  runningTraces: number
  rssMiB: number
}

const passed = Object.entries(process.env).filter(
  (e): e is [string, string] => e[0].startsWith('LOUPE_') && e[1] !== undefined,
)
const collector = await startCollector({ env: Object.fromEntries(passed) })
const url = new URL(collector.url)
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 })
const long = new RunningAgents(SERVICE, 1)
const longId = long.traceIds[0]!
/** spans sent (when each request goes out) and acknowledged, per stream */
const sent = { long: 0, other: 0 }
const acked = { long: 0, other: 0 }
let refused = 0

async function send(stream: 'long' | 'other', body: Uint8Array, spans: number): Promise<void> {
  sent[stream] += spans
  if ((await post(url, agent, body)) === 200) acked[stream] += spans
  else refused++
}

async function longRow(state: 'running' | 'settled'): Promise<TraceSummary | undefined> {
  const list = await getJson<TraceListResponse>(`${collector.url}/api/traces?state=${state}&service=${SERVICE}`)
  return list.traces.find((t) => t.traceId === longId)
}

async function sample(): Promise<Sample> {
  const at = { t: performance.now(), cpuS: processCpuSeconds(collector.pid), long: sent.long, other: sent.other }
  const row = await longRow('running')
  const health = await getJson<{ runningTraces?: number }>(`${collector.url}/api/health`)
  return {
    ...at,
    listed: row?.spanCount ?? null,
    findings: row?.findingCount ?? null,
    runningTraces: health.runningTraces ?? 0,
    rssMiB: residentMiB(collector.pid),
  }
}

try {
  const { bodies, spans } = await agentBatches(BODIES, OTHER_BATCH)
  const offsets = bodies.map((b, i) => traceIdOffsets(b, spans[i]!))
  out(
    `bench:live  one trace growing to ${LONG_SPANS} spans at ${LONG_RATE} spans/s (requests of ${LONG_BATCH}), ` +
      `beside other traffic at ${OTHER_RATE} spans/s (15-span traces, requests of ${OTHER_BATCH}); ` +
      `baseline: the other traffic alone for ${BASELINE_S} s, in this run`,
  )
  let otherGoing = true
  const other = paced(
    (OTHER_BATCH * 1000) / OTHER_RATE,
    () => otherGoing,
    async (k) => {
      const i = k % BODIES
      await send('other', withGeneration(bodies[i]!, offsets[i]!, Math.floor(k / BODIES) + 1), OTHER_BATCH)
    },
  )

  await sleep(WARMUP_MS)
  const baseline = [await sample()]
  await sleep(BASELINE_S * 1000)
  baseline.push(await sample())

  // started when a segment's last request goes out (CPU and time read at once), resolved later
  const started: Array<Promise<Sample>> = [Promise.resolve(baseline[1]!)]
  let mark = SEGMENT
  let made = 0
  await paced(
    (LONG_BATCH * 1000) / LONG_RATE,
    () => made < LONG_SPANS,
    async () => {
      // a step is two spans; the batch goes out at once, before anything else can step
      for (let n = 0; n < LONG_BATCH; n += 2) long.step(0)
      made += LONG_BATCH
      const batch = long.take()!
      const request = send('long', batch.body, batch.spans)
      if (sent.long >= mark) {
        mark += SEGMENT
        started.push(sample())
      }
      await request
    },
  )
  const samples = await Promise.all(started)
  if (samples[samples.length - 1]!.long < sent.long) samples.push(await sample())

  // the agent ends: its root arrives, and the trace settles once quiet, the other traffic still flowing
  long.finish(0)
  const root = long.take()!
  await send('long', root.body, root.spans)
  const lastSpan = { t: performance.now(), cpuS: processCpuSeconds(collector.pid) }
  const settled = (await until(
    () => longRow('settled'),
    (r) => r !== undefined && r.spanCount >= acked.long,
    { timeoutMs: 900_000, intervalMs: 1000, what: `the ${acked.long}-span trace settled` },
  ))!
  const settleS = (performance.now() - lastSpan.t) / 1000
  const settleCpuS = processCpuSeconds(collector.pid) - lastSpan.cpuS
  // the other traffic alone again: what its cost drifted to over the run, the long trace gone
  const after = [await sample()]
  await sleep(BASELINE_S * 1000)
  after.push(await sample())
  otherGoing = false
  await other

  const usPerSpan = (a: Sample, b: Sample) => ((b.cpuS - a.cpuS) / (b.long - a.long + b.other - a.other)) * 1e6
  const base = usPerSpan(baseline[0]!, baseline[1]!)
  const first = samples.length > 1 ? usPerSpan(samples[0]!, samples[1]!) : Number.NaN
  const cols = [
    'segment',
    'long spans',
    'other spans',
    'wall s',
    'CPU %',
    'µs/span',
    '× baseline',
    '× seg 1',
    'running row: spans (lag s)',
    'findings',
    'running traces',
    'RSS MiB',
  ]
  const rows: string[][] = []
  const row = (name: string, a: Sample, b: Sample) => {
    const segment = name !== 'baseline' && name !== 'after'
    const wall = (b.t - a.t) / 1000
    const us = usPerSpan(a, b)
    const lag = b.listed === null ? '-' : `${b.listed} (${((b.long - b.listed) / LONG_RATE).toFixed(1)})`
    rows.push([
      name,
      b.long === a.long ? '-' : `${a.long}–${b.long}`,
      String(b.other - a.other),
      wall.toFixed(1),
      ((100 * (b.cpuS - a.cpuS)) / wall).toFixed(0),
      us.toFixed(1),
      (us / base).toFixed(2),
      segment ? (us / first).toFixed(2) : '',
      segment ? lag : '',
      b.findings === null ? '' : String(b.findings),
      String(b.runningTraces),
      b.rssMiB.toFixed(0),
    ])
  }
  row('baseline', baseline[0]!, baseline[1]!)
  for (let i = 1; i < samples.length; i++) row(String(i), samples[i - 1]!, samples[i]!)
  row('after', after[0]!, after[1]!)
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  out(line(cols))
  for (const r of rows) out(line(r))
  const segments = rows.slice(1, -1)
  const later = segments.slice(1).map((r) => Number(r[7]))
  if (later.length > 0)
    out(
      `flatness     segments 2–${segments.length} at ${Math.min(...later).toFixed(2)}–${Math.max(...later).toFixed(2)}× ` +
        `the first, the last at ${segments[segments.length - 1]![7]}× (collector CPU µs a span, all spans received); ` +
        `the other traffic alone drifted to ${rows[rows.length - 1]![6]}× its baseline over the run`,
    )
  out(
    `settled      the ${settled.spanCount}-span trace ${settleS.toFixed(1)} s after its last span (settle delay ` +
      `${Number(process.env['LOUPE_SETTLE_MS'] ?? 10_000) / 1000} s included), ${settleCpuS.toFixed(1)} s of collector CPU meanwhile ` +
      `(${(((after[1]!.cpuS - after[0]!.cpuS) / ((after[1]!.t - after[0]!.t) / 1000)) * settleS).toFixed(1)} s at the rate of the other traffic alone); ` +
      `${settled.findingCount} findings; ${refused} requests not acknowledged in the run`,
  )
} finally {
  agent.destroy()
  await long.shutdown()
  await collector.stop()
  removeDataDir(collector.dataDir)
}
process.exit(0)
