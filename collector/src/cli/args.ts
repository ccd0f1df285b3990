/**
 * @module cli/args
 * Pure: argv → a typed `Command`, or a UsageError that names the flag. Command words come first
 * (`loupe report cost`), flags after. Vocabularies the server owns (cost dimensions, sort keys)
 * are passed through for it to check, so a newer server's additions need no new CLI; everything
 * else is checked here, before any request.
 */
import { parseArgs } from 'node:util'
import { UsageError } from './errors.ts'
import {
  parseBaseUrl,
  parseChoice,
  parseDuration,
  parseList,
  parseMillis,
  parsePositiveInt,
  parseTime,
  parseUsd,
} from './values.ts'

export const OUTPUT_FORMATS = ['table', 'csv', 'json'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export const DEFAULT_URL = 'http://127.0.0.1:4318'
export const DEFAULT_RANGE_MS = 24 * 3_600_000
export const DEFAULT_TIMEOUT_MS = 30_000

export interface Connection {
  /** without a trailing slash */
  baseUrl: string
  apiKey: string | null
  timeoutMs: number
}

export type HelpTopic = 'loupe' | 'report' | 'report cost' | 'traces'

/** `params` is the query string exactly as it will be sent. */
export type Command =
  | { kind: 'help'; topic: HelpTopic }
  | { kind: 'cost-report'; connection: Connection; format: OutputFormat; params: Record<string, string> }
  | { kind: 'traces'; connection: Connection; format: OutputFormat; params: Record<string, string> }

export type Env = Readonly<Record<string, string | undefined>>

const COMMON = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  format: { type: 'string' },
  timeout: { type: 'string' },
  since: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  service: { type: 'string' },
  agent: { type: 'string' },
  model: { type: 'string' },
  provider: { type: 'string' },
  user: { type: 'string' },
  session: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

const COST_OPTIONS = { ...COMMON, by: { type: 'string' } } as const

const TRACES_OPTIONS = {
  ...COMMON,
  'min-cost': { type: 'string' },
  'min-duration': { type: 'string' },
  errors: { type: 'boolean' },
  search: { type: 'string' },
  sort: { type: 'string' },
  order: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
} as const

type CommonValues = { [K in keyof typeof COMMON]?: (typeof COMMON)[K]['type'] extends 'boolean' ? boolean : string }

/** Flag → API filter parameter, shared by every command. */
const FILTERS = [
  ['service', 'service'],
  ['agent', 'agent'],
  ['model', 'model'],
  ['provider', 'provider'],
  ['user', 'userId'],
  ['session', 'sessionId'],
] as const

/** `now` is epoch ms; relative times (`--since 7d`) count back from it. */
export function parseCommand(argv: readonly string[], env: Env, now: number): Command {
  const firstFlag = argv.findIndex((a) => a.startsWith('-'))
  const words = firstFlag < 0 ? [...argv] : argv.slice(0, firstFlag)
  const flags = firstFlag < 0 ? [] : argv.slice(firstFlag)
  const wantsHelp = flags.some((f) => f === '--help' || f === '-h')
  const [command, sub, ...extra] = words

  if (command === undefined) {
    if (wantsHelp) return { kind: 'help', topic: 'loupe' }
    throw new UsageError(flags.length > 0 ? `unknown flag ${flags[0]}; see loupe --help` : 'missing a command; see loupe --help')
  }
  if (command === 'help') return { kind: 'help', topic: helpTopic(words.slice(1)) }
  if (command === 'report') {
    if (sub === undefined) {
      if (wantsHelp) return { kind: 'help', topic: 'report' }
      throw new UsageError('report: missing the report name: loupe report cost; see loupe report --help')
    }
    if (sub !== 'cost') throw new UsageError(`report: unknown report "${sub}"; the reports are: cost`)
    if (wantsHelp) return { kind: 'help', topic: 'report cost' }
    rejectExtra('report cost', extra)
    return costReport(parseFlags('report cost', flags, COST_OPTIONS), env, now)
  }
  if (command === 'traces') {
    if (wantsHelp) return { kind: 'help', topic: 'traces' }
    rejectExtra('traces', sub === undefined ? [] : [sub, ...extra])
    return traces(parseFlags('traces', flags, TRACES_OPTIONS), env, now)
  }
  throw new UsageError(`unknown command "${command}"; the commands are: report cost, traces`)
}

function helpTopic(words: readonly string[]): HelpTopic {
  const topic = words.join(' ')
  if (topic === '') return 'loupe'
  if (topic === 'report' || topic === 'report cost' || topic === 'traces') return topic
  throw new UsageError(`help: no help on "${topic}"; the commands are: report cost, traces`)
}

function costReport(v: ReturnType<typeof parseFlags<typeof COST_OPTIONS>>, env: Env, now: number): Command {
  const format = outputFormat(v)
  const params: Record<string, string> = {
    ...timeRange(v, now),
    groupBy: parseList('--by', v.by ?? 'model').join(','),
    // CSV comes from the server as is; table and JSON are rendered here from the JSON answer
    format: format === 'csv' ? 'csv' : 'json',
    ...filters(v),
  }
  return { kind: 'cost-report', connection: connection(v, env), format, params }
}

function traces(v: ReturnType<typeof parseFlags<typeof TRACES_OPTIONS>>, env: Env, now: number): Command {
  const params: Record<string, string> = { ...timeRange(v, now), ...filters(v) }
  if (v['min-cost'] !== undefined) params['minCostUsd'] = String(parseUsd('--min-cost', v['min-cost']))
  if (v['min-duration'] !== undefined) params['minDurationMs'] = String(parseMillis('--min-duration', v['min-duration']))
  if (v.errors) params['status'] = 'error'
  if (v.search !== undefined) params['q'] = nonEmpty('--search', v.search)
  if (v.sort !== undefined) params['sort'] = nonEmpty('--sort', v.sort)
  if (v.order !== undefined) params['order'] = nonEmpty('--order', v.order)
  if (v.limit !== undefined) params['limit'] = String(parsePositiveInt('--limit', v.limit))
  if (v.cursor !== undefined) params['cursor'] = nonEmpty('--cursor', v.cursor)
  return { kind: 'traces', connection: connection(v, env), format: outputFormat(v), params }
}

/** `--since` counts back from now; `--from`/`--to` are absolute or "ago"; default: the last 24 h. */
function timeRange(v: CommonValues, now: number): { from: string; to: string } {
  if (v.since !== undefined && v.from !== undefined) {
    throw new UsageError('--since and --from both set the start of the range; give one of them')
  }
  const to = v.to === undefined ? now : parseTime('--to', v.to, now)
  const from =
    v.since !== undefined
      ? now - parseDuration('--since', v.since)
      : v.from !== undefined
        ? parseTime('--from', v.from, now)
        : to - DEFAULT_RANGE_MS
  if (!isDate(to)) throw new UsageError(`--to: "${v.to}" is out of the range of dates`)
  if (!isDate(from)) throw new UsageError(`${v.since !== undefined ? '--since' : '--from'}: the range starts before any date there is`)
  if (from >= to) {
    const flag = v.since !== undefined ? '--since' : '--from'
    throw new UsageError(`${flag}: the range starts at ${iso(from)}, not before its end ${iso(to)}`)
  }
  return { from: iso(from), to: iso(to) }
}

function filters(v: CommonValues): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [flag, param] of FILTERS) {
    const value = v[flag]
    if (value !== undefined) out[param] = nonEmpty(`--${flag}`, value)
  }
  return out
}

function connection(v: CommonValues, env: Env): Connection {
  const envUrl = env['LOUPE_URL']
  const envKey = env['LOUPE_API_KEY']
  const baseUrl =
    v.url !== undefined ? parseBaseUrl('--url', v.url) : envUrl ? parseBaseUrl('LOUPE_URL', envUrl) : DEFAULT_URL
  const apiKey =
    v['api-key'] !== undefined
      ? headerSafe('--api-key', nonEmpty('--api-key', v['api-key']))
      : envKey
        ? headerSafe('LOUPE_API_KEY', envKey)
        : null
  const timeoutMs = v.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration('--timeout', v.timeout)
  return { baseUrl, apiKey, timeoutMs }
}

function outputFormat(v: CommonValues): OutputFormat {
  return v.format === undefined ? 'table' : parseChoice('--format', v.format, OUTPUT_FORMATS)
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${flag}: needs a value`)
  return value.trim()
}

/** A key goes into the Authorization header, so it must be visible ASCII without spaces. */
function headerSafe(source: string, key: string): string {
  if (!/^[\x21-\x7e]+$/.test(key)) throw new UsageError(`${source}: the key has spaces or characters an HTTP header cannot carry`)
  return key
}

function rejectExtra(command: string, extra: readonly string[]): void {
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument "${extra[0]}"; see loupe ${command} --help`)
}

type Options = Parameters<typeof parseArgs>[0] extends infer C ? (C extends { options?: infer O } ? NonNullable<O> : never) : never

/** node:util parseArgs, strict, with its errors reworded to name the flag and the command. */
function parseFlags<const O extends Options>(command: string, flags: readonly string[], options: O) {
  let parsed
  try {
    parsed = parseArgs({ args: [...flags], options, strict: true, allowPositionals: true })
  } catch (err) {
    throw new UsageError(rewordParseError(command, err))
  }
  rejectExtra(command, parsed.positionals)
  return parsed.values
}

function rewordParseError(command: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  const code = (err as { code?: unknown }).code
  const flag = /'(?:-\w, )?(-[^' ]+)/.exec(message)?.[1] ?? '?'
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown flag ${flag} for loupe ${command}; see loupe ${command} --help`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take an argument')) return `${flag} does not take a value`
    if (message.includes('ambiguous')) return `${flag}: needs a value (write ${flag}=VALUE for one that starts with "-")`
    return `${flag}: needs a value`
  }
  return message
}

function isDate(ms: number): boolean {
  return !Number.isNaN(new Date(ms).getTime())
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
