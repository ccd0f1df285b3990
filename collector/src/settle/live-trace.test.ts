import { describe, expect, it } from 'vitest'
import { makeSpanRecord, RECENT_NS } from '../store/testing.ts'
import {
  addLogs,
  addSpans,
  foldOldest,
  isDirty,
  liveSettlement,
  looksFinished,
  newLiveTrace,
  spanBytes,
} from './live-trace.ts'
import { toSettleSpan, type SettleSpan } from './settle-span.ts'
import { settleTrace, type SettledTrace } from './settle-trace.ts'

const TRACE = '0af7651916cd43dd8448eb211c80319c'
const NO_HISTORY = new Map()

/**
 * A looping agent's spans: step i is an LLM call (1,000 + i tokens in) and a tool call; steps
 * from `loopFrom` on repeat get_weather(Paris) with the same answer, earlier ones ask about city i.
 */
function agentSpans(steps: number, loopFrom = steps): SettleSpan[] {
  const spans: SettleSpan[] = []
  for (let i = 0; i < steps; i++) {
    const at = RECENT_NS + BigInt(i) * 1_000_000_000n
    spans.push(
      toSettleSpan(
        makeSpanRecord({
          traceId: TRACE,
          spanId: `llm${String(i).padStart(12, '0')}`,
          parentSpanId: 'root000000000000',
          startTimeUnixNano: at.toString(),
          endTimeUnixNano: (at + 400_000_000n).toString(),
          inputTokens: 1000 + i,
          cacheReadTokens: 0,
          costUsd: (1000 + i) * 2.5e-6,
          input: `step ${i}`,
          output: `call the tool ${i}`,
        }),
      ),
      toSettleSpan(
        makeSpanRecord({
          traceId: TRACE,
          spanId: `tool${String(i).padStart(12, '0')}`,
          parentSpanId: 'root000000000000',
          name: 'execute_tool get_weather',
          kind: 'tool',
          model: null,
          provider: null,
          inputTokens: 0,
          outputTokens: 0,
          cacheReadTokens: 0,
          costUsd: null,
          costSource: null,
          toolName: 'get_weather',
          toolArguments: i >= loopFrom ? '{"city":"Paris"}' : `{"city":"city ${i}"}`,
          toolResult: i >= loopFrom ? '{"temp":18}' : `{"temp":${i}}`,
          startTimeUnixNano: (at + 500_000_000n).toString(),
          endTimeUnixNano: (at + 800_000_000n).toString(),
        }),
      ),
    )
  }
  return spans
}

function whole(spans: readonly SettleSpan[]): SettledTrace {
  return settleTrace('default', TRACE, 1, spans, {}, NO_HISTORY).settled
}

/** The parts of a settlement that must add up whatever the folding: totals and summed facts. */
function sums(t: SettledTrace) {
  const s = t.totals.summary
  const facts = t.facts.reduce(
    (a, f) => ({
      spans: a.spans + f.spanCount,
      llm: a.llm + f.llmCalls,
      tools: a.tools + f.toolCalls,
      input: a.input + f.inputTokens,
      units: a.units + f.costUnits,
    }),
    { spans: 0, llm: 0, tools: 0, input: 0, units: 0n },
  )
  return {
    spanCount: s.spanCount,
    llmCalls: s.llmCalls,
    toolCalls: s.toolCalls,
    inputTokens: s.inputTokens,
    costUnits: t.totals.costUnits,
    startTimeUnixNano: s.startTimeUnixNano,
    endTimeUnixNano: t.totals.endTimeUnixNano,
    facts,
  }
}

describe('a live trace', () => {
  it('settles what it holds exactly as a quiet trace settles, marked running', () => {
    const spans = agentSpans(8, 2)
    const t = newLiveTrace('default', TRACE)
    addSpans(t, spans.slice(0, 5), 1)
    addSpans(t, spans.slice(5), 2)
    const live = liveSettlement(t, 1, {}, NO_HISTORY)
    const settled = whole(spans)
    expect(live.running).toBe(true)
    expect({ ...live, running: false }).toEqual(settled)
    expect(live.findings.map((p) => p.finding.detector)).toContain('repeated-tool-call')
  })

  it("takes GenAI records for its spans, arrived before or after them, and drops a folded span's", () => {
    const spans = agentSpans(4).map((s) => (s.kind === 'llm' ? { ...s, input: null, output: null } : s))
    const llm = spans.filter((s) => s.kind === 'llm').map((s) => s.spanId)
    const record = (spanId: string) => ({
      spanId,
      logId: `log-of-${spanId}`,
      timeUnixNano: spans[0]!.startTimeUnixNano,
      eventName: 'gen_ai.user.message',
      body: JSON.stringify({ content: `asked in ${spanId}` }),
      attributes: {},
    })
    const t = newLiveTrace('default', TRACE)
    expect(addLogs(t, [record(llm[0]!)])).toBeGreaterThan(0)
    expect(addLogs(t, [record(llm[0]!)])).toBe(0)
    addSpans(t, spans, 1)
    const before = t.generation
    addLogs(t, [record(llm[3]!)])
    expect(isDirty(t) && t.generation > before).toBe(true)
    const bytes = t.bytes
    foldOldest(t, 2, {}, NO_HISTORY)
    expect(t.logs.has(llm[0]!)).toBe(false)
    expect(t.logs.has(llm[3]!)).toBe(true)
    expect(t.bytes).toBeLessThan(bytes)
    expect(addLogs(t, [record(llm[0]!)])).toBe(0)
  })

  it('counts a re-sent span once, in the window and once folded', () => {
    const spans = agentSpans(6)
    const t = newLiveTrace('default', TRACE)
    addSpans(t, spans, 1)
    addSpans(t, spans.slice(0, 3), 2)
    expect(sums(liveSettlement(t, 1, {}, NO_HISTORY))).toEqual(sums(whole(spans)))
    foldOldest(t, 4, {}, NO_HISTORY)
    addSpans(t, spans.slice(0, 6), 3)
    expect(t.window.size).toBe(8)
    expect(sums(liveSettlement(t, 2, {}, NO_HISTORY))).toEqual(sums(whole(spans)))
  })

  it('adds up the same totals and facts however often it folds', () => {
    const spans = agentSpans(150, 120)
    const t = newLiveTrace('default', TRACE)
    for (let i = 0; i < spans.length; i += 7) {
      addSpans(t, spans.slice(i, i + 7), i)
      if (t.window.size > 40) foldOldest(t, 20, {}, NO_HISTORY)
    }
    expect(t.window.size).toBeLessThanOrEqual(40)
    const live = liveSettlement(t, 9, {}, NO_HISTORY)
    expect(sums(live)).toEqual(sums(whole(spans)))
    // the loop at the end lies in the window: found as a settled trace would find it
    const loop = live.findings.find((p) => p.finding.detector === 'repeated-tool-call')
    expect(loop?.finding.firstSpanId).toBe(`tool${String(120).padStart(12, '0')}`)
  })

  it('keeps a finding folded away, and the root name once the root arrives', () => {
    const spans = agentSpans(10, 0)
    const t = newLiveTrace('default', TRACE)
    addSpans(t, spans, 1)
    foldOldest(t, spans.length, {}, NO_HISTORY)
    expect(t.window.size).toBe(0)
    const root = toSettleSpan(
      makeSpanRecord({
        traceId: TRACE,
        spanId: 'root000000000000',
        name: 'invoke_agent planner',
        kind: 'agent',
        isRollup: true,
        startTimeUnixNano: (RECENT_NS - 1_000_000_000n).toString(),
        endTimeUnixNano: (RECENT_NS + 20_000_000_000n).toString(),
      }),
    )
    addSpans(t, [root], 2)
    const live = liveSettlement(t, 3, {}, NO_HISTORY)
    expect(live.findings.map((p) => p.finding.detector)).toContain('repeated-tool-call')
    expect(live.totals.summary.findingCount).toBe(live.findings.length)
    expect(live.totals.summary.rootName).toBe('invoke_agent planner')
    expect(sums(live)).toEqual(sums(whole([...spans, root])))
  })

  it('tracks its estimated bytes and whether it has spans not yet written', () => {
    const spans = agentSpans(3)
    const t = newLiveTrace('default', TRACE)
    expect(isDirty(t)).toBe(false)
    const added = addSpans(t, spans, 5)
    expect(added).toBe(spans.reduce((a, s) => a + spanBytes(s), 0))
    expect(t.bytes).toBe(added)
    expect(t.lastSpanAt).toBe(5)
    expect(isDirty(t)).toBe(true)
    t.written = t.generation
    expect(isDirty(t)).toBe(false)
    // stored spans read back never overwrite what arrived since
    const stale = { ...spans[0]!, name: 'stale' }
    expect(addSpans(t, [stale], 6, false)).toBe(0)
    expect(t.window.get(spans[0]!.spanId)!.name).toBe(spans[0]!.name)
    expect(foldOldest(t, 99, {}, NO_HISTORY)).toBe(-added)
    expect(t.bytes).toBe(0)
  })

  it('keeps one step-budget finding however often a long trace folds', () => {
    const spans = agentSpans(400)
    const t = newLiveTrace('default', TRACE)
    for (let i = 0; i < spans.length; i += 50) {
      addSpans(t, spans.slice(i, i + 50), i)
      if (t.window.size > 200) foldOldest(t, t.window.size - 100, {}, NO_HISTORY)
    }
    const budget = liveSettlement(t, 1, {}, NO_HISTORY).findings.filter((p) => p.finding.detector === 'step-budget')
    expect(budget).toHaveLength(1)
  })

  it('looks finished once its root and every parent have arrived, and only then', () => {
    const spans = agentSpans(2)
    const t = newLiveTrace('default', TRACE)
    addSpans(t, spans, 1)
    expect(looksFinished(t)).toBe(false) // the agent's root has not ended yet
    const root = toSettleSpan(makeSpanRecord({ traceId: TRACE, spanId: 'root000000000000', kind: 'agent' }))
    addSpans(t, [root], 2)
    expect(looksFinished(t)).toBe(true)
    const orphan = toSettleSpan(
      makeSpanRecord({ traceId: TRACE, spanId: 'x000000000000001', parentSpanId: 'missing000000000' }),
    )
    addSpans(t, [orphan], 3)
    expect(looksFinished(t)).toBe(false)
  })
})
