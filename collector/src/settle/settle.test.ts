/**
 * Summary and cost facts of one hand-built trace:
 *
 *   root  invoke_agent (agent, rollup: 3000 in / 300 out)        t=0..10s
 *   ├─ a  chat gpt-4o      1000 in / 100 out  $0.0035   t=1s
 *   ├─ t1 search (tool)                                     t=2s..3s
 *   ├─ t2 fetch  (tool, error)                              t=2s..2.5s   ← both requested by a
 *   └─ b  chat gpt-4o      2000 in / 200 out  $0.0070   t=4s  (requested nothing)
 */
import { describe, expect, it } from 'vitest'
import { costFacts, requestedTools, share } from './cost-facts.ts'
import type { SettleSpan } from './settle-span.ts'
import { summariseTrace } from './summary.ts'

const S = 1_000_000_000n
const T0 = 1_800_000_000n * S
function span(o: Partial<SettleSpan> & { spanId: string; at: number; dur: number }): SettleSpan {
  const { at, dur, ...rest } = o
  return {
    projectId: 'p',
    traceId: 't',
    parentSpanId: 'root',
    name: o.spanId,
    serviceName: 'svc',
    kind: 'other',
    status: 'ok',
    startTimeUnixNano: (T0 + BigInt(at * 1000) * 1_000_000n).toString(),
    endTimeUnixNano: (T0 + BigInt((at + dur) * 1000) * 1_000_000n).toString(),
    model: null,
    provider: null,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: null,
    costSource: null,
    isRollup: false,
    toolName: null,
    agentName: 'planner',
    sessionId: null,
    userId: null,
    statusMessage: '',
    errorType: null,
    toolArguments: null,
    toolResult: null,
    input: null,
    output: null,
    scopeName: 'test',
    ...rest,
  }
}
const spans: SettleSpan[] = [
  span({
    spanId: 'root',
    parentSpanId: null,
    at: 0,
    dur: 10,
    kind: 'agent',
    isRollup: true,
    inputTokens: 3000,
    outputTokens: 300,
    model: 'gpt-4o',
    costUsd: 0.0105,
    costSource: 'computed',
    sessionId: 's1',
    userId: 'u1',
    name: 'invoke_agent planner',
  }),
  span({
    spanId: 'a',
    at: 1,
    dur: 0.5,
    kind: 'llm',
    model: 'gpt-4o',
    provider: 'openai',
    inputTokens: 1000,
    outputTokens: 100,
    costUsd: 0.0035,
    costSource: 'computed',
  }),
  span({ spanId: 't1', at: 2, dur: 1, kind: 'tool', toolName: 'search' }),
  span({ spanId: 't2', at: 2, dur: 0.5, kind: 'tool', toolName: 'fetch', status: 'error' }),
  span({
    spanId: 'b',
    at: 4,
    dur: 0.5,
    kind: 'llm',
    model: 'gpt-4o',
    provider: 'openai',
    inputTokens: 2000,
    outputTokens: 200,
    costUsd: 0.007,
    costSource: 'computed',
  }),
]

describe('summariseTrace', () => {
  it('counts calls once and never the rollup', () => {
    const { summary, costUnits } = summariseTrace(spans)
    expect(summary).toMatchObject({
      rootName: 'invoke_agent planner',
      spanCount: 5,
      llmCalls: 2,
      toolCalls: 2,
      inputTokens: 3000,
      outputTokens: 300,
      errorCount: 1,
      durationMs: 10_000,
      sessionId: 's1',
      userId: 'u1',
      models: ['gpt-4o'],
      agentNames: ['planner'],
    })
    expect(costUnits).toBe(10_500_000_000n)
    expect(summary.costUsd).toBe(0.0105)
  })
  it('takes the earliest span as root when no span is parentless', () => {
    expect(summariseTrace(spans.slice(1)).summary.rootName).toBe('a')
  })
})

describe('costFacts', () => {
  it('finds the LLM call that requested each tool', () => {
    expect([...requestedTools(spans)]).toEqual([['a', ['fetch', 'search']]])
  })

  it.each([
    [10, 3, [4, 3, 3]],
    [1000, 2, [500, 500]],
    [1, 3, [1, 0, 0]],
  ])('splits %i into %i exact shares', (x, n, shares) => {
    expect(Array.from({ length: n }, (_, i) => share(x, n, i + 1))).toEqual(shares)
  })

  it('adds up to the summary in every grouping', () => {
    const facts = costFacts(spans, { userId: 'u1', sessionId: 's1' })
    const sum = (pick: (f: (typeof facts)[number]) => number | bigint) =>
      facts.reduce((a, f) => a + BigInt(pick(f)), 0n)
    expect(sum((f) => f.costUnits)).toBe(10_500_000_000n)
    expect(sum((f) => f.inputTokens)).toBe(3000n)
    expect(sum((f) => f.llmCalls)).toBe(2n)
    expect(sum((f) => f.spanCount)).toBe(5n)
    const byTool = new Map<string, bigint>()
    for (const f of facts) byTool.set(f.toolName, (byTool.get(f.toolName) ?? 0n) + f.costUnits)
    // a's $0.0035 split between fetch and search; b's $0.007 under no tool
    expect(byTool.get('fetch')).toBe(1_750_000_000n)
    expect(byTool.get('search')).toBe(1_750_000_000n)
    expect(byTool.get('')).toBe(7_000_000_000n)
    const search = facts.filter((f) => f.toolName === 'search')
    expect(search.reduce((a, f) => a + f.toolCalls, 0)).toBe(1)
    expect(search.reduce((a, f) => a + f.toolDurationNs, 0n)).toBe(1_000_000_000n)
    expect(facts.every((f) => f.userId === 'u1' && f.sessionId === 's1')).toBe(true)
  })
})
