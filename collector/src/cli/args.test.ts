import { describe, expect, it } from 'vitest'
import { DEFAULT_REFERENCE_MS, DEFAULT_TIMEOUT_MS, DEFAULT_URL, parseCommand, type Command } from './args.ts'
import { UsageError } from './errors.ts'

const NOW = Date.parse('2025-01-31T12:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()
const HOUR = 3_600_000
const DAY = 24 * HOUR

const parse = (argv: string, env: Record<string, string> = {}): Command =>
  parseCommand(argv.split(' ').filter(Boolean), env, NOW)

const params = (argv: string): Record<string, string> => {
  const command = parse(argv)
  if (command.kind === 'help') throw new Error('expected a query command')
  return command.params
}

describe('commands and help', () => {
  it.each([
    ['--help', 'loupe'],
    ['-h', 'loupe'],
    ['help', 'loupe'],
    ['help traces', 'traces'],
    ['help report cost', 'report cost'],
    ['report --help', 'report'],
    ['report cost --help', 'report cost'],
    ['report cost --since 7x --help', 'report cost'],
    ['report readiness --help', 'report readiness'],
    ['help report drift', 'report drift'],
    ['report drift --fail-on nonsense -h', 'report drift'],
    ['traces -h', 'traces'],
    ['prices --help', 'prices'],
    ['prices gpt-4o -h', 'prices'],
    ['help prices', 'prices'],
    ['alerts --help', 'alerts'],
    ['alerts --state nonsense -h', 'alerts'],
    ['help alerts', 'alerts'],
  ])('%s → help on %s', (argv, topic) => {
    expect(parse(argv)).toEqual({ kind: 'help', topic })
  })

  it.each([
    ['', 'missing a command; see loupe --help'],
    ['--since 7d', 'unknown flag --since; see loupe --help'],
    [
      'cost',
      'unknown command "cost"; the commands are: report cost, report readiness, report drift, traces, prices, alerts',
    ],
    ['report', 'report: missing the report name, one of cost, readiness, drift; see loupe report --help'],
    ['report tokens', 'report: unknown report "tokens"; the reports are: cost, readiness, drift'],
    ['report drift extra', 'report drift: unexpected argument "extra"; see loupe report drift --help'],
    ['report cost extra', 'report cost: unexpected argument "extra"; see loupe report cost --help'],
    ['traces --since 1h extra', 'traces: unexpected argument "extra"; see loupe traces --help'],
    ['traces --bogus', 'unknown flag --bogus for loupe traces; see loupe traces --help'],
    ['report cost --min-cost 1', 'unknown flag --min-cost for loupe report cost; see loupe report cost --help'],
    ['traces --since', '--since: needs a value'],
    ['traces --min-cost -1', '--min-cost: needs a value (write --min-cost=VALUE for one that starts with "-")'],
    ['traces --errors=yes', '--errors does not take a value'],
    [
      'help nothing',
      'help: no help on "nothing"; the commands are: report cost, report readiness, report drift, traces, prices, alerts',
    ],
    // the readiness and drift APIs take fewer filters than the cost report
    [
      'report readiness --model gpt-4o',
      'unknown flag --model for loupe report readiness; see loupe report readiness --help',
    ],
    ['report drift --provider openai', 'unknown flag --provider for loupe report drift; see loupe report drift --help'],
    ['report cost --fail-on fail', 'unknown flag --fail-on for loupe report cost; see loupe report cost --help'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(new UsageError(message))
  })
})

describe('report cost', () => {
  it('turns the documented example into the API query', () => {
    expect(parse('report cost --since 7d --by model,service --format json')).toEqual({
      kind: 'cost-report',
      connection: { baseUrl: DEFAULT_URL, apiKey: null, timeoutMs: DEFAULT_TIMEOUT_MS },
      format: 'json',
      params: { from: iso(NOW - 7 * DAY), to: iso(NOW), groupBy: 'model,service', format: 'json' },
    })
  })

  it.each([
    ['report cost', { groupBy: 'model', format: 'json' }],
    ['report cost --format table', { format: 'json' }],
    ['report cost --format csv', { format: 'csv' }],
    ['report cost --by model,,service,', { groupBy: 'model,service' }],
    // the server owns the dimension names; it answers 400 for one it does not know
    ['report cost --by nonsense', { groupBy: 'nonsense' }],
    [
      'report cost --service api --agent planner --model gpt-4o --provider openai --user u1 --session s1',
      { service: 'api', agent: 'planner', model: 'gpt-4o', provider: 'openai', userId: 'u1', sessionId: 's1' },
    ],
  ])('%s', (argv, expected) => {
    expect(params(argv)).toMatchObject(expected)
  })
})

describe('report readiness', () => {
  it('turns the CI example into the API query and the gate', () => {
    expect(parse('report readiness --agent planner --fail-on fail')).toEqual({
      kind: 'readiness-report',
      connection: { baseUrl: DEFAULT_URL, apiKey: null, timeoutMs: DEFAULT_TIMEOUT_MS },
      format: 'table',
      params: { from: iso(NOW - DAY), to: iso(NOW), agent: 'planner' },
      failOn: 'fail',
    })
  })

  it.each([
    ['report readiness', null],
    ['report readiness --fail-on warn', 'warn'],
    ['report readiness --fail-on=fail --format json', 'fail'],
  ])('%s gates on %s', (argv, failOn) => {
    expect(parse(argv)).toMatchObject({ kind: 'readiness-report', failOn })
  })

  it('sends the range and the service filter, and no format: the API answers JSON only', () => {
    expect(params('report readiness --since 7d --service shop-api --format csv')).toEqual({
      from: iso(NOW - 7 * DAY),
      to: iso(NOW),
      service: 'shop-api',
    })
  })

  it.each([
    ['report readiness --fail-on unknown', '--fail-on: "unknown" is not one of fail, warn'],
    ['report readiness --fail-on drift', '--fail-on: "drift" is not one of fail, warn'],
    ['report readiness --fail-on', '--fail-on: needs a value'],
    ['report readiness --agent', '--agent: needs a value'],
    ['report readiness --agent=', '--agent: needs a value'],
    ['report readiness --format yaml', '--format: "yaml" is not one of table, csv, json'],
  ])('%s is a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(new UsageError(message))
  })
})

describe('report drift', () => {
  it('defaults to the last day against the 7 days before it', () => {
    expect(parse('report drift')).toEqual({
      kind: 'drift-report',
      connection: { baseUrl: DEFAULT_URL, apiKey: null, timeoutMs: DEFAULT_TIMEOUT_MS },
      format: 'table',
      params: {
        from: iso(NOW - DAY),
        to: iso(NOW),
        referenceFrom: iso(NOW - DAY - DEFAULT_REFERENCE_MS),
        referenceTo: iso(NOW - DAY),
      },
      failOn: null,
    })
  })

  it.each([
    [
      'report drift --since 1d --reference-from 8d --reference-to 1d',
      { referenceFrom: iso(NOW - 8 * DAY), referenceTo: iso(NOW - DAY) },
    ],
    // only the end: the reference is the 7 days before it
    ['report drift --reference-to 3d', { referenceFrom: iso(NOW - 10 * DAY), referenceTo: iso(NOW - 3 * DAY) }],
    // only the start: the reference ends where the current window starts
    [
      'report drift --from 2d --to 1d --reference-from 30d',
      { from: iso(NOW - 2 * DAY), referenceFrom: iso(NOW - 30 * DAY), referenceTo: iso(NOW - 2 * DAY) },
    ],
    // a reference after the current window is allowed, as by the API
    [
      'report drift --from 10d --to 9d --reference-from 2d --reference-to 1d',
      { referenceFrom: iso(NOW - 2 * DAY), referenceTo: iso(NOW - DAY) },
    ],
    [
      'report drift --alpha 0.01 --agent planner --model gpt-4o --service api',
      { alpha: '0.01', agent: 'planner', model: 'gpt-4o', service: 'api' },
    ],
  ])('%s', (argv, expected) => {
    expect(params(argv)).toMatchObject(expected)
  })

  it('gates on drift', () => {
    expect(parse('report drift --fail-on drift --format csv')).toMatchObject({
      kind: 'drift-report',
      format: 'csv',
      failOn: 'drift',
    })
  })

  it.each([
    ['report drift --fail-on fail', '--fail-on: "fail" is not one of drift'],
    ['report drift --alpha 5', '--alpha: "5" is not a number between 0 and 1 like 0.05'],
    [
      'report drift --reference-from 1d --reference-to 2d',
      '--reference-from: the reference window starts at 2025-01-30T12:00:00.000Z, not before its end 2025-01-29T12:00:00.000Z',
    ],
    [
      'report drift --reference-from 1h',
      '--reference-from: the reference window starts at 2025-01-31T11:00:00.000Z, not before its end 2025-01-30T12:00:00.000Z',
    ],
    [
      'report drift --since 2d --reference-to 1d',
      '--reference-to: the reference window 2025-01-23T12:00:00.000Z to 2025-01-30T12:00:00.000Z overlaps the current window ' +
        '2025-01-29T12:00:00.000Z to 2025-01-31T12:00:00.000Z; move it before --from (or --since), or after --to',
    ],
    ['report drift --reference-to soon', '--reference-to: "soon" is not a time'],
  ])('%s is a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(message)
  })
})

describe('traces', () => {
  it.each([
    [
      'traces --since 1h --min-cost 0.5 --limit 20',
      { from: iso(NOW - HOUR), to: iso(NOW), minCostUsd: '0.5', limit: '20' },
    ],
    ['traces --min-cost=$1.25', { minCostUsd: '1.25' }],
    ['traces --min-duration 2s', { minDurationMs: '2000' }],
    ['traces --errors', { status: 'error' }],
    ['traces --running', { state: 'running' }],
    [
      'traces --search refund --sort costUsd --order asc --cursor abc',
      { q: 'refund', sort: 'costUsd', order: 'asc', cursor: 'abc' },
    ],
  ])('%s', (argv, expected) => {
    expect(params(argv)).toMatchObject(expected)
  })

  it('sends only what was asked for', () => {
    expect(params('traces')).toEqual({ from: iso(NOW - DAY), to: iso(NOW) })
  })

  it.each([
    ['traces --format xml', '--format: "xml" is not one of table, csv, json'],
    ['traces --limit 0', '--limit: "0" is not a whole number of at least 1'],
    ['traces --min-cost lots', '--min-cost: "lots" is not an amount of dollars like 0.5'],
    ['traces --search', '--search: needs a value'],
  ])('%s is a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(message)
  })
})

describe('prices', () => {
  it('sends the model and the time, now by default', () => {
    expect(parse('prices openai/gpt-4o-2024-08-06')).toMatchObject({
      kind: 'prices',
      format: 'table',
      params: { model: 'openai/gpt-4o-2024-08-06', at: iso(NOW) },
    })
    expect(params('prices gpt-4o --at 2d')).toEqual({ model: 'gpt-4o', at: iso(NOW - 2 * DAY) })
    expect(params('prices gpt-4o --at 2026-12-01T02:30:00Z')).toEqual({
      model: 'gpt-4o',
      at: '2026-12-01T02:30:00.000Z',
    })
    expect(parse('prices gpt-4o --format csv')).toMatchObject({ format: 'csv' })
    expect(params('prices gpt-5.4 --input-tokens 300000')).toEqual({
      model: 'gpt-5.4',
      at: iso(NOW),
      inputTokens: '300000',
    })
  })

  it.each([
    ['prices', 'prices: missing the model name, for example: loupe prices gpt-4o'],
    ['prices gpt-4o claude', 'prices: unexpected argument "claude"; see loupe prices --help'],
    [
      'prices gpt-4o --at soon',
      '--at: "soon" is not a time: use ISO-8601 (2025-01-31T12:00:00Z), epoch ms, or a duration ago like 2d',
    ],
    ['prices gpt-4o --since 1h', 'unknown flag --since for loupe prices; see loupe prices --help'],
    ['prices gpt-4o --input-tokens many', '--input-tokens: "many" is not a whole number of at least 1'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(new UsageError(message))
  })
})

describe('alerts', () => {
  it.each([
    ['alerts --since 1d', { from: iso(NOW - DAY), to: iso(NOW) }],
    ['alerts', { from: iso(NOW - DAY), to: iso(NOW) }],
    [
      'alerts --from 2d --to 1d --rule trace-cost --state firing --subject u-42 --limit 20',
      {
        from: iso(NOW - 2 * DAY),
        to: iso(NOW - DAY),
        rule: 'trace-cost',
        state: 'firing',
        subject: 'u-42',
        limit: '20',
      },
    ],
    ['alerts --state=resolved', { from: iso(NOW - DAY), to: iso(NOW), state: 'resolved' }],
  ])('%s sends only what was asked for', (argv, expected) => {
    expect(params(argv)).toEqual(expected)
  })

  it('takes the output format and the connection like the other commands', () => {
    expect(parse('alerts --format csv --url http://loupe:4318 --api-key k1 --timeout 5s')).toEqual({
      kind: 'alerts',
      format: 'csv',
      connection: { baseUrl: 'http://loupe:4318', apiKey: 'k1', timeoutMs: 5000 },
      params: { from: iso(NOW - DAY), to: iso(NOW) },
    })
  })

  it.each([
    ['alerts --state open', '--state: "open" is not one of firing, resolved'],
    ['alerts --limit 0', '--limit: "0" is not a whole number of at least 1'],
    ['alerts --rule', '--rule: needs a value'],
    ['alerts --subject= ', '--subject: needs a value'],
    ['alerts --since 1x', '--since: "1x" is not a duration like 30m, 24h or 7d'],
    ['alerts --format yaml', '--format: "yaml" is not one of table, csv, json'],
    // the API filters alerts by rule, state and subject, not by the span filters
    ['alerts --agent planner', 'unknown flag --agent for loupe alerts; see loupe alerts --help'],
    ['alerts firing', 'alerts: unexpected argument "firing"; see loupe alerts --help'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(new UsageError(message))
  })
})

describe('time range', () => {
  it.each([
    ['traces', NOW - DAY, NOW],
    ['traces --since 30m', NOW - 30 * 60_000, NOW],
    ['traces --since 90s', NOW - 90_000, NOW],
    ['traces --from 2025-01-30T00:00:00Z', Date.parse('2025-01-30T00:00:00Z'), NOW],
    ['traces --from 2d --to 1d', NOW - 2 * DAY, NOW - DAY],
    ['traces --to 2025-01-31T00:00:00Z', Date.parse('2025-01-30T00:00:00Z'), Date.parse('2025-01-31T00:00:00Z')],
    ['traces --from 1738000000000 --to 1738100000000', 1_738_000_000_000, 1_738_100_000_000],
  ])('%s', (argv, from, to) => {
    expect(params(argv)).toMatchObject({ from: iso(from), to: iso(to) })
  })

  it.each([
    ['traces --since 7x', '--since: "7x" is not a duration like 30m, 24h or 7d'],
    ['traces --since 1d --from 2d', '--since and --from both set the start of the range; give one of them'],
    [
      'traces --from 1d --to 2d',
      '--from: the range starts at 2025-01-30T12:00:00.000Z, not before its end 2025-01-29T12:00:00.000Z',
    ],
    ['traces --since 999999999999d', '--since: the range starts before any date there is'],
    ['traces --to soon', '--to: "soon" is not a time'],
  ])('%s is a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(message)
  })
})

describe('connection', () => {
  it.each([
    ['traces', {}, { baseUrl: DEFAULT_URL, apiKey: null, timeoutMs: DEFAULT_TIMEOUT_MS }],
    [
      'traces',
      { LOUPE_URL: 'http://collector:4318/', LOUPE_API_KEY: 'k1' },
      { baseUrl: 'http://collector:4318', apiKey: 'k1', timeoutMs: DEFAULT_TIMEOUT_MS },
    ],
    [
      'traces --url http://a:1 --api-key k2 --timeout 5s',
      { LOUPE_URL: 'http://b:2', LOUPE_API_KEY: 'k1' },
      { baseUrl: 'http://a:1', apiKey: 'k2', timeoutMs: 5000 },
    ],
    [
      'traces',
      { LOUPE_URL: '', LOUPE_API_KEY: '' },
      { baseUrl: DEFAULT_URL, apiKey: null, timeoutMs: DEFAULT_TIMEOUT_MS },
    ],
  ])('%s with %j', (argv, env, connection) => {
    const command = parse(argv, env)
    expect(command.kind !== 'help' && command.connection).toEqual(connection)
  })

  it.each([
    ['traces --url localhost', {}, '--url: "localhost" is not a URL'],
    ['traces', { LOUPE_URL: 'collector' }, 'LOUPE_URL: "collector" is not a URL'],
    ['traces --timeout soon', {}, '--timeout: "soon" is not a duration'],
    ['traces --api-key=k\u00e9y', {}, '--api-key: the key has spaces or characters an HTTP header cannot carry'],
    ['traces', { LOUPE_API_KEY: 'two words' }, 'LOUPE_API_KEY: the key has spaces'],
  ])('%s with %j is a usage error', (argv, env, message) => {
    expect(() => parse(argv, env)).toThrow(message)
  })
})
