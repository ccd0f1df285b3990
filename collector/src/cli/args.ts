/**
 * @module cli/args
 * Pure: argv → a typed `Command`, or a UsageError that names the flag. Command words come first
 * (`loupe report cost`), flags after. Vocabularies the server owns (cost dimensions, sort keys)
 * are passed through for it to check, so a newer server's additions need no new CLI; everything
 * else is checked here, before any request.
 */
import { ALERT_STATES } from '@loupe/schema'
import { UsageError } from './errors.ts'
import { parseFlags, rejectExtra } from './flags.ts'
import {
  parseBaseUrl,
  parseChoice,
  parseDuration,
  parseList,
  parseMillis,
  parsePositiveInt,
  parseProbability,
  parseTime,
  parseUsd,
} from './values.ts'

const OUTPUT_FORMATS = ['table', 'csv', 'json'] as const
type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export const DEFAULT_URL = 'http://127.0.0.1:4318'
const DEFAULT_RANGE_MS = 24 * 3_600_000
export const DEFAULT_TIMEOUT_MS = 30_000
/** The drift report's default reference window: the 7 days before the current one (as `DriftQuery`). */
export const DEFAULT_REFERENCE_MS = 7 * 24 * 3_600_000

/** `--fail-on` for readiness: the verdict that trips the gate, along with any worse one. */
const READINESS_FAIL_ON = ['fail', 'warn'] as const
export type ReadinessFailOn = (typeof READINESS_FAIL_ON)[number]
const DRIFT_FAIL_ON = ['drift'] as const
type DriftFailOn = (typeof DRIFT_FAIL_ON)[number]

export interface Connection {
  /** without a trailing slash */
  baseUrl: string
  apiKey: string | null
  timeoutMs: number
}

const REPORTS = ['cost', 'readiness', 'drift'] as const
const HELP_TOPICS = ['report', ...REPORTS.map((r) => `report ${r}` as const), 'traces', 'prices', 'alerts'] as const
export type HelpTopic = 'loupe' | (typeof HELP_TOPICS)[number]
const COMMAND_LIST = `${REPORTS.map((r) => `report ${r}`).join(', ')}, traces, prices, alerts`

/** `params` is the query string exactly as it will be sent. */
export type Command =
  | { kind: 'help'; topic: HelpTopic }
  | { kind: 'cost-report'; connection: Connection; format: OutputFormat; params: Record<string, string> }
  | { kind: 'traces'; connection: Connection; format: OutputFormat; params: Record<string, string> }
  | {
      kind: 'readiness-report'
      connection: Connection
      format: OutputFormat
      params: Record<string, string>
      failOn: ReadinessFailOn | null
    }
  | {
      kind: 'drift-report'
      connection: Connection
      format: OutputFormat
      params: Record<string, string>
      failOn: DriftFailOn | null
    }
  | { kind: 'prices'; connection: Connection; format: OutputFormat; params: Record<string, string> }
  | { kind: 'alerts'; connection: Connection; format: OutputFormat; params: Record<string, string> }

export type Env = Readonly<Record<string, string | undefined>>

/** Connection and output: every command that asks the collector takes these. */
const CONNECTION = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  format: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** And a time range: every query over stored traces. */
const BASE = {
  ...CONNECTION,
  since: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const

const COMMON = {
  ...BASE,
  service: { type: 'string' },
  agent: { type: 'string' },
  model: { type: 'string' },
  provider: { type: 'string' },
  user: { type: 'string' },
  session: { type: 'string' },
} as const

const COST_OPTIONS = { ...COMMON, by: { type: 'string' } } as const

/** The readiness and drift APIs take fewer filters; the others would be a 400 from the server. */
const READINESS_OPTIONS = {
  ...BASE,
  service: { type: 'string' },
  agent: { type: 'string' },
  'fail-on': { type: 'string' },
} as const

const DRIFT_OPTIONS = {
  ...BASE,
  service: { type: 'string' },
  agent: { type: 'string' },
  model: { type: 'string' },
  'reference-from': { type: 'string' },
  'reference-to': { type: 'string' },
  alpha: { type: 'string' },
  'fail-on': { type: 'string' },
} as const

const TRACES_OPTIONS = {
  ...COMMON,
  'min-cost': { type: 'string' },
  'min-duration': { type: 'string' },
  errors: { type: 'boolean' },
  running: { type: 'boolean' },
  search: { type: 'string' },
  sort: { type: 'string' },
  order: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
} as const

/** A price lookup has no range or filters: the model is a word, the time a flag. */
const PRICES_OPTIONS = { ...CONNECTION, at: { type: 'string' }, 'input-tokens': { type: 'string' } } as const

/** The alert history: a time range (of firing times) and the API's own filters, none of the span ones. */
const ALERTS_OPTIONS = {
  ...BASE,
  rule: { type: 'string' },
  state: { type: 'string' },
  subject: { type: 'string' },
  limit: { type: 'string' },
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
    throw new UsageError(
      flags.length > 0 ? `unknown flag ${flags[0]}; see loupe --help` : 'missing a command; see loupe --help',
    )
  }
  if (command === 'help') return { kind: 'help', topic: helpTopic(words.slice(1)) }
  if (command === 'report') {
    if (sub === undefined) {
      if (wantsHelp) return { kind: 'help', topic: 'report' }
      throw new UsageError(`report: missing the report name, one of ${REPORTS.join(', ')}; see loupe report --help`)
    }
    const report = REPORTS.find((r) => r === sub)
    if (report === undefined)
      throw new UsageError(`report: unknown report "${sub}"; the reports are: ${REPORTS.join(', ')}`)
    const name = `report ${report}` as const
    if (wantsHelp) return { kind: 'help', topic: name }
    rejectExtra(name, extra)
    switch (report) {
      case 'cost':
        return costReport(parseFlags(name, flags, COST_OPTIONS), env, now)
      case 'readiness':
        return readinessReport(parseFlags(name, flags, READINESS_OPTIONS), env, now)
      case 'drift':
        return driftReport(parseFlags(name, flags, DRIFT_OPTIONS), env, now)
    }
  }
  if (command === 'traces') {
    if (wantsHelp) return { kind: 'help', topic: 'traces' }
    rejectExtra('traces', sub === undefined ? [] : [sub, ...extra])
    return traces(parseFlags('traces', flags, TRACES_OPTIONS), env, now)
  }
  if (command === 'prices') {
    if (wantsHelp) return { kind: 'help', topic: 'prices' }
    if (sub === undefined) throw new UsageError('prices: missing the model name, for example: loupe prices gpt-4o')
    rejectExtra('prices', extra)
    return prices(nonEmpty('prices: the model name', sub), parseFlags('prices', flags, PRICES_OPTIONS), env, now)
  }
  if (command === 'alerts') {
    if (wantsHelp) return { kind: 'help', topic: 'alerts' }
    rejectExtra('alerts', sub === undefined ? [] : [sub, ...extra])
    return alerts(parseFlags('alerts', flags, ALERTS_OPTIONS), env, now)
  }
  throw new UsageError(`unknown command "${command}"; the commands are: ${COMMAND_LIST}`)
}

function prices(
  model: string,
  v: ReturnType<typeof parseFlags<typeof PRICES_OPTIONS>>,
  env: Env,
  now: number,
): Command {
  const at = v.at === undefined ? now : parseTime('--at', v.at, now)
  if (!isDate(at)) throw new UsageError(`--at: "${v.at}" is out of the range of dates`)
  const params: Record<string, string> = { model, at: iso(at) }
  if (v['input-tokens'] !== undefined)
    params['inputTokens'] = String(parsePositiveInt('--input-tokens', v['input-tokens']))
  return { kind: 'prices', connection: connection(v, env), format: outputFormat(v), params }
}

function helpTopic(words: readonly string[]): HelpTopic {
  const topic = words.join(' ')
  if (topic === '') return 'loupe'
  const found = HELP_TOPICS.find((t) => t === topic)
  if (found === undefined) throw new UsageError(`help: no help on "${topic}"; the commands are: ${COMMAND_LIST}`)
  return found
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
  if (v['min-duration'] !== undefined)
    params['minDurationMs'] = String(parseMillis('--min-duration', v['min-duration']))
  if (v.errors) params['status'] = 'error'
  if (v.running) params['state'] = 'running'
  if (v.search !== undefined) params['q'] = nonEmpty('--search', v.search)
  if (v.sort !== undefined) params['sort'] = nonEmpty('--sort', v.sort)
  if (v.order !== undefined) params['order'] = nonEmpty('--order', v.order)
  if (v.limit !== undefined) params['limit'] = String(parsePositiveInt('--limit', v.limit))
  if (v.cursor !== undefined) params['cursor'] = nonEmpty('--cursor', v.cursor)
  return { kind: 'traces', connection: connection(v, env), format: outputFormat(v), params }
}

function alerts(v: ReturnType<typeof parseFlags<typeof ALERTS_OPTIONS>>, env: Env, now: number): Command {
  const params: Record<string, string> = { ...timeRange(v, now) }
  if (v.rule !== undefined) params['rule'] = nonEmpty('--rule', v.rule)
  if (v.state !== undefined) params['state'] = parseChoice('--state', v.state, ALERT_STATES)
  if (v.subject !== undefined) params['subject'] = nonEmpty('--subject', v.subject)
  if (v.limit !== undefined) params['limit'] = String(parsePositiveInt('--limit', v.limit))
  return { kind: 'alerts', connection: connection(v, env), format: outputFormat(v), params }
}

function readinessReport(v: ReturnType<typeof parseFlags<typeof READINESS_OPTIONS>>, env: Env, now: number): Command {
  const params: Record<string, string> = { ...timeRange(v, now), ...filters(v) }
  const failOn = v['fail-on'] === undefined ? null : parseChoice('--fail-on', v['fail-on'], READINESS_FAIL_ON)
  return { kind: 'readiness-report', connection: connection(v, env), format: outputFormat(v), params, failOn }
}

function driftReport(v: ReturnType<typeof parseFlags<typeof DRIFT_OPTIONS>>, env: Env, now: number): Command {
  const current = timeRange(v, now)
  const params: Record<string, string> = { ...current, ...referenceRange(v, current, now), ...filters(v) }
  if (v.alpha !== undefined) params['alpha'] = String(parseProbability('--alpha', v.alpha))
  const failOn = v['fail-on'] === undefined ? null : parseChoice('--fail-on', v['fail-on'], DRIFT_FAIL_ON)
  return { kind: 'drift-report', connection: connection(v, env), format: outputFormat(v), params, failOn }
}

/**
 * The drift report's reference window, checked as the server checks it: it must not overlap the
 * current window. Its end defaults to the current window's start, its start to DEFAULT_REFERENCE_MS
 * before its end; both are sent, so the report is of exactly the windows checked here.
 */
function referenceRange(
  v: { 'reference-from'?: string | undefined; 'reference-to'?: string | undefined },
  current: { from: string; to: string },
  now: number,
): { referenceFrom: string; referenceTo: string } {
  const [curFrom, curTo] = [Date.parse(current.from), Date.parse(current.to)]
  const to = v['reference-to'] === undefined ? curFrom : parseTime('--reference-to', v['reference-to'], now)
  const from =
    v['reference-from'] === undefined
      ? to - DEFAULT_REFERENCE_MS
      : parseTime('--reference-from', v['reference-from'], now)
  const flag = v['reference-from'] !== undefined ? '--reference-from' : '--reference-to'
  if (!isDate(to) || !isDate(from)) throw new UsageError(`${flag}: the reference window is out of the range of dates`)
  if (from >= to)
    throw new UsageError(`${flag}: the reference window starts at ${iso(from)}, not before its end ${iso(to)}`)
  if (from < curTo && to > curFrom) {
    throw new UsageError(
      `${flag}: the reference window ${iso(from)} to ${iso(to)} overlaps the current window ${current.from} to ${current.to}; ` +
        'move it before --from (or --since), or after --to',
    )
  }
  return { referenceFrom: iso(from), referenceTo: iso(to) }
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
  if (!isDate(from))
    throw new UsageError(`${v.since !== undefined ? '--since' : '--from'}: the range starts before any date there is`)
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
  if (!/^[\x21-\x7e]+$/.test(key))
    throw new UsageError(`${source}: the key has spaces or characters an HTTP header cannot carry`)
  return key
}

function isDate(ms: number): boolean {
  return !Number.isNaN(new Date(ms).getTime())
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
