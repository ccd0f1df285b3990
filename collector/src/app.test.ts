/**
 * Route tests through `app.request()`, no sockets. The store here is a fake only because these
 * tests inject faults (storage down, a queue that cannot drain); real storage is covered in test/.
 */
import { describe, expect, it } from 'vitest'
import { createApp, type AppDeps } from './app.ts'
import { Batcher } from './ingest/batcher.ts'
import type { SpanRecord } from './normalise/span-record.ts'
import type { SpanStore } from './store/span-store.ts'
import { StorageError } from './store/storage-error.ts'
import { makeSpanRecord } from '../../test/utils/span-record.ts'

const VALID = JSON.stringify({
  resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 's', startTimeUnixNano: '1' }] }] }],
})

function fakeStore(overrides: Partial<SpanStore> = {}): SpanStore {
  return {
    migrate: async () => {},
    insertSpans: async () => {},
    getTrace: async () => [],
    ping: async () => true,
    close: async () => {},
    ...overrides,
  }
}

function appWith(store: SpanStore, batch = { maxBatchSpans: 100, maxQueueSpans: 100, maxConcurrentInserts: 1, lingerMs: 0 }, apiKeys: Map<string, string> | null = null) {
  const batcher = new Batcher<SpanRecord>((s) => store.insertSpans(s), batch)
  const deps: AppDeps = {
    store, batcher, apiKeys, maxBodyBytes: 1024 * 1024, isReady: () => true,
    prepare: (req, projectId) => req.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => makeSpanRecord({ projectId, traceId: s.traceId, spanId: s.spanId })))),
  }
  return { app: createApp(deps), batcher }
}

const post = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST', body, headers: { 'content-type': 'application/json', ...headers },
})

describe('OTLP/HTTP route', () => {
  it('acknowledges a stored request with an empty JSON response', async () => {
    const stored: SpanRecord[] = []
    const { app } = appWith(fakeStore({ insertSpans: async (s) => void stored.push(...s) }))
    const res = await app.request('/v1/traces', post(VALID))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({})
    expect(stored).toHaveLength(1)
  })

  it('answers 503 with Retry-After when storage fails, and stays up', async () => {
    const { app } = appWith(fakeStore({ insertSpans: async () => { throw new StorageError('connection refused') } }))
    const res = await app.request('/v1/traces', post(VALID))
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(((await res.json()) as { message: string }).message).toContain('storage is unavailable')
  })

  it('answers 429 with Retry-After when the queue is full', async () => {
    let release!: () => void
    const blocked = new Promise<void>((r) => (release = r))
    const { app } = appWith(fakeStore({ insertSpans: () => blocked }), { maxBatchSpans: 1, maxQueueSpans: 1, maxConcurrentInserts: 1, lingerMs: 0 })
    const first = app.request('/v1/traces', post(VALID)) // in flight, blocked
    await new Promise((r) => setTimeout(r, 10))
    const second = app.request('/v1/traces', post(VALID)) // queued
    await new Promise((r) => setTimeout(r, 10))
    const third = await app.request('/v1/traces', post(VALID))
    expect(third.status).toBe(429)
    expect(third.headers.get('retry-after')).toBe('1')
    release()
    expect((await first).status).toBe(200)
    expect((await second).status).toBe(200)
  })

  it('maps storage failures on reads to 503', async () => {
    const { app } = appWith(fakeStore({ getTrace: async () => { throw new StorageError('down') } }))
    const res = await app.request('/api/traces/0af7651916cd43dd8448eb211c80319c')
    expect(res.status).toBe(503)
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

  it('rejects a malformed trace id on read with 400 naming the parameter', async () => {
    const { app } = appWith(fakeStore())
    const res = await app.request('/api/traces/xyz')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain('traceId')
  })
})
