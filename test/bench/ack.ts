/**
 * `npm run bench:ack`: how long an idle collector takes to acknowledge a one-span OTLP request,
 * which is what a span-by-span exporter (a SimpleSpanProcessor) waits for on every span.
 *
 * A collector process on the embedded engine gets REQUESTS one-span OTLP/JSON requests, one at a
 * time, each to a new trace, with GAP_MS between an acknowledgement and the next request, so that
 * nothing else is being written when each arrives. Acknowledged means stored, so the figure
 * includes the insert. Each request is paired with a `GET /api/health` just before it, on the same
 * keep-alive connection: the baseline, measured in the same run, for the HTTP round trip and the
 * machine's noise.
 *
 * Env: BENCH_REQUESTS (200), BENCH_WARMUP (20, not counted), BENCH_GAP_MS (10). Any LOUPE_*
 * variable set for the bench is passed on to the collector (e.g. LOUPE_BATCH_LINGER_MS).
 */
import http from 'node:http'
import { removeDataDir, startCollector } from '../utils/collector.ts'
import { hexId, otlpJson } from '../utils/otlp-body.ts'
import { percentile } from './stats.ts'

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 200)
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 20)
const GAP_MS = Number(process.env['BENCH_GAP_MS'] ?? 10)
const TARGET_P50_MS = 15

const out = (line: string) => process.stdout.write(`${line}\n`)

/** One request over a keep-alive agent; resolves with its status once the body has been read. */
function send(url: URL, agent: http.Agent, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers =
      body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: body === undefined ? 'GET' : 'POST', agent, headers },
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

/** Milliseconds one request took; throws unless it was answered 200. */
async function timed(url: URL, agent: http.Agent, path: string, body?: string): Promise<number> {
  const t0 = performance.now()
  const status = await send(url, agent, path, body)
  const ms = performance.now() - t0
  if (status !== 200) throw new Error(`${path} answered ${status}`)
  return ms
}

const passed = Object.entries(process.env).filter(
  (e): e is [string, string] => e[0].startsWith('LOUPE_') && e[1] !== undefined,
)
const collector = await startCollector({ env: Object.fromEntries(passed) })
const url = new URL(collector.url)
// one socket, so every request finds the connection open and none pays for a handshake
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
const acks: number[] = []
const health: number[] = []
try {
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const body = otlpJson(
      [{ traceId: hexId(16), spanId: hexId(8), name: 'chat gpt-4o', startMs: Date.now() - 1000 }],
      'bench-ack',
    )
    const h = await timed(url, agent, '/api/health')
    const a = await timed(url, agent, '/v1/traces', body)
    if (i >= WARMUP) {
      health.push(h)
      acks.push(a)
    }
    await new Promise((r) => setTimeout(r, GAP_MS))
  }
} finally {
  agent.destroy()
  await collector.stop()
  removeDataDir(collector.dataDir)
}

const line = (xs: number[]) =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms, p90 ${percentile(xs, 90).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`
out(
  `bench:ack     ${REQUESTS} one-span OTLP/JSON requests, one at a time, ${GAP_MS} ms apart, to an idle collector (${WARMUP} warm-up requests not counted)`,
)
out(`ack           ${line(acks)}`)
out(`health        ${line(health)} (baseline: GET /api/health just before each request, same connection)`)
out(
  `ratio         ack p50 is ${(percentile(acks, 50) / percentile(health, 50)).toFixed(1)} × health p50; target ack p50 < ${TARGET_P50_MS} ms: ${percentile(acks, 50) < TARGET_P50_MS ? 'met' : 'missed'}`,
)
process.exit(0)
