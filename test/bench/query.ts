/**
 * `npm run bench:query`: read-API latency over a month of agent traffic.
 *
 * 1. A child process generates the data set into a fresh data directory (`query-data.ts`:
 *    BENCH_TRACES traces, default 50,000 ≈ 1.05 million spans, over the last 30 days, all settled).
 * 2. A real collector process opens that directory, and each query is requested over HTTP,
 *    one at a time: WARMUP untimed runs, then RUNS timed ones (fewer for a slow query, so the
 *    whole bench stays within a few minutes). Latency is fetch to last body byte.
 * 3. Baseline: `GET /api/health` (HTTP plus a storage ping: the floor of any API call), measured
 *    in the same run; every query's p50 is also given as a multiple of it.
 *
 * 4. Running traces: then RUNNING agents start over OTLP and stay running (the collector's settle
 *    delay is an hour), each sending a step every RUNNING_STEP_S seconds, so the live refresh keeps
 *    rewriting their provisional versions; the running list and the default list are timed
 *    meanwhile, beside a health baseline taken under the same traffic.
 *
 * Each response is checked once against its zod contract from `@loupe/schema`. A query that
 * answers anything but 200 (or breaks its contract) is reported by name, the others still run,
 * and the bench exits with 1.
 *
 * Env: BENCH_TRACES, the size knob (default 50,000 traces ≈ 1.05M spans; 480,000 ≈ 10M spans,
 * which took 20 minutes to generate on the 2-core machine, 3 inserting and 17 settling, and
 * 2 GB of memory at its peak); BENCH_RUNS (default 20); BENCH_KEEP_DATA=1 keeps the data
 * directory; BENCH_DATA_DIR=<dir> reuses a kept one (no generation, never deleted; give the
 * BENCH_TRACES it was generated with, or trace by id fails). BENCH_RUNNING (1000; 0 skips step 4),
 * BENCH_RUNNING_STEP_S (5). A kept data directory has its running traces settled before the bench
 * ends (a second collector start with a short settle delay), so a reuse starts with none.
 * To compare sizes in one session, keep both data sets, then measure them back to back:
 *   BENCH_TRACES=480000 BENCH_KEEP_DATA=1 npm run bench:query   # and the same at 50000
 *   BENCH_TRACES=480000 BENCH_DATA_DIR=<dir> npm run bench:query
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  CostReportResponse,
  DriftResponse,
  FacetsResponse,
  ReadinessResponse,
  TimeseriesResponse,
  TraceDetailResponse,
  TraceListResponse,
} from '@loupe/schema'
import type { z } from 'zod'
import { removeDataDir, startCollector } from '../utils/collector.ts'
import { BENCH_FILTERS, DAYS, TRACE_COUNT, traceIdFor } from './query-data.ts'
import { RUNNING_SERVICE, settleRunning, startRunningTraces } from './running-traces.ts'
import { percentile } from './stats.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const WARMUP = 3
const RUNS = Number(process.env['BENCH_RUNS'] ?? 20)
/** Timed runs of one query stop short of RUNS (never below MIN_RUNS) past this much time. */
const CASE_BUDGET_MS = 12_000
const MIN_RUNS = 5
/** A request slower than this fails its query (the engine may still be busy with it afterwards). */
const REQUEST_TIMEOUT_MS = 30_000
const RUNNING = Number(process.env['BENCH_RUNNING'] ?? 1000)
const RUNNING_STEP_S = Number(process.env['BENCH_RUNNING_STEP_S'] ?? 5)
/** The bench collector's settle delay: longer than the bench, so the running traces stay running. */
const SETTLE_MS = 3_600_000
const TRACE_IDS = Array.from({ length: 50 }, (_, k) => traceIdFor(Math.floor((k + 0.5) * (TRACE_COUNT / 50))))

const out = (line: string) => process.stdout.write(`${line}\n`)

interface Case {
  name: string
  path: (run: number) => string
  /** the response contract; `count` of the parsed body is shown as "rows" */
  schema?: z.ZodType
  /** `never`: any one-argument counter fits, whatever body type it takes */
  count?: (body: never) => number
  /** p50 and p95 must both be under it */
  targetMs?: number
}

interface Result {
  name: string
  p50: number
  p95: number
  runs: number
  rows: string
  targetMs?: number
  error?: string
}

function cases(): Case[] {
  const from = `from=${Date.now() - DAYS * 86_400_000}`
  const { model, service, word } = BENCH_FILTERS
  const list = { schema: TraceListResponse, count: (b: TraceListResponse) => b.traces.length, targetMs: 150 }
  const cost = { schema: CostReportResponse, count: (b: CostReportResponse) => b.rows.length, targetMs: 300 }
  return [
    { name: 'health (baseline)', path: () => '/api/health' },
    {
      name: `trace by id (${TRACE_IDS.length} ids)`,
      path: (run) => `/api/traces/${TRACE_IDS[run % TRACE_IDS.length]}`,
      schema: TraceDetailResponse,
      count: (b: TraceDetailResponse) => b.spans.length,
      targetMs: 50,
    },
    { name: 'trace list, 24 h', path: () => '/api/traces', ...list },
    { name: 'trace list, 24 h, model+service', path: () => `/api/traces?model=${model}&service=${service}`, ...list },
    { name: 'trace list, 30 d, by cost', path: () => `/api/traces?${from}&sort=costUsd`, ...list },
    { name: `trace list, 30 d, q=${word}`, path: () => `/api/traces?${from}&q=${word}`, ...list },
    { name: 'cost by model, 30 d', path: () => `/api/reports/cost?${from}&groupBy=model`, ...cost },
    { name: 'cost by agent,day, 30 d', path: () => `/api/reports/cost?${from}&groupBy=agent,day`, ...cost },
    { name: 'cost by tool, 30 d', path: () => `/api/reports/cost?${from}&groupBy=tool`, ...cost },
    {
      name: 'timeseries day cost by model, 30 d',
      path: () => `/api/reports/timeseries?${from}&interval=day&metric=costUsd&groupBy=model`,
      schema: TimeseriesResponse,
      count: (b: TimeseriesResponse) => b.series.length * b.buckets.length,
      targetMs: 300,
    },
    {
      name: 'drift, 24 h vs the 7 d before',
      path: () => '/api/reports/drift',
      schema: DriftResponse,
      count: (b: DriftResponse) => b.groups.length,
      targetMs: 1000,
    },
    {
      name: 'readiness, 24 h',
      path: () => '/api/reports/readiness',
      schema: ReadinessResponse,
      count: (b: ReadinessResponse) => b.agents.length,
      targetMs: 1000,
    },
    {
      name: 'facets, 30 d',
      path: () => `/api/facets?${from}`,
      schema: FacetsResponse,
      count: (b: FacetsResponse) => Object.values(b).reduce((n, v) => n + v.length, 0),
    },
  ]
}

/** While RUNNING traces run: the live list, and the default list that shows them first. */
function liveCases(): Case[] {
  const list = { schema: TraceListResponse, count: (b: TraceListResponse) => b.traces.length, targetMs: 150 }
  return [
    { name: 'health (baseline)', path: () => '/api/health' },
    { name: 'trace list, running', path: () => '/api/traces?state=running', ...list },
    { name: 'trace list, 24 h', path: () => '/api/traces', ...list },
  ]
}

/** One request: ms from fetch to the last body byte, and the body. Throws naming the request. */
async function timed(base: string, path: string): Promise<{ ms: number; body: string }> {
  const t0 = performance.now()
  const res = await fetch(base + path, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch((err: Error) => {
    throw new Error(
      `GET ${path}: ${err.name === 'TimeoutError' ? `no answer in ${REQUEST_TIMEOUT_MS / 1000} s` : err.message}`,
    )
  })
  const body = await res.text()
  const ms = performance.now() - t0
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${body.slice(0, 160)}`)
  return { ms, body }
}

async function measure(base: string, c: Case): Promise<Result> {
  const result: Result = { name: c.name, p50: NaN, p95: NaN, runs: 0, rows: '-', targetMs: c.targetMs }
  try {
    let warm = 0
    for (let i = 0; i < WARMUP; i++) {
      const { ms, body } = await timed(base, c.path(i))
      warm += ms
      if (i === 0 && c.schema) {
        const parsed = c.schema.safeParse(JSON.parse(body))
        if (!parsed.success)
          throw new Error(`GET ${c.path(i)}: response breaks its contract: ${parsed.error.message.slice(0, 300)}`)
        result.rows = String(c.count?.(parsed.data as never) ?? '-')
      }
    }
    const runs = Math.max(MIN_RUNS, Math.min(RUNS, Math.floor(CASE_BUDGET_MS / (warm / WARMUP))))
    const ms: number[] = []
    for (let i = 0; i < runs; i++) ms.push((await timed(base, c.path(WARMUP + i))).ms)
    return { ...result, p50: percentile(ms, 50), p95: percentile(ms, 95), runs }
  } catch (err) {
    return { ...result, error: (err as Error).message }
  }
}

async function generate(dir: string): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/query-data.ts', dir], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  const code = await new Promise<number | null>((r) => child.once('exit', r))
  if (code !== 0) throw new Error(`data generation exited with ${code}`)
  return performance.now() - started
}

function report(results: Result[]): void {
  const base = results[0]!.p50
  const cols = ['query', 'p50 ms', 'p95 ms', '× health', 'runs', 'rows', 'target', 'result']
  const rows = results.map((r) => {
    if (r.error !== undefined)
      return [r.name, '-', '-', '-', '-', '-', r.targetMs ? `< ${r.targetMs}` : '', `FAILED: ${r.error}`]
    const verdict = r.targetMs === undefined ? '' : r.p95 < r.targetMs ? 'met' : 'missed'
    return [
      r.name,
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      (r.p50 / base).toFixed(1),
      String(r.runs),
      r.rows,
      r.targetMs ? `< ${r.targetMs}` : '',
      verdict,
    ]
  })
  const widths = cols.map((c, i) =>
    Math.max(c.length, ...rows.filter((r) => !r[7]!.startsWith('FAILED')).map((r) => r[i]!.length)),
  )
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i >= 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  out(line(cols))
  for (const r of rows) out(line(r))
}

async function measureAll(base: string, list: Case[]): Promise<Result[]> {
  const results: Result[] = []
  for (const c of list) {
    process.stderr.write(`  ${c.name} …\n`)
    results.push(await measure(base, c))
  }
  if (results[0]!.error !== undefined) throw new Error(`baseline failed: ${results[0]!.error}`)
  return results
}

/** Times the live cases while RUNNING traces run; returns their results (baseline first). */
async function whileRunning(base: string): Promise<Result[]> {
  const running = await startRunningTraces(base, RUNNING)
  const stop = running.trickle(RUNNING_STEP_S * 1000)
  try {
    const results = await measureAll(base, liveCases())
    out(
      `while ${RUNNING} traces run (service ${RUNNING_SERVICE}; all listed as running ${(running.listedMs / 1000).toFixed(1)} s after their first spans went out; ` +
        `each sends a step, an LLM call and a tool call, every ${RUNNING_STEP_S} s, and the collector refreshes them every second):`,
    )
    report(results)
    return results
  } finally {
    await stop()
    await running.close()
  }
}

const reuse = process.env['BENCH_DATA_DIR']
const keep = reuse !== undefined || process.env['BENCH_KEEP_DATA'] === '1'
const dataDir = reuse ? resolve(reuse) : mkdtempSync(join(tmpdir(), 'loupe-bench-query-'))
let failed: boolean
try {
  const genMs = reuse ? null : await generate(dataDir)
  const collector = await startCollector({
    dataDir,
    env: { LOUPE_RETENTION_DAYS: String(DAYS + 10), LOUPE_SETTLE_MS: String(SETTLE_MS) },
  })
  try {
    out(
      `bench:query  ${TRACE_COUNT} traces over ${DAYS} days ${genMs === null ? `(reused ${dataDir})` : `(generated in ${(genMs / 1000).toFixed(1)} s)`}; ` +
        `collector on the embedded engine; per query ${WARMUP} warm-ups, then up to ${RUNS} timed runs, one at a time`,
    )
    const results = await measureAll(collector.url, cases())
    report(results)
    const live = RUNNING > 0 ? await whileRunning(collector.url) : []
    const targeted = [...results, ...live].filter((r) => r.targetMs !== undefined)
    const met = targeted.filter((r) => r.error === undefined && r.p95 < r.targetMs!).length
    out(`targets (p50 and p95 under the target): ${met} of ${targeted.length} met`)
    failed = [...results, ...live].some((r) => r.error !== undefined)
  } finally {
    await collector.stop()
  }
  if (keep && RUNNING > 0) await settleRunning(dataDir, { LOUPE_RETENTION_DAYS: String(DAYS + 10) })
} finally {
  if (keep) out(`data kept in ${dataDir}`)
  else removeDataDir(dataDir)
}
process.exit(failed ? 1 : 0)
