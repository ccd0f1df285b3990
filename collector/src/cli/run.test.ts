import type { CostReportResponse, TraceListResponse } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import type { FetchFn } from './client.ts'
import { EXIT } from './errors.ts'
import { run } from './run.ts'

const NOW = Date.parse('2025-01-31T12:00:00Z')

const REPORT: CostReportResponse = {
  groupBy: ['model'],
  from: '2025-01-24T12:00:00.000Z',
  to: '2025-01-31T12:00:00.000Z',
  rows: [{
    dimensions: { model: 'gpt-4o' }, spanCount: 1, llmCalls: 1, toolCalls: 0, toolDurationMs: 0, inputTokens: 1000,
    outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0.0075, unpricedCalls: 0, wastedCostUsd: 0,
  }],
  totals: {
    spanCount: 1, llmCalls: 1, toolCalls: 0, toolDurationMs: 0, inputTokens: 1000, outputTokens: 500,
    cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0.0075, unpricedCalls: 0, wastedCostUsd: 0,
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
    env, now: () => NOW, fetch: fetchFn, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t),
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
      from: '2025-01-24T12:00:00.000Z', to: '2025-01-31T12:00:00.000Z', groupBy: 'model', format: 'json',
    })
    expect(r.requests[0]!.headers).toEqual({ accept: 'application/json', authorization: 'Bearer k1' })
  })

  it('prints the validated response for --format json', async () => {
    const r = await cli('report cost --format json', () => json({ ...REPORT, extra: 'dropped' }))
    expect(JSON.parse(r.stdout)).toEqual(REPORT)
  })

  it('passes the server CSV through for --format csv', async () => {
    const r = await cli('report cost --format csv', () => new Response('model,costUsd\ngpt-4o,0.0075', { headers: { 'content-type': 'text/csv' } }))
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
    ['lol', () => json(TRACES), EXIT.usage, 'loupe: unknown command "lol"; the commands are: report cost, traces'],
    // no answer
    ['traces --url http://db:9', new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
      EXIT.unreachable, 'loupe: cannot reach http://db:9: connection refused (is the collector running?)'],
    ['traces --timeout 2s', new DOMException('aborted', 'TimeoutError'), EXIT.unreachable, 'loupe: cannot reach http://127.0.0.1:4318: no answer within 2s'],
    // an error answer
    ['report cost --by nonsense', () => json({ error: 'invalid groupBy: unknown dimension nonsense' }, 400),
      EXIT.server, 'loupe: http://127.0.0.1:4318 answered 400: invalid groupBy: unknown dimension nonsense'],
    ['traces', () => json({ error: 'an API key is required' }, 401),
      EXIT.server, 'loupe: http://127.0.0.1:4318 answered 401: an API key is required (pass --api-key or set LOUPE_API_KEY)'],
    ['traces --api-key bad', () => json({ error: 'the API key is not valid' }, 401),
      EXIT.server, 'loupe: http://127.0.0.1:4318 answered 401: the API key is not valid (check --api-key or LOUPE_API_KEY)'],
    ['traces', () => new Response('<html><body>Not Found</body></html>', { status: 404, statusText: 'Not Found' }),
      EXIT.server, 'loupe: http://127.0.0.1:4318 answered 404 Not Found: <html><body>Not Found</body></html> (is http://127.0.0.1:4318 a Loupe collector that serves /api/traces?)'],
    ['traces', () => json({ error: 'storage unavailable' }, 503), EXIT.server, 'loupe: http://127.0.0.1:4318 answered 503: storage unavailable'],
    // an answer that breaks the contract
    ['traces', () => json({ traces: [{ traceId: 'nope' }], nextCursor: null }),
      EXIT.schema, 'loupe: GET /api/traces: the answer does not match the API schema: traces.0.traceId: a trace id is 32 lowercase hex characters; traces.0.rootName: Invalid input: expected string, received undefined; traces.0.serviceNames: Invalid input: expected array, received undefined; and 17 more'],
    ['report cost', () => new Response('ok', { headers: { 'content-type': 'text/plain' } }),
      EXIT.schema, 'loupe: GET /api/reports/cost: the answer is not JSON (text/plain): ok'],
    ['report cost --format csv', () => json(REPORT), EXIT.schema, 'loupe: GET /api/reports/cost: expected text/csv, the answer is application/json:'],
  ])('%s → exit %i', async (argv, answer, code, message) => {
    const r = await cli(argv, answer)
    expect(r.code).toBe(code)
    expect(r.stderr.startsWith(message)).toBe(true)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stdout).toBe('')
  })

  it('lets a bug through as an exception, for main to report, not as exit 3', async () => {
    await expect(cli('traces', () => { throw new RangeError('bug') })).rejects.toThrow('bug')
  })
})
