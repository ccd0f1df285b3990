/**
 * @module main
 * Entry point: config → price book → store (migrated) → batcher → HTTP and gRPC servers, and a
 * graceful shutdown that stores every span already accepted before the process exits.
 */
import { readFileSync } from 'node:fs'
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { startGrpcServer } from './grpc/server.ts'
import { Batcher } from './ingest/batcher.ts'
import { TraceSettler } from './settle/settler.ts'
import { createPrepare } from './ingest/prepare.ts'
import type { LogRecord } from './normalise/log-record.ts'
import { log } from './log.ts'
import type { EncodedSpans } from './store/encoded-spans.ts'
import { createClickHouseStore } from './store/clickhouse.ts'
import { sqlFor } from './store/sql.ts'
import { StorageError } from './store/storage-error.ts'
import { createQueryService } from './query/query-service.ts'
import { AlertEngine } from './alerts/engine.ts'
import { loadPriceBook, stalePricesWarning } from './cost/load.ts'

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.env['INIT_CWD'] ?? process.cwd())
  const priceBook = loadPriceBook(config.pricesFile, (path) => readFileSync(path, 'utf8'))
  const store = createClickHouseStore({
    target: config.storage,
    database: config.database,
    retentionDays: config.retentionDays,
  })
  await store.migrate()

  const sql = sqlFor(config.database)
  const tables = {
    spans: sql.spansTable,
    summaries: sql.summariesTable,
    facts: sql.factsTable,
    findings: sql.findingsTable,
    logs: sql.logsTable,
  }
  const queries = createQueryService(store, tables)
  // until the server listens (a port of 0 is chosen then), links point at the configured port
  let ownUrl = `http://${urlHost(config.host)}:${config.httpPort}`
  const alerts = new AlertEngine(store, queries, {
    rules: config.alertRules,
    tables: {
      alerts: sql.alertsTable,
      deliveries: sql.deliveriesTable,
      facts: tables.facts,
      summaries: tables.summaries,
    },
    publicUrl: () => config.publicUrl ?? ownUrl,
    policy: config.policy,
    windowedEveryMs: config.alertsWindowedMs,
    scheduledEveryMs: config.alertsScheduledMs,
  })
  const settler = new TraceSettler(store, {
    settleMs: config.settleMs,
    maxPerTick: 2000,
    summariesTable: tables.summaries,
    detectors: config.detectors,
    live: config.live,
    onSettled: (traces) => alerts.onSettled(traces),
  })
  await alerts.start()
  await settler.recover(600)
  settler.start(Math.min(1000, Math.max(50, Math.floor(config.settleMs / 4))))
  const batcher = new Batcher<EncodedSpans>(
    async (parts) => {
      await store.insertEncoded(parts)
      for (const p of parts) settler.touch(p.projectId, p.traceIds, p.settleViews ?? [])
    },
    { ...config.batch, isRefusal: (e) => e instanceof StorageError && e.refusedData },
  )
  const logBatcher = new Batcher<LogRecord>(
    async (records) => {
      await store.insertLogs(records)
      settler.addLogs(records)
    },
    { ...config.batch, isRefusal: (e) => e instanceof StorageError && e.refusedData },
  )
  let ready = false
  const deps = {
    store,
    queries,
    alerts,
    batcher,
    logBatcher,
    prepare: createPrepare(priceBook),
    followRunning: config.live !== null,
    runningTraces: () => settler.runningTraces,
    priceBook,
    retentionDays: config.retentionDays,
    apiKeys: config.apiKeys,
    maxBodyBytes: config.maxBodyBytes,
    isReady: () => ready,
    pendingTraces: () => settler.pendingTraces,
    overdueTraces: () => settler.overdueTraces,
    overloaded: () =>
      settler.overdueTraces > config.maxSettleBacklog
        ? `collector is busy settling traces (${settler.overdueTraces} overdue); retry later`
        : null,
    detectors: config.detectors,
    policy: config.policy,
  }
  const app = createApp(deps)
  const http = serve({ fetch: app.fetch, hostname: config.host, port: config.httpPort })
  // Exporters keep connections open between batches and do not expect the server to close one
  // first: with Node's default 5 s, a request sent just as the server closes an idle connection
  // gets ECONNRESET (seen under load, when a blocked event loop delays the close). Outlast them.
  if ('keepAliveTimeout' in http) {
    http.keepAliveTimeout = 65_000
    http.headersTimeout = 66_000
  }
  await new Promise<void>((resolve, reject) => {
    http.once('listening', resolve)
    http.once('error', reject)
  })
  ownUrl = `http://${urlHost(config.host)}:${(http.address() as AddressInfo).port}`
  const grpc = await startGrpcServer(deps, config.host, config.grpcPort)
  ready = true
  log.info('listening', {
    host: config.host,
    httpPort: (http.address() as AddressInfo).port,
    grpcPort: grpc.port,
    storage: config.storage.kind === 'embedded' ? `embedded:${config.storage.path}` : config.storage.url,
  })
  const stale = stalePricesWarning(priceBook, Date.now())
  if (stale !== null) log.warn(stale)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    ready = false
    log.info('shutting down', { signal })
    await new Promise<void>((resolve) => http.close(() => resolve()))
    await grpc.close()
    await batcher.shutdown()
    await logBatcher.shutdown()
    await settler.stop()
    await alerts.stop()
    await store.close()
    log.info('stopped', {
      writtenSpans: batcher.writtenSpans,
      settledTraces: settler.settledTraces,
      rewrittenSpans: settler.rewrittenSpans,
    })
    process.exit(0)
  }
  process.on('SIGTERM', (s) => void stop(s))
  process.on('SIGINT', (s) => void stop(s))
}

/** A host as a URL names it: an IPv6 address in brackets, and the wildcard as loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) log.error(err.message)
  else log.error('failed to start', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  process.exit(1)
})
