/**
 * `npm run bench:guard`: how fast the agent guard answers while agents run.
 *
 * A collector with an alert rules file (a trace-cost rule with `stop: true`, a per-user spend rule
 * and a loop rule) follows BENCH_RUNNING running agents over OTLP (test/bench/running-traces.ts),
 * each stepping every BENCH_STEP_S seconds, so the live refresh keeps rewriting what the guard
 * reads. Meanwhile the bench asks `GET /api/guard/:traceId` for those traces, one request at a
 * time over a kept-alive connection, as an agent asking before each step would: BENCH_RUNS timed
 * requests after a warm-up. Latency is fetch to last body byte.
 *
 * Baseline, in the same run and under the same traffic: `GET /api/health` (HTTP plus a storage
 * ping, the floor of a call that touches storage) and `GET /api/traces/:id` (what an agent would
 * have to read without the guard). Target: guard p50 under 5 ms.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GuardResponse } from '@loupe/schema'
import { startCollector } from '../utils/collector.ts'
import { startRunningTraces } from './running-traces.ts'
import { percentile } from './stats.ts'

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const RUNNING = num('BENCH_RUNNING', 1000)
const STEP_S = num('BENCH_STEP_S', 5)
const RUNS = num('BENCH_RUNS', 2000)
const WARMUP = 200
const TARGET_P50_MS = 5

const out = (line: string) => process.stdout.write(`${line}\n`)

async function timed(urls: readonly string[], runs: number): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < runs + WARMUP; i++) {
    const started = performance.now()
    const res = await fetch(urls[i % urls.length]!)
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${urls[i % urls.length]} → ${res.status}`)
    if (i >= WARMUP) times.push(performance.now() - started)
  }
  return times
}

const row = (name: string, t: readonly number[], base: number) =>
  `${name.padEnd(28)} ${[50, 95, 99].map((p) => percentile(t, p).toFixed(2).padStart(8)).join('')}   ${(percentile(t, 50) / base).toFixed(2)}× health`

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-guard-'))
  const rules = join(dir, 'alerts.yaml')
  writeFileSync(
    rules,
    `channels: { ops: { type: webhook, url: "http://127.0.0.1:9/hook" } }
rules:
  - { name: runaway, when: { traceCostUsd: 0.5 }, notify: [ops], stop: true }
  - { name: spend, when: { costUsd: 100, per: userId, window: 1d }, notify: [ops], stop: true }
  - { name: loops, when: { finding: { minSeverity: critical } }, notify: [ops] }
`,
  )
  const collector = await startCollector({
    dataDir: join(dir, 'data'),
    env: { LOUPE_SETTLE_MS: '3600000', LOUPE_ALERTS_FILE: rules },
  })
  try {
    const traffic = await startRunningTraces(collector.url, RUNNING)
    out(`${RUNNING} running agents listed in ${(traffic.listedMs / 1000).toFixed(1)} s; each steps every ${STEP_S} s`)
    const stop = traffic.trickle(STEP_S * 1000)
    const ids = traffic.traceIds
    const first = GuardResponse.parse(await (await fetch(`${collector.url}/api/guard/${ids[0]}`)).json())
    if (!first.known) throw new Error(`the guard does not know running trace ${ids[0]}`)
    const guardUrls = ids.map((id) => `${collector.url}/api/guard/${id}`)
    const health = await timed([`${collector.url}/api/health`], RUNS)
    const guard = await timed(guardUrls, RUNS)
    const detail = await timed(
      ids.slice(0, 50).map((id) => `${collector.url}/api/traces/${id}`),
      Math.min(RUNS, 200),
    )
    await stop()
    await traffic.close()
    const base = percentile(health, 50)
    out(`\nlatency, ms (${RUNS} requests each after ${WARMUP} untimed; trace detail ${Math.min(RUNS, 200)})`)
    out(`${''.padEnd(28)} ${['p50', 'p95', 'p99'].map((h) => h.padStart(8)).join('')}`)
    out(row('GET /api/health (baseline)', health, base))
    out(row('GET /api/guard/:traceId', guard, base))
    out(row('GET /api/traces/:id', detail, base))
    const p50 = percentile(guard, 50)
    out(`\nguard p50 ${p50.toFixed(2)} ms: target < ${TARGET_P50_MS} ms ${p50 < TARGET_P50_MS ? 'met' : 'MISSED'}`)
  } finally {
    await collector.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
