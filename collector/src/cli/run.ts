/**
 * @module cli/run
 * argv → one request → output and an exit code. All I/O comes in through `CliIo`, so tests drive
 * the whole CLI with a fake fetch and captured output, and `main.ts` only plugs in the process.
 */
import {
  AlertsResponse,
  CostReportResponse,
  DriftResponse,
  PriceLookupResponse,
  ReadinessResponse,
  TraceListResponse,
} from '@loupe/schema'
import { alertsCsv, alertsTable, DEFAULT_ALERT_LIMIT } from './alerts-table.ts'
import { parseCommand, type Command, type Env } from './args.ts'
import { getJson, getText, type FetchFn } from './client.ts'
import { driftTable } from './drift-table.ts'
import { CliError, EXIT, type ExitCode } from './errors.ts'
import { driftCsv, readinessCsv, toJson, traceListCsv, withFinalNewline } from './format.ts'
import { driftGate, readinessGate } from './gate.ts'
import { helpText } from './help.ts'
import { priceCsv, priceTable } from './price-table.ts'
import { readinessTable } from './readiness-table.ts'
import { costReportTable, formatInt, traceListTable } from './table.ts'

export interface CliIo {
  env: Env
  now: () => number
  fetch: FetchFn
  /** data */
  stdout: (text: string) => void
  /** errors and notes for people */
  stderr: (text: string) => void
}

/**
 * Expected failures (CliError) print one line, `loupe: <message>`, to stderr and return their
 * exit code; anything else is a bug and is rethrown for `main.ts` to report.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCommand(argv, io.env, io.now())
    switch (command.kind) {
      case 'help':
        io.stdout(helpText(command.topic))
        return EXIT.ok
      case 'cost-report':
        await costReport(command, io)
        return EXIT.ok
      case 'traces':
        await traces(command, io)
        return EXIT.ok
      case 'readiness-report':
        return await readinessReport(command, io)
      case 'drift-report':
        return await driftReport(command, io)
      case 'prices':
        await prices(command, io)
        return EXIT.ok
      case 'alerts':
        await alerts(command, io)
        return EXIT.ok
    }
  } catch (err) {
    if (!(err instanceof CliError)) throw err
    io.stderr(`loupe: ${err.message}\n`)
    return err.exitCode
  }
}

async function costReport(command: Extract<Command, { kind: 'cost-report' }>, io: CliIo): Promise<void> {
  const path = '/api/reports/cost'
  if (command.format === 'csv') {
    io.stdout(withFinalNewline(await getText(command.connection, path, command.params, 'text/csv', io.fetch)))
    return
  }
  const report = await getJson(command.connection, path, command.params, CostReportResponse, io.fetch)
  if (command.format === 'json') {
    io.stdout(toJson(report))
    return
  }
  io.stdout(`Cost by ${report.groupBy.join(', ')}, ${range(report.from, report.to)}\n\n`)
  io.stdout(costReportTable(report))
}

async function traces(command: Extract<Command, { kind: 'traces' }>, io: CliIo): Promise<void> {
  const list = await getJson(command.connection, '/api/traces', command.params, TraceListResponse, io.fetch)
  if (command.format === 'json') {
    io.stdout(toJson(list))
    return
  }
  if (command.format === 'csv') io.stdout(traceListCsv(list))
  else if (list.traces.length === 0)
    io.stdout(`No traces matched, ${range(command.params['from'], command.params['to'])}.\n`)
  else io.stdout(traceListTable(list))
  // JSON carries nextCursor itself; for the other formats it is a note for people
  if (list.nextCursor !== null) io.stderr(`loupe: more traces: repeat with --cursor ${list.nextCursor}\n`)
}

async function readinessReport(command: Extract<Command, { kind: 'readiness-report' }>, io: CliIo): Promise<ExitCode> {
  const report = await getJson(
    command.connection,
    '/api/reports/readiness',
    command.params,
    ReadinessResponse,
    io.fetch,
  )
  if (command.format === 'json') io.stdout(toJson(report))
  else if (command.format === 'csv') io.stdout(readinessCsv(report))
  else if (report.agents.length === 0) io.stdout(`No traces to assess, ${range(report.from, report.to)}.\n`)
  else {
    const analysed =
      report.tracesAnalysed < report.tracesInRange
        ? `the newest ${formatInt(report.tracesAnalysed)} of ${formatInt(report.tracesInRange)} traces`
        : `${formatInt(report.tracesInRange)} trace${report.tracesInRange === 1 ? '' : 's'}`
    const policy = report.policy.source === null ? 'the default policy' : `the policy in ${report.policy.source}`
    io.stdout(`Readiness, ${range(report.from, report.to)}: ${analysed}, against ${policy}\n\n`)
    io.stdout(readinessTable(report))
  }
  return gate(command.failOn === null ? null : readinessGate(report, command.failOn), io)
}

async function driftReport(command: Extract<Command, { kind: 'drift-report' }>, io: CliIo): Promise<ExitCode> {
  const report = await getJson(command.connection, '/api/reports/drift', command.params, DriftResponse, io.fetch)
  if (command.format === 'json') io.stdout(toJson(report))
  else if (command.format === 'csv') io.stdout(driftCsv(report))
  else {
    const { current: cur, reference: ref } = report
    io.stdout(
      `Drift, ${range(cur.from, cur.to)} against the reference ${range(ref.from, ref.to)}, alpha ${report.alpha}\n\n`,
    )
    const features = report.groups.flatMap((g) => g.features)
    if (features.length === 0) io.stdout('No LLM calls or agent traces in either window.\n')
    else {
      io.stdout(driftTable(report))
      const insufficient = features.filter((f) => f.status === 'insufficient-data').length
      if (insufficient > 0) {
        io.stdout(
          `\n${insufficient} of ${features.length} features have insufficient data: fewer than ${report.minSamples} samples in a window.\n`,
        )
      }
    }
  }
  return gate(command.failOn === null ? null : driftGate(report), io)
}

async function prices(command: Extract<Command, { kind: 'prices' }>, io: CliIo): Promise<void> {
  const lookup = await getJson(command.connection, '/api/prices', command.params, PriceLookupResponse, io.fetch)
  if (command.format === 'json') io.stdout(toJson(lookup))
  else if (command.format === 'csv') io.stdout(priceCsv(lookup))
  else io.stdout(priceTable(lookup))
}

async function alerts(command: Extract<Command, { kind: 'alerts' }>, io: CliIo): Promise<void> {
  const history = await getJson(command.connection, '/api/alerts', command.params, AlertsResponse, io.fetch)
  const n = history.alerts.length
  if (command.format === 'json') {
    io.stdout(toJson(history))
    return
  }
  if (command.format === 'csv') io.stdout(alertsCsv(history))
  else if (n === 0) io.stdout(`No alerts matched, ${range(history.from, history.to)}.\n`)
  else {
    const firing = history.alerts.filter((a) => a.state === 'firing').length
    const counts = `${formatInt(n)} alert${n === 1 ? '' : 's'}, ${formatInt(firing)} firing, ${formatInt(n - firing)} resolved`
    io.stdout(`Alerts, ${range(history.from, history.to)}: ${counts}\n\n`)
    io.stdout(alertsTable(history))
  }
  // a full page may have cut older alerts off; JSON is for scripts, which can count for themselves
  const limit = Number(command.params['limit'] ?? DEFAULT_ALERT_LIMIT)
  if (n >= limit)
    io.stderr(
      `loupe: showing the newest ${formatInt(n)} alerts, the limit; there may be older ones: raise --limit (up to 1000) or narrow the range\n`,
    )
}

/** A tripped gate: the reason goes to stderr (stdout holds the report), and the exit code says so. */
function gate(tripped: string | null, io: CliIo): ExitCode {
  if (tripped === null) return EXIT.ok
  io.stderr(`loupe: ${tripped}\n`)
  return EXIT.gate
}

/** `2025-01-24 10:00:00 to 2025-01-31 10:00:00 UTC` from two ISO (or epoch-ms) strings. */
function range(from: string | undefined, to: string | undefined): string {
  const show = (t: string | undefined) => {
    if (t === undefined) return '?'
    const ms = /^\d+$/.test(t) ? Number(t) : Date.parse(t)
    return Number.isNaN(ms) ? t : new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
  }
  return `${show(from)} to ${show(to)} UTC`
}
