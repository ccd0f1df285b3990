/**
 * The settler against the real embedded engine: children stored before their agent parent get the
 * inherited agent name written back, for many traces in one tick, and only those spans are rewritten.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TraceSettler } from '../../collector/src/settle/settler.ts'
import { createClickHouseStore } from '../../collector/src/store/clickhouse.ts'
import type { SpanStore } from '../../collector/src/store/span-store.ts'
import { RECENT_NS, makeSpanRecord } from '../../collector/src/store/testing.ts'
import { toSettleSpan } from '../../collector/src/settle/settle-span.ts'

describe('settling traces whose children arrived before their agent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-settler-'))
  let store: SpanStore
  beforeAll(async () => {
    store = createClickHouseStore({ target: { kind: 'embedded', path: dir }, database: 'loupe', retentionDays: 30 })
    await store.migrate()
  })
  afterAll(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes the inherited agent name back to the children of every trace in the batch', async () => {
    const traceIds = Array.from(
      { length: 20 },
      (_, i) => `${(i + 1).toString(16).padStart(2, '0')}f7651916cd43dd8448eb211c80319c`,
    )
    const at = (ms: number) => (RECENT_NS + BigInt(ms) * 1_000_000n).toString()
    const span = (traceId: string, spanId: string, over: Parameters<typeof makeSpanRecord>[0]) =>
      makeSpanRecord({
        traceId,
        spanId,
        agentName: null,
        costUsd: 0.001,
        startTimeUnixNano: at(10),
        endTimeUnixNano: at(20),
        ...over,
      })
    // first request: the children, with no agent of their own
    await store.insertSpans(
      traceIds.flatMap((t) => [
        span(t, 'b000000000000002', { parentSpanId: 'b000000000000001', kind: 'llm', name: 'chat gpt-4o' }),
        span(t, 'b000000000000003', {
          parentSpanId: 'b000000000000001',
          kind: 'tool',
          name: 'execute_tool search',
          toolName: 'search',
        }),
      ]),
    )
    // later request: each trace's agent root, and one span already named
    await store.insertSpans(
      traceIds.flatMap((t, i) => [
        span(t, 'b000000000000001', {
          parentSpanId: null,
          kind: 'agent',
          name: 'invoke_agent',
          agentName: i % 2 === 0 ? 'planner' : 'writer',
          startTimeUnixNano: at(0),
          endTimeUnixNano: at(30),
        }),
        span(t, 'b000000000000004', {
          parentSpanId: 'b000000000000001',
          kind: 'llm',
          agentName: 'named-already',
          startTimeUnixNano: at(21),
          endTimeUnixNano: at(25),
        }),
      ]),
    )
    const settler = new TraceSettler(store, {
      settleMs: 0,
      summariesTable: 'loupe.trace_summaries',
      maxPerTick: 1000,
      live: null,
    })
    settler.touch('default', traceIds)
    expect(await settler.tick()).toBe(20)
    expect(settler.rewrittenSpans).toBe(40)

    // 40 rewritten: the two children of each trace, not the root nor the span that had its own name
    const rows = await store.select<{ traceId: string; spanId: string; agent: string }>(
      `SELECT trace_id AS traceId, span_id AS spanId, argMax(agent_name, ingested_at) AS agent
       FROM loupe.spans WHERE project_id = 'default' GROUP BY traceId, spanId ORDER BY traceId, spanId`,
      {},
    )
    expect(rows).toHaveLength(80)
    for (const [i, t] of traceIds.entries()) {
      const agent = i % 2 === 0 ? 'planner' : 'writer'
      const of = (spanId: string) => rows.find((r) => r.traceId === t && r.spanId === spanId)!
      expect([of('b000000000000002').agent, of('b000000000000003').agent]).toEqual([agent, agent])
      expect(of('b000000000000004').agent).toBe('named-already') // its own name wins
    }
    // the rewritten rows are whole: nothing but the agent name changed
    const [child] = await store.readSpans('default', [{ traceId: traceIds[0]!, spanId: 'b000000000000003' }])
    expect(child).toMatchObject({ toolName: 'search', kind: 'tool', agentName: 'planner', costUsd: 0.001 })
  })

  it('counts the traces overdue for settling, which the collector turns into backpressure', async () => {
    let now = 1_000_000
    const settler = new TraceSettler(store, {
      settleMs: 10_000,
      summariesTable: 'loupe.trace_summaries',
      maxPerTick: 2,
      live: null,
      now: () => now,
    })
    const traceIds = Array.from({ length: 5 }, (_, i) => `${(i + 0x40).toString(16)}f7651916cd43dd8448eb211c80319c`)
    settler.touch('default', traceIds)
    expect(await settler.tick()).toBe(0) // none quiet for 10 s yet
    expect(settler.overdueTraces).toBe(0)
    now += 10_000
    expect(await settler.tick()).toBe(2) // five overdue, two settled this tick
    expect(settler.overdueTraces).toBe(3)
    expect(await settler.tick()).toBe(2)
    expect(settler.overdueTraces).toBe(1)
    expect(await settler.tick()).toBe(1)
    expect(settler.overdueTraces).toBe(0)
  })

  it('follows a long running trace within its window and memory, then settles it, then reads it back for a late span', async () => {
    let now = 2_000_000
    const settler = new TraceSettler(store, {
      settleMs: 60_000,
      summariesTable: 'loupe.trace_summaries',
      maxPerTick: 1000,
      live: { refreshMs: 1000, windowSpans: 200, memoryBytes: 100_000 },
      now: () => now,
    })
    const traceId = '7f7651916cd43dd8448eb211c80319c0'
    const spans = Array.from({ length: 3000 }, (_, i) =>
      makeSpanRecord({
        traceId,
        spanId: `c${i.toString(16).padStart(15, '0')}`,
        parentSpanId: 'c0000000000fffff',
        costUsd: 0.001,
        input: `step ${i}`,
        output: `answer ${i}`,
        startTimeUnixNano: (RECENT_NS + BigInt(i) * 1_000_000n).toString(),
        endTimeUnixNano: (RECENT_NS + BigInt(i) * 1_000_000n + 500_000n).toString(),
      }),
    )
    const row = async () =>
      (
        await store.select<{ spans: number; units: string; running: boolean }>(
          `SELECT span_count AS spans, toString(cost_units) AS units, running FROM loupe.trace_summaries FINAL
           WHERE project_id = 'default' AND trace_id = {traceId: String}`,
          { traceId },
        )
      )[0]
    for (let i = 0; i < spans.length; i += 100) {
      const chunk = spans.slice(i, i + 100)
      await store.insertSpans(chunk)
      settler.touch('default', [traceId], chunk.map(toSettleSpan))
      now += 500
      expect(await settler.refreshLive()).toBe(1)
      expect(await row()).toEqual({ spans: i + 100, units: String((i + 100) * 1e9), running: true })
    }
    // past 100 kB the trace was folded whole, so its spans never piled up in memory
    expect(settler.foldedForMemory).toBeGreaterThan(0)
    expect(settler.runningTraces).toBe(1)

    now += 60_000
    expect(await settler.tick()).toBe(1)
    expect(settler.runningTraces).toBe(0)
    expect(await row()).toEqual({ spans: 3000, units: String(3000 * 1e9), running: false })

    // a late span: the trace runs again, and its provisional version counts every stored span
    const late = makeSpanRecord({
      traceId,
      spanId: 'cfffffffffffffff',
      parentSpanId: 'c0000000000fffff',
      costUsd: 0.001,
    })
    await store.insertSpans([late])
    settler.touch('default', [traceId], [toSettleSpan(late)])
    expect(await settler.refreshLive()).toBe(1)
    expect(await row()).toEqual({ spans: 3001, units: String(3001 * 1e9), running: true })

    // the collector stops for longer than recover looks back: the next one still settles the trace
    const next = new TraceSettler(store, {
      settleMs: 60_000,
      summariesTable: 'loupe.trace_summaries',
      maxPerTick: 1000,
      live: { refreshMs: 1000, windowSpans: 200, memoryBytes: 100_000 },
    })
    await next.recover(0)
    expect(await next.tick()).toBe(1)
    expect(await row()).toEqual({ spans: 3001, units: String(3001 * 1e9), running: false })
  })
})
