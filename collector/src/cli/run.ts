/**
 * @module cli/run
 * argv → one request → output and an exit code. All I/O comes in through `CliIo`, so tests drive
 * the whole CLI with a fake fetch and captured output, and `main.ts` only plugs in the process.
 */
import { CostReportResponse, TraceListResponse } from '@loupe/schema'
import { parseCommand, type Command, type Env } from './args.ts'
import { getJson, getText, type FetchFn } from './client.ts'
import { CliError, EXIT } from './errors.ts'
import { toJson, traceListCsv, withFinalNewline } from './format.ts'
import { helpText } from './help.ts'
import { costReportTable, traceListTable } from './table.ts'

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
  else if (list.traces.length === 0) io.stdout(`No traces matched, ${range(command.params['from'], command.params['to'])}.\n`)
  else io.stdout(traceListTable(list))
  // JSON carries nextCursor itself; for the other formats it is a note for people
  if (list.nextCursor !== null) io.stderr(`loupe: more traces: repeat with --cursor ${list.nextCursor}\n`)
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
