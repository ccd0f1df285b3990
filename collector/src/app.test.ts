/**
 * Route tests through `app.request()`, no sockets. The store here is a fake only because these
 * tests inject faults (storage down, a queue that cannot drain); real storage is covered in test/.
 */
import { describe, expect, it, vi } from 'vitest'
import { createApp, type AppDeps } from './app.ts'
import { buildPriceBook, bundledPriceFile, parsePriceFile, type PriceBook } from './cost/price-book.ts'
import { Batcher, type BatcherOptions } from './ingest/batcher.ts'
import { AlertEngine } from './alerts/engine.ts'
import type { LogRecord } from './normalise/log-record.ts'
import { createQueryService } from './query/query-service.ts'
import { buildPolicy } from './readiness/policy.ts'

const ALERT_TABLES = {
  alerts: 'loupe.alerts',
  deliveries: 'loupe.alert_deliveries',
  facts: 'loupe.cost_facts',
  summaries: 'loupe.trace_summaries',
}
import type { EncodedSpans } from './store/encoded-spans.ts'
import type { SpanStore } from './store/span-store.ts'
import { StorageError } from './store/storage-error.ts'
import { makeSpanRecord } from './store/testing.ts'

const VALID = JSON.stringify({
  resourceSpans: [
    {
      scopeSpans: [
        {
          spans: [
            {
              traceId: '0af7651916cd43dd8448eb211c80319c',
              spanId: 'b7ad6b7169203331',
              name: 's',
              startTimeUnixNano: '1764690000000000000',
              endTimeUnixNano: '1764690000500000000',
            },
          ],
        },
      ],
    },
  ],
})

function fakeStore(overrides: Partial<SpanStore> = {}): SpanStore {
  return {
    migrate: async () => {},
    insertSpans: async () => {},
    insertEncoded: async () => {},
    getTrace: async () => [],
    readSpans: async () => [],
    readSettleSpans: async () => [],
    insertSettled: async () => {},
    insertLogs: async () => {},
    readGenAiLogs: async () => [],
    insertAlerts: async () => {},
    insertDeliveries: async () => {},
    select: async () => [],
    recentTraces: async () => [],
    storedTraces: async () => [],
    unsettledTraces: async () => [],
    ping: async () => true,
    close: async () => {},
    ...overrides,
  }
}

function appWith(
  store: SpanStore,
  batch: BatcherOptions = { maxBatchSpans: 100, maxQueueSpans: 100, maxConcurrentInserts: 1, lingerMs: 0 },
  apiKeys: Map<string, string> | null = null,
  overloaded?: () => string | null,
  priceBook: PriceBook = buildPriceBook(bundledPriceFile()),
) {
  const batcher = new Batcher<EncodedSpans>((parts) => store.insertEncoded(parts), batch)
  const queries = createQueryService(store, {
    spans: 'loupe.spans',
    summaries: 'loupe.trace_summaries',
    facts: 'loupe.cost_facts',
    findings: 'loupe.findings',
    logs: 'loupe.logs',
  })
  const deps: AppDeps = {
    store,
    batcher,
    logBatcher: new Batcher<LogRecord>((records) => store.insertLogs(records), batch),
    apiKeys,
    maxBodyBytes: 1024 * 1024,
    isReady: () => true,
    overloaded,
    priceBook,
    queries,
    alerts: new AlertEngine(store, queries, {
      rules: null,
      tables: ALERT_TABLES,
      publicUrl: () => 'http://127.0.0.1:4318',
      policy: buildPolicy(null, null),
      windowedEveryMs: 10_000,
      scheduledEveryMs: 300_000,
    }),
    prepare: (req, projectId) =>
      req.resourceSpans.flatMap((rs) =>
        rs.scopeSpans.flatMap((ss) =>
          ss.spans.map((s) => makeSpanRecord({ projectId, traceId: s.traceId, spanId: s.spanId })),
        ),
      ),
  }
  return { app: createApp(deps), batcher }
}

const post = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json', ...headers },
})

describe('OTLP/HTTP route', () => {
  it('acknowledges a stored request with an empty JSON response', async () => {
    const stored: EncodedSpans[] = []
    const { app } = appWith(fakeStore({ insertEncoded: async (parts) => void stored.push(...parts) }))
    const res = await app.request('/v1/traces', post(VALID))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({})
    expect(stored.map((p) => [p.count, p.traceIds])).toEqual([[1, ['0af7651916cd43dd8448eb211c80319c']]])
  })

  it('answers 405 naming POST to other methods on the traces endpoints', async () => {
    const { app } = appWith(fakeStore())
    for (const path of ['/v1/traces', '/api/public/otel/v1/traces']) {
      for (const method of ['GET', 'PUT']) {
        const res = await app.request(path, { method })
        expect(res.status).toBe(405)
        expect(res.headers.get('allow')).toBe('POST')
        expect(((await res.json()) as { message: string }).message).toBe(
          `${method} is not supported here: send OTLP traces with POST`,
        )
      }
    }
  })

  it('answers 503 with Retry-After when storage fails, and stays up', async () => {
    const { app } = appWith(
      fakeStore({
        insertEncoded: async () => {
          throw new StorageError('connection refused')
        },
      }),
    )
    const res = await app.request('/v1/traces', post(VALID))
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(((await res.json()) as { message: string }).message).toContain('storage is unavailable')
  })

  it('answers 400 to the one request whose rows storage refused, and stores its batch-mates', async () => {
    const poison = '1af7651916cd43dd8448eb211c80319c'
    const held = '2af7651916cd43dd8448eb211c80319c'
    let release = () => {}
    const holding = new Promise<void>((r) => (release = r))
    const stored: string[] = []
    const store = fakeStore({
      insertEncoded: async (parts) => {
        if (parts.some((p) => p.traceIds.includes(held))) return holding
        if (parts.some((p) => p.traceIds.includes(poison))) {
          throw new StorageError('storage insert failed: Cannot parse input', {
            cause: Object.assign(new Error('Cannot parse input'), {
              code: '27',
              type: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
            }),
          })
        }
        for (const p of parts) stored.push(...p.traceIds)
      },
    })
    const { app, batcher } = appWith(store, {
      maxBatchSpans: 100,
      maxQueueSpans: 100,
      maxConcurrentInserts: 1,
      lingerMs: 20,
      isRefusal: (e) => e instanceof StorageError && e.refusedData,
    })
    // An insert held in flight, so that the two requests wait behind it and share the next one.
    const first = app.request('/v1/traces', post(VALID.replace('0af7651916cd43dd8448eb211c80319c', held)))
    const both = Promise.all([
      app.request('/v1/traces', post(VALID)),
      app.request('/v1/traces', post(VALID.replace('0af7651916cd43dd8448eb211c80319c', poison))),
    ])
    await vi.waitFor(() => expect(batcher.pendingSpans).toBe(2))
    release()
    expect((await first).status).toBe(200)
    const [good, bad] = await both
    expect(good.status).toBe(200)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toContain(
      'storage rejected these spans: storage insert failed: Cannot parse input',
    )
    expect(stored).toEqual(['0af7651916cd43dd8448eb211c80319c'])
  })

  it('answers 429 with Retry-After while settling is too far behind, and stores nothing', async () => {
    const stored: EncodedSpans[] = []
    const { app } = appWith(
      fakeStore({ insertEncoded: async (parts) => void stored.push(...parts) }),
      undefined,
      null,
      () => 'collector is busy settling traces (120000 overdue); retry later',
    )
    const res = await app.request('/v1/traces', post(VALID))
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(((await res.json()) as { message: string }).message).toContain('busy settling traces')
    expect(stored).toEqual([])
  })

  it('still answers 400 to a malformed request while settling is behind: retrying it would not help', async () => {
    const { app } = appWith(
      fakeStore(),
      undefined,
      null,
      () => 'collector is busy settling traces (120000 overdue); retry later',
    )
    const res = await app.request(
      '/v1/traces',
      post(
        '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "abc", "spanId": "b7ad6b7169203331", "name": "s"}]}]}]}',
      ),
    )
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toContain('trace')
  })

  it('answers 429 with Retry-After when the queue is full', async () => {
    let release!: () => void
    const blocked = new Promise<void>((r) => (release = r))
    let inserts = 0
    const insertEncoded = () => {
      inserts++
      return blocked
    }
    const { app, batcher } = appWith(fakeStore({ insertEncoded }), {
      maxBatchSpans: 1,
      maxQueueSpans: 1,
      maxConcurrentInserts: 1,
      lingerMs: 0,
    })
    const first = app.request('/v1/traces', post(VALID)) // in flight, blocked
    await vi.waitFor(() => expect(inserts).toBe(1))
    const second = app.request('/v1/traces', post(VALID)) // queued
    await vi.waitFor(() => expect(batcher.pendingSpans).toBe(1))
    const third = await app.request('/v1/traces', post(VALID))
    expect(third.status).toBe(429)
    expect(third.headers.get('retry-after')).toBe('1')
    release()
    expect((await first).status).toBe(200)
    expect((await second).status).toBe(200)
  })

  it('maps storage failures on reads to 503', async () => {
    const { app } = appWith(
      fakeStore({
        getTrace: async () => {
          throw new StorageError('down')
        },
        select: async () => {
          throw new StorageError('down')
        },
      }),
    )
    expect((await app.request('/api/traces/0af7651916cd43dd8448eb211c80319c')).status).toBe(503)
    expect((await app.request('/api/traces')).status).toBe(503)
  })

  it.each([
    ['/api/traces?limit=5000', /limit/],
    ['/api/traces?sort=price', /sort/],
    ['/api/traces?from=yesterday', /from/],
    ['/api/traces?servce=api', /unknown query parameter servce/],
    ['/api/traces?cursor=garbage', /cursor/],
    ['/api/traces?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', /must be before/],
    ['/api/reports/cost?groupBy=model,colour', /unknown dimension colour/],
    ['/api/reports/cost?format=xml', /format/],
    ['/api/reports/timeseries?interval=minute&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z', /buckets/],
    ['/api/reports/timeseries?metric=vibes', /metric/],
  ])('answers %s with 400 naming the parameter', async (url, message) => {
    const { app } = appWith(fakeStore())
    const res = await app.request(url)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(message)
  })

  it('answers health 503 when storage does not answer', async () => {
    const { app } = appWith(fakeStore({ ping: async () => false }))
    expect((await app.request('/api/health')).status).toBe(503)
  })

  it('requires a key when keys are configured, and health stays open', async () => {
    const { app } = appWith(fakeStore(), undefined, new Map([['k1', 'team-a']]))
    expect((await app.request('/v1/traces', post(VALID))).status).toBe(401)
    expect((await app.request('/v1/traces', post(VALID, { authorization: 'Bearer nope' }))).status).toBe(401)
    expect((await app.request('/v1/traces', post(VALID, { authorization: 'Bearer k1' }))).status).toBe(200)
    const basic = `Basic ${Buffer.from('pk-lf-public:k1').toString('base64')}`
    expect((await app.request('/api/public/otel/v1/traces', post(VALID, { authorization: basic }))).status).toBe(200)
    expect((await app.request('/api/health')).status).toBe(200)
  })

  it('reports the settling backlog on health', async () => {
    const { app } = appWith(fakeStore())
    expect(await (await app.request('/api/health')).json()).toEqual({
      status: 'ok',
      pendingTraces: 0,
      runningTraces: 0,
      overdueTraces: 0,
    })
  })

  it('answers health whatever query string a probe adds', async () => {
    const { app } = appWith(fakeStore())
    expect((await app.request('/api/health?nocache=1700000000')).status).toBe(200)
  })

  it('rejects a malformed trace id on read with 400 naming the parameter', async () => {
    const { app } = appWith(fakeStore())
    const res = await app.request('/api/traces/xyz')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain('traceId')
  })
})

describe('price lookup', () => {
  const user = parsePriceFile(
    JSON.stringify({
      updated: '2026-11-30',
      providers: { contract: { source: 'our agreement', models: { 'gpt-4o': { input: 2, output: 8 } } } },
    }),
    'prices.json',
  )
  const { app } = appWith(fakeStore(), undefined, null, undefined, buildPriceBook(bundledPriceFile(), user))
  const lookup = async (query: string) => {
    const res = await app.request(`/api/prices?${query}`)
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown> & { match: Record<string, unknown> | null },
    }
  }

  it('names the entry a decorated model name matches, and which table it came from', async () => {
    const { status, body } = await lookup('model=openai/gpt-4o-2024-08-06')
    expect(status).toBe(200)
    expect(body.match).toMatchObject({
      model: 'gpt-4o',
      provider: 'contract',
      origin: 'user',
      rates: { input: 2, output: 8, cacheRead: 2, cacheWrite: 2 },
    })
    expect(body.updated).toEqual({ bundled: bundledPriceFile().updated, user: '2026-11-30' })
  })

  it('shows tiers, announced changes and peak hours, and the rates in force at a time', async () => {
    const gemini = (await lookup('model=gemini-3.8-flash&at=2027-01-02T00:00:00Z')).body.match!
    expect(gemini['changes']).toEqual([
      { from: '2027-01-01', rates: { input: 1.5, output: 7.5, cacheRead: 0.15, cacheWrite: 1.5 }, tiers: [] },
    ])
    expect(gemini['ratesAt']).toEqual({
      at: '2027-01-02T00:00:00.000Z',
      inputTokens: 0,
      aboveInputTokens: null,
      peak: false,
      rates: { input: 1.5, output: 7.5, cacheRead: 0.15, cacheWrite: 1.5 },
    })
    // Tuesday 2026-12-01 02:30 UTC is DeepSeek peak time: every rate doubled
    const deepseek = (await lookup('model=deepseek-flash&at=1796092200000')).body.match!
    expect(deepseek['peak']).toEqual({
      factor: 2,
      weekdays: [1, 2, 3, 4, 5],
      hoursUtc: [
        [1, 4],
        [6, 10],
      ],
    })
    expect(deepseek['ratesAt']).toMatchObject({ peak: true, rates: { input: 0.3, output: 1.2 } })
    // a 300,000-token request to gpt-5.4 pays OpenAI's long-context rate
    const long = (await lookup('model=gpt-5.4&inputTokens=300000')).body.match!
    expect(long['ratesAt']).toMatchObject({
      inputTokens: 300_000,
      aboveInputTokens: 272_000,
      peak: false,
      rates: { input: 5, output: 22.5 },
    })
    const sonnet = (await lookup('model=claude-sonnet-4-5')).body.match!
    expect(sonnet['tiers']).toEqual([
      { aboveInputTokens: 200_000, rates: { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 } },
    ])
  })

  it('answers match null for a model without a price, and 400 without a model', async () => {
    expect((await lookup('model=acme-llm-9')).body.match).toBeNull()
    expect((await lookup('model=gpt-4o&inputTokens=-1')).status).toBe(400)
    const bad = await lookup('at=yesterday')
    expect(bad.status).toBe(400)
    expect(String(bad.body['error'])).toMatch(/model|at/)
  })
})

describe('OpenAPI document', () => {
  it('is generated from the route table, open without a key, and documents every query parameter', async () => {
    const { app } = appWith(fakeStore(), undefined, new Map([['k1', 'team-a']]))
    const res = await app.request('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      openapi: string
      paths: Record<
        string,
        Record<'get' | 'post', { parameters: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>
      >
    }
    expect(doc.openapi).toBe('3.1.0')
    const { API_ROUTES } = await import('@loupe/schema')
    for (const route of Object.values(API_ROUTES)) {
      const op = doc.paths[route.path]![route.method]
      expect(
        op.parameters
          .filter((p) => p.in === 'query')
          .map((p) => p.name)
          .sort(),
      ).toEqual(Object.keys(route.query.shape).sort())
      expect(op.responses).toHaveProperty('200')
    }
    expect(doc.paths['/api/reports/cost']!.get.parameters.map((p) => p.name)).toContain('groupBy')
  })
})
