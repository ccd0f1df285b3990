/**
 * @module bench/logs-phase
 * The logs phase of `bench:ingest`, measured as its span phase is:
 * 1. End to end: a fresh collector on the embedded engine; the clients POST protobuf batches of
 *    agent log records (bench/agent-logs.ts) to `/v1/logs` for the window; records/s counts
 *    acknowledged (stored) records only. Every pass gives the records new trace ids; the GenAI
 *    events mark their traces for settling (re-settling them), so the collector settles those
 *    traces inside the window as it would in production, and the CPU a record runs from start-up
 *    until they are settled.
 * 2. Baseline: the same requests decoded and turned into rows here and inserted straight into a
 *    fresh embedded engine through the same store (`store.insertLogs`), in batches of 10,000.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toLogRecords, type LogRecord } from '../../collector/src/normalise/log-record.ts'
import { PROTOBUF_ENCODING } from '../../collector/src/otlp/encoding.ts'
import { validateLogsRequest } from '../../collector/src/otlp/validate.ts'
import { createClickHouseStore } from '../../collector/src/store/clickhouse.ts'
import { removeDataDir, startCollector } from '../utils/collector.ts'
import { agentLogBatches } from './agent-logs.ts'
import { idOffsets } from './agent-spans.ts'
import { processCpuSeconds } from './collector-io.ts'
import { collectorEnv, collectorNodeArgs, drive, settleBacklog, type Backlog, type Load } from './ingest-load.ts'

export interface LogsWork {
  bodies: Uint8Array[]
  offsets: number[][]
  records: number[]
  /** mean body size, KiB */
  kib: number
  /** mean size of the event records' bodies (the GenAI content), bytes */
  eventBodyBytes: number
  /** share of the records that are GenAI events */
  eventShare: number
}

/** Builds the request bodies once, and the rows they make for the baseline. */
export async function logsWork(count: number, batchSize: number): Promise<LogsWork & { rows: LogRecord[] }> {
  const { bodies, traceIds } = await agentLogBatches(count, batchSize)
  const rows = bodies.flatMap((b) => {
    const checked = validateLogsRequest(PROTOBUF_ENCODING.decodeLogs(Buffer.from(b)))
    return toLogRecords(checked.accepted, 'default')
  })
  const events = rows.filter((r) => r.eventName !== '')
  return {
    bodies,
    offsets: bodies.map((b, i) => idOffsets(b, traceIds[i]!)),
    records: bodies.map(() => batchSize),
    kib: bodies.reduce((n, b) => n + b.length, 0) / bodies.length / 1024,
    eventBodyBytes: events.reduce((n, r) => n + Buffer.byteLength(r.body), 0) / events.length,
    eventShare: events.length / rows.length,
    rows,
  }
}

export interface LogsRun extends Load, Backlog {
  cpuS: number
}

/** One collector run under log load: `env` as the span phase's live-on run gets it. */
export async function logsEndToEnd(
  work: LogsWork,
  opts: { durationS: number; clients: number; settleMs: number; env: Record<string, string> },
): Promise<LogsRun> {
  const collector = await startCollector({ env: collectorEnv(opts.env), nodeArgs: collectorNodeArgs() })
  const load = await drive(new URL(collector.url), '/v1/logs', work, opts.durationS, opts.clients)
  const backlog = await settleBacklog(collector.url, opts.settleMs)
  const cpuS = processCpuSeconds(collector.pid)
  await collector.stop()
  const logFile = process.env['BENCH_COLLECTOR_LOG']
  if (logFile) writeFileSync(`${logFile}.logs`, collector.logs())
  removeDataDir(collector.dataDir)
  return { ...load, ...backlog, cpuS }
}

/** Log records/s inserted straight through the store for `durationS`, the same rows round and round. */
export async function rawInsertLogs(rows: readonly LogRecord[], durationS: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-raw-logs-'))
  const store = createClickHouseStore({ target: { kind: 'embedded', path: dir }, database: 'loupe', retentionDays: 30 })
  await store.migrate()
  const chunk = 10_000
  let inserted = 0
  const deadline = performance.now() + durationS * 1000
  const started = performance.now()
  while (performance.now() < deadline) {
    for (let i = 0; i < rows.length && performance.now() < deadline; i += chunk) {
      const part = rows.slice(i, i + chunk)
      await store.insertLogs(part)
      inserted += part.length
    }
  }
  const rate = inserted / ((performance.now() - started) / 1000)
  await store.close()
  rmSync(dir, { recursive: true, force: true })
  return rate
}
