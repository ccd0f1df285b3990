import type { CostReportResponse, TraceListResponse } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import type { FetchFn } from './client.ts'
import { EXIT } from './errors.ts'
import { run } from './run.ts'
import { ALERT_TRACE, ALERTS, DRIFT, READINESS } from './testing.ts'

const NOW = Date.parse('2025-01-31T12:00:00Z')

const REPORT: CostReportResponse = {
  groupBy: ['model'],
  from: '2025-01-24T12:00:00.000Z',
  to: '2025-01-31T12:00:00.000Z',
  rows: [
    {
      dimensions: { model: 'gpt-4o' },
      spanCount: 1,
      llmCalls: 1,
      toolCalls: 0,
      toolDurationMs: 0,
      inputTokens: 1000,
      outputTokens: 500,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      costUsd: 0.0075,
      unpricedCalls: 0,
      wastedCostUsd: 0,
      runningCostUsd: 0,
    },
  ],
  totals: {
    spanCount: 1,
    llmCalls: 1,
    toolCalls: 0,
    toolDurationMs: 0,
    inputTokens: 1000,
    outputTokens: 500,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.0075,
    unpricedCalls: 0,
    wastedCostUsd: 0,
    runningCostUsd: 0,
  },
}

const TRACES: TraceListResponse = { traces: [], nextCursor: 'c2' }

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** Runs the CLI against one canned answer (or thrown error), recording the request. */
async function cli(argv: string, answer: (() => Response) | Error, env: Record<string, string> = {}) {
  const requests: { url: string; headers: Record<string, string> }[] = []
  let stdout = ''
  let stderr = ''
  const fetchFn: FetchFn = async (url, init) => {
    requests.push({ url, headers: init.headers as Record<string, string> })
    if (answer instanceof Error) throw answer
    return answer()
  }
  const code = await run(argv.split(' ').filter(Boolean), {
    env,
    now: () => NOW,
    fetch: fetchFn,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  })
  return { code, stdout, stderr, requests }
}

describe('run', () => {
  it('prints the cost table to stdout, nothing to stderr', async () => {
    const r = await cli('report cost --since 7d --url http://loupe:4318 --api-key k1', () => json(REPORT))
    expect(r.code).toBe(EXIT.ok)
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('Cost by model, 2025-01-24 12:00:00 to 2025-01-31 12:00:00 UTC')
    expect(r.stdout).toMatch(/^gpt-4o +1 +1,000 +500 +\$0\.0075$/m)
    expect(r.stdout).toMatch(/^total +1 +1,000 +500 +\$0\.0075$/m)
    const url = new URL(r.requests[0]!.url)
    expect(url.origin + url.pathname).toBe('http://loupe:4318/api/reports/cost')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: '2025-01-24T12:00:00.000Z',
      to: '2025-01-31T12:00:00.000Z',
      groupBy: 'model',
      format: 'json',
    })
    expect(r.requests[0]!.headers).toEqual({ accept: 'application/json', authorization: 'Bearer k1' })
  })

  it('prints the validated response for --format json', async () => {
    const r = await cli('report cost --format json', () => json({ ...REPORT, extra: 'dropped' }))
    expect(JSON.parse(r.stdout)).toEqual(REPORT)
  })

  it('passes the server CSV through for --format csv', async () => {
    const r = await cli(
      'report cost --format csv',
      () => new Response('model,costUsd\ngpt-4o,0.0075', { headers: { 'content-type': 'text/csv' } }),
    )
    expect(r.code).toBe(EXIT.ok)
    expect(r.stdout).toBe('model,costUsd\ngpt-4o,0.0075\n')
    expect(new URL(r.requests[0]!.url).searchParams.get('format')).toBe('csv')
    expect(r.requests[0]!.headers).toEqual({ accept: 'text/csv' })
  })

  it('notes a next page on stderr, keeping stdout for data', async () => {
    const r = await cli('traces --format csv', () => json(TRACES))
    expect(r.code).toBe(EXIT.ok)
    expect(r.stdout.split('\n')[0]).toMatch(/^traceId,startTime,/)
    expect(r.stderr).toBe('loupe: more traces: repeat with --cursor c2\n')
  })

  it('says so when no trace matched', async () => {
    const r = await cli('traces --since 1h', () => json({ traces: [], nextCursor: null }))
    expect(r.stdout).toBe('No traces matched, 2025-01-31 11:00:00 to 2025-01-31 12:00:00 UTC.\n')
  })

  it('prints help on stdout with exit 0', async () => {
    const r = await cli('traces --help', new Error('no request expected'))
    expect(r.code).toBe(EXIT.ok)
    expect(r.stdout).toContain('Exit codes:')
    expect(r.requests).toEqual([])
  })

  it.each([
    // usage: no request is made
    ['traces --limit x', () => json(TRACES), EXIT.usage, 'loupe: --limit: "x" is not a whole number of at least 1'],
    [
      'lol',
      () => json(TRACES),
      EXIT.usage,
      'loupe: unknown command "lol"; the commands are: report cost, report readiness, report drift, traces',
    ],
    [
      'report readiness --fail-on pass',
      () => json(READINESS),
      EXIT.usage,
      'loupe: --fail-on: "pass" is not one of fail, warn',
    ],
    // no answer
    [
      'traces --url http://db:9',
      new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
      EXIT.unreachable,
      'loupe: cannot reach http://db:9: connection refused (is the collector running?)',
    ],
    [
      'traces --timeout 2s',
      new DOMException('aborted', 'TimeoutError'),
      EXIT.unreachable,
      'loupe: cannot reach http://127.0.0.1:4318: no answer within 2s',
    ],
    // an error answer
    [
      'report cost --by nonsense',
      () => json({ error: 'invalid groupBy: unknown dimension nonsense' }, 400),
      EXIT.server,
      'loupe: http://127.0.0.1:4318 answered 400: invalid groupBy: unknown dimension nonsense',
    ],
    [
      'traces',
      () => json({ error: 'an API key is required' }, 401),
      EXIT.server,
      'loupe: http://127.0.0.1:4318 answered 401: an API key is required (pass --api-key or set LOUPE_API_KEY)',
    ],
    [
      'traces --api-key bad',
      () => json({ error: 'the API key is not valid' }, 401),
      EXIT.server,
      'loupe: http://127.0.0.1:4318 answered 401: the API key is not valid (check --api-key or LOUPE_API_KEY)',
    ],
    [
      'traces',
      () => new Response('<html><body>Not Found</body></html>', { status: 404, statusText: 'Not Found' }),
      EXIT.server,
      'loupe: http://127.0.0.1:4318 answered 404 Not Found: <html><body>Not Found</body></html> (is http://127.0.0.1:4318 a Loupe collector that serves /api/traces?)',
    ],
    [
      'traces',
      () => json({ error: 'storage unavailable' }, 503),
      EXIT.server,
      'loupe: http://127.0.0.1:4318 answered 503: storage unavailable',
    ],
    // an answer that breaks the contract
    [
      'traces',
      () => json({ traces: [{ traceId: 'nope' }], nextCursor: null }),
      EXIT.schema,
      'loupe: GET /api/traces: the answer does not match the API schema: traces.0.traceId: a trace id is 32 lowercase hex characters; traces.0.rootName: Invalid input: expected string, received undefined; traces.0.serviceNames: Invalid input: expected array, received undefined; and 18 more',
    ],
    [
      'report cost',
      () => new Response('ok', { headers: { 'content-type': 'text/plain' } }),
      EXIT.schema,
      'loupe: GET /api/reports/cost: the answer is not JSON (text/plain): ok',
    ],
    [
      'report cost --format csv',
      () => json(REPORT),
      EXIT.schema,
      'loupe: GET /api/reports/cost: expected text/csv, the answer is application/json:',
    ],
    // a gate cannot pass on an answer it cannot read
    [
      'report readiness --fail-on fail',
      () => json({ ...READINESS, agents: [{ agentName: 'x' }] }),
      EXIT.schema,
      'loupe: GET /api/reports/readiness: the answer does not match the API schema: agents.0.serviceName:',
    ],
    [
      'report drift --fail-on drift',
      () => json({ error: 'the reference window overlaps the current window' }, 400),
      EXIT.server,
      'loupe: http://127.0.0.1:4318 answered 400: the reference window overlaps the current window',
    ],
  ])('%s → exit %i', async (argv, answer, code, message) => {
    const r = await cli(argv, answer)
    expect(r.code).toBe(code)
    expect(r.stderr.startsWith(message)).toBe(true)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stdout).toBe('')
  })

  it('asks for the readiness report and prints the table under a heading', async () => {
    const r = await cli('report readiness --agent reckless --since 1d', () => json(READINESS))
    expect(r.code).toBe(EXIT.ok)
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(
      /^Readiness, 2025-01-30 12:00:00 to 2025-01-31 12:00:00 UTC: 12 traces, against the default policy\n\nservice +agent +verdict +step-limit/,
    )
    expect(r.stdout).toContain('\nFailing checks:\n')
    const url = new URL(r.requests[0]!.url)
    expect(url.pathname).toBe('/api/reports/readiness')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: '2025-01-30T12:00:00.000Z',
      to: '2025-01-31T12:00:00.000Z',
      agent: 'reckless',
    })
  })

  it('says how much was analysed, and which policy file applied', async () => {
    const r = await cli('report readiness', () =>
      json({
        ...READINESS,
        tracesAnalysed: 5000,
        tracesInRange: 12345,
        policy: { ...READINESS.policy, source: '/etc/loupe/policy.yaml' },
      }),
    )
    expect(r.stdout.split('\n')[0]).toBe(
      'Readiness, 2025-01-30 12:00:00 to 2025-01-31 12:00:00 UTC: the newest 5,000 of 12,345 traces, against the policy in /etc/loupe/policy.yaml',
    )
  })

  it('says so when there is nothing to assess', async () => {
    const r = await cli('report readiness --fail-on fail', () =>
      json({ ...READINESS, tracesInRange: 0, tracesAnalysed: 0, agents: [] }),
    )
    expect(r).toMatchObject({
      code: EXIT.ok,
      stdout: 'No traces to assess, 2025-01-30 12:00:00 to 2025-01-31 12:00:00 UTC.\n',
      stderr: '',
    })
  })

  it.each([
    ['report readiness', EXIT.ok, ''],
    [
      'report readiness --fail-on fail',
      EXIT.gate,
      'loupe: --fail-on fail: 1 check failed (shop-api / reckless: step-limit fail)\n',
    ],
    [
      'report readiness --fail-on warn --format json',
      EXIT.gate,
      'loupe: --fail-on warn: 2 checks failed or warned (shop-api / reckless: step-limit fail, guardrails warn)\n',
    ],
    [
      'report readiness --fail-on fail --format csv',
      EXIT.gate,
      'loupe: --fail-on fail: 1 check failed (shop-api / reckless: step-limit fail)\n',
    ],
    ['report drift', EXIT.ok, ''],
    [
      'report drift --fail-on drift --format csv',
      EXIT.gate,
      'loupe: --fail-on drift: 1 feature drifted (planner gpt-4o latency-ms)\n',
    ],
  ])('%s prints the whole report, then exits %i', async (argv, code, stderr) => {
    const r = await cli(argv, () => json(argv.includes('drift') ? DRIFT : READINESS))
    expect(r.code).toBe(code)
    expect(r.stderr).toBe(stderr)
    expect(r.stdout.length).toBeGreaterThan(100)
  })

  it('prints the validated readiness and drift responses for --format json', async () => {
    expect(
      JSON.parse((await cli('report readiness --format json', () => json({ ...READINESS, extra: 1 }))).stdout),
    ).toEqual(READINESS)
    expect(JSON.parse((await cli('report drift --format json', () => json(DRIFT))).stdout)).toEqual(DRIFT)
  })

  it('asks for the drift report with both windows and prints the table, noting the thin samples', async () => {
    const r = await cli('report drift --alpha 0.01 --model gpt-4o', () => json(DRIFT))
    expect(r.code).toBe(EXIT.ok)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(
      'Drift, 2025-01-30 12:00:00 to 2025-01-31 12:00:00 UTC against the reference 2025-01-23 12:00:00 to 2025-01-30 12:00:00 UTC, alpha 0.05',
    )
    expect(lines[2]).toMatch(/^agent +model +feature/)
    expect(lines.at(-1)).toBe('1 of 5 features have insufficient data: fewer than 30 samples in a window.')
    const url = new URL(r.requests[0]!.url)
    expect(url.pathname).toBe('/api/reports/drift')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: '2025-01-30T12:00:00.000Z',
      to: '2025-01-31T12:00:00.000Z',
      referenceFrom: '2025-01-23T12:00:00.000Z',
      referenceTo: '2025-01-30T12:00:00.000Z',
      model: 'gpt-4o',
      alpha: '0.01',
    })
  })

  it('says so when neither drift window has data', async () => {
    const r = await cli('report drift', () => json({ ...DRIFT, groups: [] }))
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('No LLM calls or agent traces in either window.')
  })

  it('asks for the alert history and prints it under a heading, deliveries one per line', async () => {
    const r = await cli('alerts --since 1d --state firing --url http://loupe:4318 --api-key k1', () => json(ALERTS))
    expect(r.code).toBe(EXIT.ok)
    expect(r.stderr).toBe('')
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('Alerts, 2025-01-30 12:00:00 to 2025-01-31 12:00:00 UTC: 3 alerts, 2 firing, 1 resolved')
    expect(lines[1]).toBe('')
    expect(lines[2]).toMatch(/^fired \(UTC\) +rule +state +subject +value \/ threshold +message +deliveries$/)
    expect(lines[3]).toMatch(
      new RegExp(`^2025-01-31 11:58:02  trace-cost  firing    trace:${ALERT_TRACE} .* ops ✓ delivered$`),
    )
    expect(lines[4]).toMatch(/^ +team pending \(3 tries, next 12:03:04\)$/)
    expect(lines[5]).toMatch(/ team ✗ failed: HTTP 404: no_service$/)
    const url = new URL(r.requests[0]!.url)
    expect(url.origin + url.pathname).toBe('http://loupe:4318/api/alerts')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: '2025-01-30T12:00:00.000Z',
      to: '2025-01-31T12:00:00.000Z',
      state: 'firing',
    })
    expect(r.requests[0]!.headers).toEqual({ accept: 'application/json', authorization: 'Bearer k1' })
  })

  it.each([
    ['alerts --format json', (stdout: string) => expect(JSON.parse(stdout)).toEqual(ALERTS)],
    ['alerts --format csv', (stdout: string) => expect(stdout.split('\r\n')).toHaveLength(5)],
  ])('%s prints the validated history', async (argv, check) => {
    const r = await cli(argv, () => json({ ...ALERTS, extra: 'dropped' }))
    expect(r.code).toBe(EXIT.ok)
    expect(r.stderr).toBe('')
    check(r.stdout)
  })

  it('says so when no alert matched', async () => {
    const r = await cli('alerts --rule trace-cost', () => json({ ...ALERTS, alerts: [] }))
    expect(r).toMatchObject({
      code: EXIT.ok,
      stdout: 'No alerts matched, 2025-01-30 12:00:00 to 2025-01-31 12:00:00 UTC.\n',
      stderr: '',
    })
  })

  it.each([
    ['alerts --limit 3', true],
    ['alerts --limit 3 --format csv', true],
    ['alerts --limit 3 --format json', false],
    ['alerts --limit 4', false],
    // without --limit the server sends at most 100
    ['alerts', false],
  ])('%s: notes a full page on stderr: %s', async (argv, noted) => {
    const r = await cli(argv, () => json(ALERTS))
    expect(r.code).toBe(EXIT.ok)
    expect(r.stderr).toBe(
      noted
        ? 'loupe: showing the newest 3 alerts, the limit; there may be older ones: raise --limit (up to 1000) or narrow the range\n'
        : '',
    )
  })

  it('notes a full page at the server default', async () => {
    const full = { ...ALERTS, alerts: Array.from({ length: 100 }, (_, i) => ({ ...ALERTS.alerts[0]!, id: `a${i}` })) }
    const r = await cli('alerts --format csv', () => json(full))
    expect(r.stderr).toMatch(/^loupe: showing the newest 100 alerts, the limit;/)
  })

  it.each([
    ['alerts --state open', () => json(ALERTS), EXIT.usage, 'loupe: --state: "open" is not one of firing, resolved'],
    [
      'alerts',
      () => json({ error: 'not found' }, 404),
      EXIT.server,
      'loupe: http://127.0.0.1:4318 answered 404: not found (is http://127.0.0.1:4318 a Loupe collector that serves /api/alerts?)',
    ],
    [
      'alerts',
      () => json({ ...ALERTS, alerts: [{ ...ALERTS.alerts[0], state: 'open' }] }),
      EXIT.schema,
      'loupe: GET /api/alerts: the answer does not match the API schema: alerts.0.state:',
    ],
  ])('%s → exit %i', async (argv, answer, code, message) => {
    const r = await cli(argv, answer)
    expect(r.code).toBe(code)
    expect(r.stderr.startsWith(message)).toBe(true)
    expect(r.stdout).toBe('')
  })

  it('lets a bug through as an exception, for main to report, not as exit 3', async () => {
    await expect(
      cli('traces', () => {
        throw new RangeError('bug')
      }),
    ).rejects.toThrow('bug')
  })
})
