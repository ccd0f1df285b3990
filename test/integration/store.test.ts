/**
 * The ClickHouse adapter against the real embedded engine: migrations, the row round trip,
 * project isolation, and retried exports collapsing into one span.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TraceSettler } from '../../collector/src/settle/settler.ts'
import { createClickHouseStore } from '../../collector/src/store/clickhouse.ts'
import type { SpanStore } from '../../collector/src/store/span-store.ts'
import { StorageError } from '../../collector/src/store/storage-error.ts'
import { RECENT_NS, makeSpanRecord } from '../../collector/src/store/testing.ts'

describe('ClickHouse store on the embedded engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-store-'))
  let store: SpanStore
  beforeAll(async () => {
    store = createClickHouseStore({ target: { kind: 'embedded', path: dir }, database: 'loupe', retentionDays: 30 })
    await store.migrate()
    await store.migrate() // idempotent
  })
  afterAll(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('round-trips every field of a span', async () => {
    const span = makeSpanRecord()
    await store.insertSpans([span])
    expect(await store.getTrace('default', span.traceId)).toEqual([span])
  })

  it('keeps projects apart and null costs null', async () => {
    const traceId = '1af7651916cd43dd8448eb211c80319c'
    await store.insertSpans([
      makeSpanRecord({ projectId: 'team-a', traceId, costUsd: null, costSource: 'unpriced', model: 'mystery' }),
    ])
    expect(await store.getTrace('team-b', traceId)).toEqual([])
    const [row] = await store.getTrace('team-a', traceId)
    expect(row).toMatchObject({ costUsd: null, costSource: 'unpriced', model: 'mystery' })
  })

  it('returns a re-sent span once, in start order with its siblings', async () => {
    const traceId = '2af7651916cd43dd8448eb211c80319c'
    const root = makeSpanRecord({ traceId, spanId: 'a000000000000001', startTimeUnixNano: RECENT_NS.toString() })
    const child = makeSpanRecord({
      traceId,
      spanId: 'a000000000000002',
      parentSpanId: 'a000000000000001',
      startTimeUnixNano: (RECENT_NS + 100_000_000n).toString(),
    })
    await store.insertSpans([child, root])
    await store.insertSpans([child])
    const spans = await store.getTrace('default', traceId)
    expect(spans.map((s) => s.spanId)).toEqual(['a000000000000001', 'a000000000000002'])
  })

  it('writes without collapsing duplicates on insert, and still reads a span twice in one batch once', async () => {
    const [setting] = await store.select<{ v: number | boolean }>(`SELECT getSetting('optimize_on_insert') AS v`, {})
    expect(Number(setting!.v)).toBe(0)
    const traceId = '3af7651916cd43dd8448eb211c80319c'
    const span = makeSpanRecord({ traceId, spanId: 'b000000000000001' })
    await store.insertSpans([span, span, { ...span, name: 'same span, later copy' }])
    const [stored] = await store.select<{ n: number }>(
      `SELECT count() AS n FROM loupe.spans WHERE trace_id = {t: String}`,
      { t: traceId },
    )
    expect(Number(stored!.n)).toBe(3) // kept until a merge: readers must take one row per span
    expect(await store.getTrace('default', traceId)).toHaveLength(1)
    const settled = await store.readSettleSpans('default', [traceId])
    expect(settled).toHaveLength(1)
  })

  it('reads for settling only the text the detectors compare: LLM input and output, and error output', async () => {
    const traceId = '7af7651916cd43dd8448eb211c80319c'
    const span = (spanId: string, kind: 'llm' | 'tool' | 'agent', status: 'ok' | 'error') =>
      makeSpanRecord({
        traceId,
        spanId,
        kind,
        status,
        input: `${kind} in`,
        output: `${kind} ${status} out`,
        toolArguments: '{"q":1}',
        toolResult: 'r',
      })
    await store.insertSpans([
      span('d000000000000001', 'llm', 'ok'),
      span('d000000000000002', 'tool', 'ok'),
      span('d000000000000003', 'tool', 'error'),
      span('d000000000000004', 'agent', 'ok'),
    ])
    const settled = await store.readSettleSpans('default', [traceId])
    expect(settled.map((s) => [s.kind, s.input, s.output, s.toolArguments, s.toolResult])).toEqual([
      ['llm', 'llm in', 'llm ok out', '{"q":1}', 'r'],
      ['tool', null, null, '{"q":1}', 'r'],
      ['tool', null, 'tool error out', '{"q":1}', 'r'],
      ['agent', null, null, '{"q":1}', 'r'],
    ])
  })

  it('writes a large insert as one compact part, and keeps no bloom filter on the trace id', async () => {
    const traceId = '4af7651916cd43dd8448eb211c80319c'
    const big = 'x'.repeat(2_000)
    const spans = Array.from({ length: 8_000 }, (_, i) =>
      makeSpanRecord({ traceId, spanId: (i + 1).toString(16).padStart(16, '0'), attributes: { 'app.payload': big } }),
    )
    await store.insertSpans(spans)
    const parts = await store.select<{ part_type: string; bytes: number }>(
      `SELECT part_type, data_uncompressed_bytes AS bytes FROM system.parts
       WHERE database = 'loupe' AND table = 'spans' AND active ORDER BY bytes DESC LIMIT 1`,
      {},
    )
    expect(Number(parts[0]!.bytes)).toBeGreaterThan(10 * 1024 * 1024) // over the 10 MiB default
    expect(parts[0]!.part_type).toBe('Compact')
    const indices = await store.select<{ name: string }>(
      `SELECT name FROM system.data_skipping_indices WHERE database = 'loupe' AND table = 'spans' ORDER BY name`,
      {},
    )
    expect(indices.map((i) => i.name)).toEqual(['idx_session_id', 'idx_user_id'])
    expect(await store.getTrace('default', traceId)).toHaveLength(8_000)
  })

  it('reads the newest version of exactly the spans asked for, across traces', async () => {
    const [t1, t2] = ['5af7651916cd43dd8448eb211c80319c', '6af7651916cd43dd8448eb211c80319c']
    const a = makeSpanRecord({ traceId: t1, spanId: 'c000000000000001' })
    const b = makeSpanRecord({ traceId: t1, spanId: 'c000000000000002' })
    const c = makeSpanRecord({ traceId: t2, spanId: 'c000000000000002' })
    await store.insertSpans([a, b, c])
    await store.insertSpans([{ ...a, agentName: 'renamed' }])
    const got = await store.readSpans('default', [
      { traceId: t1, spanId: a.spanId },
      { traceId: t2, spanId: c.spanId },
    ])
    expect(got.map((s) => [s.traceId, s.spanId, s.agentName]).sort()).toEqual([
      [t1, a.spanId, 'renamed'],
      [t2, c.spanId, c.agentName],
    ])
    expect(await store.readSpans('team-b', [{ traceId: t1, spanId: a.spanId }])).toEqual([])
  })

  it('says when storage refused the rows themselves, as the batcher needs to tell that from an outage', async () => {
    // a time past DateTime64(9): validation stops these at the door; here the store sees one
    const span = makeSpanRecord({
      traceId: 'e1f7651916cd43dd8448eb211c80319c',
      endTimeUnixNano: '18446744073709551615',
    })
    const err = await store.insertSpans([span]).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(StorageError)
    expect((err as StorageError).refusedData).toBe(true)
    expect((err as StorageError).message).toContain('end_time')
    expect(await store.getTrace('default', span.traceId)).toEqual([])
  })

  it('reads a settled trace across midnight, and a late span that starts a little before it', async () => {
    const traceId = '7af7651916cd43dd8448eb211c80319c'
    const midnight = Math.floor(Date.now() / 86_400_000 - 3) * 86_400_000
    const at = (ms: number) => (BigInt(midnight + ms) * 1_000_000n).toString()
    const span = (spanId: string, startMs: number, parentSpanId: string | null) =>
      makeSpanRecord({
        traceId,
        spanId,
        parentSpanId,
        startTimeUnixNano: at(startMs),
        endTimeUnixNano: at(startMs + 1000),
      })
    // the root 30 minutes before midnight, a child 10 hours after it
    await store.insertSpans([
      span('c000000000000001', -1_800_000, null),
      span('c000000000000002', 36_000_000, 'c000000000000001'),
    ])
    const settler = new TraceSettler(store, {
      settleMs: 0,
      summariesTable: 'loupe.trace_summaries',
      maxPerTick: 10,
      live: null,
    })
    settler.touch('default', [traceId])
    expect(await settler.tick()).toBe(1)
    expect((await store.getTrace('default', traceId)).map((s) => s.spanId)).toEqual([
      'c000000000000001',
      'c000000000000002',
    ])
    // another service's span, its clock 20 minutes behind, arrives after the trace settled
    await store.insertSpans([span('c000000000000003', -3_000_000, 'c000000000000001')])
    expect((await store.getTrace('default', traceId)).map((s) => s.spanId)).toEqual([
      'c000000000000003',
      'c000000000000001',
      'c000000000000002',
    ])
  })

  it('answers ping', async () => {
    expect(await store.ping()).toBe(true)
  })
})

describe('ClickHouse store with spans over many days', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-store-days-'))
  it('stores a backfill batch that touches more daily partitions than one insert may', async () => {
    const store = createClickHouseStore({
      target: { kind: 'embedded', path: dir },
      database: 'loupe',
      retentionDays: 400,
    })
    await store.migrate()
    const traceId = '3af7651916cd43dd8448eb211c80319c'
    const day = 86_400_000_000_000n
    const spans = Array.from({ length: 150 }, (_, i) =>
      makeSpanRecord({
        traceId,
        spanId: (i + 1).toString(16).padStart(16, '0'),
        startTimeUnixNano: (RECENT_NS - BigInt(i) * day).toString(),
        endTimeUnixNano: (RECENT_NS - BigInt(i) * day + 1000n).toString(),
      }),
    )
    await store.insertSpans(spans)
    expect(await store.getTrace('default', traceId)).toHaveLength(150)
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
