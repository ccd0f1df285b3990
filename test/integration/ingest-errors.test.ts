/**
 * Bad input against a real collector: every kind of bad request gets the right status and a
 * message that says what was wrong, the server stays up, and nothing of a rejected span is stored.
 */
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { hexId, otlpJson } from '../utils/otlp-body.ts'

const LIMIT = 1024 * 1024

describe('OTLP/HTTP bad input', () => {
  let c: RunningCollector
  beforeAll(async () => {
    c = await startCollector({ env: { LOUPE_MAX_BODY_BYTES: String(LIMIT) } })
  })
  afterAll(async () => {
    expect(await c.stop()).toBe(0)
    removeDataDir(c.dataDir)
  })

  const send = (body: string | Uint8Array, headers: Record<string, string>) =>
    fetch(`${c.url}/v1/traces`, { method: 'POST', body, headers })

  async function expectError(res: Response, status: number, message: RegExp) {
    expect(res.status).toBe(status)
    const text = await res.text()
    expect(text).toMatch(message)
  }

  /** A 200 whose partial success rejected one span for `reason`; `kept` is stored, `rejected` is not. */
  async function expectOneRejected(res: Response, reason: string, kept: string, rejected: string) {
    expect(res.status).toBe(200)
    const body = (await res.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } }
    expect(body.partialSuccess.rejectedSpans).toBe('1')
    expect(body.partialSuccess.errorMessage).toContain(reason)
    const stored = await fetch(`${c.url}/api/traces/${kept}`)
    expect(stored.status).toBe(200)
    expect((await fetch(`${c.url}/api/traces/${rejected}`)).status).toBe(404)
    return (await stored.json()) as { spans: Array<{ name: string }> }
  }

  it('rejects a truncated protobuf body', async () => {
    // a valid ExportTraceServiceRequest prefix: field 1, length 200, then only 3 bytes
    await expectError(
      await send(new Uint8Array([0x0a, 0xc8, 0x01, 0x0a, 0x00, 0x12]), { 'content-type': 'application/x-protobuf' }),
      400,
      /truncated/,
    )
  })

  it('rejects invalid JSON', async () => {
    await expectError(await send('{"resourceSpans": [', { 'content-type': 'application/json' }), 400, /invalid JSON/)
  })

  it('rejects a trace id of the wrong length, naming it', async () => {
    const body = otlpJson([{ traceId: hexId(15), spanId: hexId(8) }])
    await expectError(
      await send(body, { 'content-type': 'application/json' }),
      400,
      /trace id has 15 bytes, expected 16/,
    )
  })

  it('rejects logs sent to the traces endpoint', async () => {
    await expectError(
      await send('{"resourceLogs":[]}', { 'content-type': 'application/json' }),
      400,
      /logs request.*\/v1\/logs/,
    )
  })

  it('rejects other content types with 415', async () => {
    await expectError(await send('hello', { 'content-type': 'text/plain' }), 415, /unsupported Content-Type/)
  })

  it('rejects unknown content encodings with 415', async () => {
    await expectError(
      await send('x', { 'content-type': 'application/json', 'content-encoding': 'br' }),
      415,
      /Content-Encoding/,
    )
  })

  it('rejects a body over the limit with 413', async () => {
    await expectError(
      await send(new Uint8Array(LIMIT + 1), { 'content-type': 'application/x-protobuf' }),
      413,
      /exceeds the limit/,
    )
  })

  it('stops a gzip bomb at the limit with 413', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * LIMIT)) // 64 MiB of zeros in ~64 KiB
    expect(bomb.length).toBeLessThan(LIMIT)
    await expectError(
      await send(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
      413,
      /decompressed body exceeds/,
    )
  })

  it('rejects a corrupt gzip body with 400', async () => {
    await expectError(
      await send(new Uint8Array([1, 2, 3]), { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
      400,
      /not valid gzip/,
    )
  })

  it('keeps the good spans of a partly bad request, and stores nothing of the bad one', async () => {
    const good = { traceId: hexId(16), spanId: hexId(8), name: 'good' }
    const bad = { traceId: hexId(16), spanId: hexId(8), parentSpanId: 'abcd', name: 'bad' }
    const res = await send(gzipSync(otlpJson([good, bad])), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    })
    const stored = await expectOneRejected(res, 'parent span id has 2 bytes', good.traceId, bad.traceId)
    expect(stored.spans.map((s) => s.name)).toEqual(['good'])
  })

  it('rejects spans older than the retention window, which storage would delete on arrival, and says so', async () => {
    const fresh = { traceId: hexId(16), spanId: hexId(8), name: 'fresh' }
    const old = { traceId: hexId(16), spanId: hexId(8), name: 'old', startMs: Date.now() - 40 * 86_400_000 }
    const res = await send(otlpJson([fresh, old]), { 'content-type': 'application/json' })
    await expectOneRejected(
      res,
      'before the 30-day retention window (LOUPE_RETENTION_DAYS)',
      fresh.traceId,
      old.traceId,
    )
    // all of a request too old: 400, so the exporter does not retry it
    await expectError(
      await send(otlpJson([{ ...old, spanId: hexId(8) }]), { 'content-type': 'application/json' }),
      400,
      /all 1 spans rejected: span starts on \d{4}-\d{2}-\d{2}, before the 30-day retention window/,
    )
  })

  it('rejects times storage cannot hold, rather than failing the insert of every request batched with them', async () => {
    const good = { traceId: hexId(16), spanId: hexId(8), name: 'good' }
    const bad = { traceId: hexId(16), spanId: hexId(8), name: 'bad', endUnixNano: '18446744073709551615' }
    const [mixed, alone] = await Promise.all([
      send(otlpJson([good, bad]), { 'content-type': 'application/json' }),
      send(otlpJson([{ traceId: hexId(16), spanId: hexId(8) }]), { 'content-type': 'application/json' }),
    ])
    expect(alone.status).toBe(200)
    await expectOneRejected(mixed, 'end time 18446744073709551615 is after 2100-01-01', good.traceId, bad.traceId)
  })

  it('rejects a span without an end time, which storage cannot read, naming it', async () => {
    const spanId = hexId(8)
    await expectError(
      await send(otlpJson([{ traceId: hexId(16), spanId, endUnixNano: '0' }]), { 'content-type': 'application/json' }),
      400,
      new RegExp(`all 1 spans rejected: end time is missing \\(span ${spanId}\\)`),
    )
  })

  it('rejects attribute values nested thousands of levels deep with 400, not a stack overflow', async () => {
    const deep = '{"arrayValue":{"values":['.repeat(5000) + '{"stringValue":"x"}' + ']}}'.repeat(5000)
    const body =
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${hexId(16)}","spanId":"${hexId(8)}","name":"deep",` +
      `"startTimeUnixNano":"${Date.now()}000000","endTimeUnixNano":"${Date.now()}000000","attributes":[{"key":"d","value":${deep}}]}]}]}]}`
    await expectError(
      await send(body, { 'content-type': 'application/json' }),
      400,
      /an attribute value nests deeper than 100 levels/,
    )
  })

  it('stores OTLP/JSON strings holding half a surrogate pair, with U+FFFD in its place', async () => {
    const traceId = hexId(16)
    const body = otlpJson([
      { traceId, spanId: hexId(8), name: 'broken', attributes: { 'gen_ai.agent.name': 'planner' } },
    ])
      .replace('"broken"', '"broken \\ud800"')
      .replace('"planner"', '"planner \\udfff"')
    expect((await send(body, { 'content-type': 'application/json' })).status).toBe(200)
    const stored = (await (await fetch(`${c.url}/api/traces/${traceId}`)).json()) as {
      spans: Array<{ name: string; agentName: string }>
    }
    expect(stored.spans.map((s) => [s.name, s.agentName])).toEqual([['broken \ufffd', 'planner \ufffd']])
  })

  it('is still healthy and accepting after all of that', async () => {
    expect(await (await fetch(`${c.url}/api/health`)).json()).toMatchObject({ status: 'ok' })
    const ok = await send(otlpJson([{ traceId: hexId(16), spanId: hexId(8) }]), { 'content-type': 'application/json' })
    expect(ok.status).toBe(200)
  })
})

describe('projects and API keys', () => {
  let c: RunningCollector
  beforeAll(async () => {
    c = await startCollector({ env: { LOUPE_API_KEYS: 'team-a:key-a,team-b:key-b' } })
  })
  afterAll(async () => {
    await c.stop()
    removeDataDir(c.dataDir)
  })

  it('stores spans in the key’s project and shows them only to it', async () => {
    const traceId = hexId(16)
    const body = otlpJson([{ traceId, spanId: hexId(8) }])
    const headers = (key?: string) => ({
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    })
    expect((await fetch(`${c.url}/v1/traces`, { method: 'POST', body, headers: headers() })).status).toBe(401)
    expect((await fetch(`${c.url}/v1/traces`, { method: 'POST', body, headers: headers('wrong') })).status).toBe(401)
    expect((await fetch(`${c.url}/v1/traces`, { method: 'POST', body, headers: headers('key-a') })).status).toBe(200)
    expect((await fetch(`${c.url}/api/traces/${traceId}`, { headers: headers('key-a') })).status).toBe(200)
    expect((await fetch(`${c.url}/api/traces/${traceId}`, { headers: headers('key-b') })).status).toBe(404)
    expect((await fetch(`${c.url}/api/traces/${traceId}`)).status).toBe(401)
  })

  it('accepts the key as the Basic-auth password on the Langfuse route', async () => {
    const traceId = hexId(16)
    const auth = `Basic ${Buffer.from('pk-lf-123:key-b').toString('base64')}`
    const res = await fetch(`${c.url}/api/public/otel/v1/traces`, {
      method: 'POST',
      body: otlpJson([{ traceId, spanId: hexId(8) }]),
      headers: { 'content-type': 'application/json', authorization: auth },
    })
    expect(res.status).toBe(200)
    expect((await fetch(`${c.url}/api/traces/${traceId}`, { headers: { authorization: 'Bearer key-b' } })).status).toBe(
      200,
    )
  })
})
