/**
 * Duplicate-call decisions over hand-built traces. Times in ms after t0; every span is under the
 * agent `root` unless it names another parent.
 */
import { describe, expect, it } from 'vitest'
import { countingSpan, duplicateCalls, markDuplicateCalls, sameModelFamily, type CallSpan } from './duplicate-calls.ts'
import { costFacts } from './cost-facts.ts'
import { summariseTrace } from './summary.ts'
import type { SettleSpan } from './settle-span.ts'

const T0 = 1_800_000_000_000n * 1_000_000n
const ns = (ms: number): string => (T0 + BigInt(Math.round(ms * 1000)) * 1000n).toString()

type Over = Partial<SettleSpan> & { spanId: string; at: [number, number] }
function span({ at, ...o }: Over): SettleSpan {
  return {
    projectId: 'p',
    traceId: 't',
    parentSpanId: 'root',
    name: o.spanId,
    serviceName: 'svc',
    kind: 'llm',
    status: 'ok',
    startTimeUnixNano: ns(at[0]),
    endTimeUnixNano: ns(at[1]),
    model: 'claude-sonnet-4-5',
    provider: 'anthropic',
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: null,
    costSource: null,
    isRollup: false,
    toolName: null,
    agentName: 'a',
    sessionId: null,
    userId: null,
    statusMessage: '',
    errorType: null,
    toolArguments: null,
    toolResult: null,
    input: null,
    output: null,
    scopeName: 'sdk',
    ...o,
  }
}
const root = span({ spanId: 'root', parentSpanId: null, kind: 'agent', at: [0, 10_000], model: null })
const usage = (
  input: number,
  output: number,
  costUsd: number | null = 0.001,
  costSource: SettleSpan['costSource'] = 'computed',
) => ({ inputTokens: input, outputTokens: output, costUsd, costSource })

const decided = (spans: CallSpan[]): Record<string, string | null> =>
  Object.fromEntries([...duplicateCalls(spans)].map(([id, n]) => [id, n.of]))

describe('duplicateCalls', () => {
  it.each<[string, SettleSpan[], Record<string, string | null>]>([
    [
      'an SDK span inside an instrumentation span with the same usage: the outer counts',
      [
        root,
        span({ spanId: 'oi', at: [100, 900], ...usage(3713, 120) }),
        span({
          spanId: 'sdk',
          parentSpanId: 'oi',
          at: [101, 899],
          model: 'claude-sonnet-4-5-20250929',
          ...usage(3713, 120),
        }),
      ],
      { sdk: 'oi' },
    ],
    [
      'three deep (LangChain → instrumentation → SDK): only the outermost counts',
      [
        root,
        span({ spanId: 'lc', at: [100, 900], ...usage(500, 50) }),
        span({ spanId: 'oi', parentSpanId: 'lc', at: [110, 890], ...usage(500, 50) }),
        span({ spanId: 'sdk', parentSpanId: 'oi', at: [120, 880], ...usage(500, 50) }),
      ],
      { sdk: 'oi', oi: 'lc' },
    ],
    [
      'an inner span with a reported cost counts over an outer one without',
      [
        root,
        span({ spanId: 'outer', at: [100, 900], ...usage(100, 10, null, 'unpriced') }),
        span({ spanId: 'inner', parentSpanId: 'outer', at: [100, 900], ...usage(100, 10, 0.002, 'reported') }),
      ],
      { outer: 'inner' },
    ],
    [
      'an outer wrapper without usage around one call',
      [
        root,
        span({ spanId: 'wrap', at: [100, 900] }),
        span({ spanId: 'call', parentSpanId: 'wrap', at: [200, 800], ...usage(100, 10) }),
      ],
      { wrap: 'call' },
    ],
    [
      'an inner span without usage repeats the outer',
      [
        root,
        span({ spanId: 'outer', at: [100, 900], ...usage(100, 10) }),
        span({ spanId: 'inner', parentSpanId: 'outer', at: [200, 800] }),
      ],
      { inner: 'outer' },
    ],
    [
      'an outer span summing two retries is their rollup',
      [
        root,
        span({ spanId: 'outer', at: [100, 2900], ...usage(300, 30) }),
        span({ spanId: 'try1', parentSpanId: 'outer', at: [100, 1000], ...usage(100, 10) }),
        span({ spanId: 'try2', parentSpanId: 'outer', at: [1100, 2900], ...usage(200, 20) }),
      ],
      { outer: null },
    ],
    [
      'LLM descendants through a non-LLM span (an HTTP client span)',
      [
        root,
        span({ spanId: 'outer', at: [100, 900], ...usage(100, 10) }),
        span({ spanId: 'http', parentSpanId: 'outer', kind: 'other', at: [110, 890], model: null }),
        span({ spanId: 'inner', parentSpanId: 'http', at: [120, 880], ...usage(100, 10) }),
      ],
      { inner: 'outer' },
    ],
    [
      'different usage: two calls, both count',
      [
        root,
        span({ spanId: 'outer', at: [100, 900], ...usage(100, 10) }),
        span({ spanId: 'inner', parentSpanId: 'outer', at: [200, 800], ...usage(60, 5) }),
      ],
      {},
    ],
    [
      'another model family: both count',
      [
        root,
        span({ spanId: 'outer', at: [100, 900], model: 'gpt-4o', ...usage(100, 10) }),
        span({ spanId: 'inner', parentSpanId: 'outer', at: [200, 800], model: 'claude-haiku-4-5', ...usage(100, 10) }),
      ],
      {},
    ],
    [
      'an inner span that starts after the outer span ended: both count',
      [
        root,
        span({ spanId: 'outer', at: [100, 900], ...usage(100, 10) }),
        span({ spanId: 'inner', parentSpanId: 'outer', at: [950, 1500], ...usage(100, 10) }),
      ],
      {},
    ],
    [
      'an SDK span ending after its wrapper (its end callback ran after the wrapper’s export)',
      [
        root,
        span({ spanId: 'oi', at: [100, 900], ...usage(1844, 38) }),
        span({ spanId: 'sdk', parentSpanId: 'oi', at: [101, 933], ...usage(1844, 38) }),
      ],
      { sdk: 'oi' },
    ],
    [
      'a cousin ending long after the other: two calls',
      [
        root,
        span({ spanId: 'c1', at: [100, 900], scopeName: 'a', ...usage(100, 10) }),
        span({ spanId: 'c2', at: [120, 1100], scopeName: 'b', ...usage(100, 10) }),
      ],
      {},
    ],
    [
      'LangChain’s ChatOpenAI and the OpenAI instrumentation’s span of the same call, as cousins',
      [
        root,
        span({ spanId: 'node', kind: 'chain', at: [50, 950], model: null, scopeName: 'oi-langchain' }),
        span({
          spanId: 'lc',
          parentSpanId: 'node',
          at: [100, 900],
          model: 'gpt-4o-mini',
          scopeName: 'oi-langchain',
          ...usage(1184, 17),
        }),
        span({
          spanId: 'sdk',
          at: [110, 880],
          model: 'gpt-4o-mini-2024-07-18',
          scopeName: 'traceloop-openai',
          ...usage(1184, 17),
        }),
      ],
      { sdk: 'lc' },
    ],
    [
      'identical parallel calls of one instrumentation are two calls',
      [
        root,
        span({ spanId: 'c1', at: [100, 900], ...usage(100, 10) }),
        span({ spanId: 'c2', at: [120, 880], ...usage(100, 10) }),
      ],
      {},
    ],
    [
      'three parallel calls, each seen by two instrumentations whose spans end a little apart: three calls',
      [
        root,
        span({ spanId: 'L0', at: [24, 145], scopeName: 'langchain', ...usage(100, 1) }),
        span({ spanId: 'O0', at: [25, 147], scopeName: 'openai', ...usage(100, 1) }),
        span({ spanId: 'L1', at: [90, 239], scopeName: 'langchain', ...usage(100, 1) }),
        span({ spanId: 'O1', at: [91, 239], scopeName: 'openai', ...usage(100, 1) }),
        span({ spanId: 'L2', at: [99, 176], scopeName: 'langchain', ...usage(100, 1) }),
        span({ spanId: 'O2', at: [100, 182], scopeName: 'openai', ...usage(100, 1) }),
      ],
      { L0: 'O0', O1: 'L1', L2: 'O2' },
    ],
    [
      'cousins of another model (gpt-4o and gpt-4o-mini) are two calls',
      [
        root,
        span({ spanId: 'c1', at: [100, 900], model: 'gpt-4o', scopeName: 'a', ...usage(100, 10) }),
        span({ spanId: 'c2', at: [120, 880], model: 'gpt-4o-mini', scopeName: 'b', ...usage(100, 10) }),
      ],
      {},
    ],
    [
      'a wrapper without usage but with the only cost counts',
      [
        root,
        span({ spanId: 'wrap', at: [100, 900], ...usage(0, 0, 0.002, 'reported') }),
        span({ spanId: 'call', parentSpanId: 'wrap', at: [200, 800], ...usage(100, 10, null, 'unpriced') }),
      ],
      { call: 'wrap' },
    ],
    [
      'cousins of equal usage that only overlap are two calls',
      [
        root,
        span({ spanId: 'c1', at: [100, 900], scopeName: 'a', ...usage(100, 10) }),
        span({ spanId: 'c2', at: [500, 1300], scopeName: 'b', ...usage(100, 10) }),
      ],
      {},
    ],
    [
      'sibling calls with equal usage are two calls',
      [
        root,
        span({ spanId: 'c1', at: [100, 900], ...usage(100, 10) }),
        span({ spanId: 'c2', at: [1000, 1900], ...usage(100, 10) }),
      ],
      {},
    ],
  ])('%s', (_label, spans, expected) => {
    expect(decided(spans)).toEqual(expected)
  })

  it('pairs every call of a long trace recorded by two instrumentations, one to one', () => {
    const spans: SettleSpan[] = [root]
    for (let i = 0; i < 5000; i++) {
      spans.push(
        span({
          spanId: `f${i}`,
          at: [i * 2, i * 2 + 1.5],
          kind: 'embedding',
          scopeName: 'framework',
          ...usage(512, 0),
        }),
      )
      spans.push(
        span({
          spanId: `s${i}`,
          at: [i * 2 + 0.1, i * 2 + 1.4],
          kind: 'embedding',
          scopeName: 'sdk',
          ...usage(512, 0),
        }),
      )
    }
    const notCounted = duplicateCalls(spans)
    expect(notCounted.size).toBe(5000)
    for (let i = 0; i < 5000; i++) expect(notCounted.get(`s${i}`)?.of).toBe(`f${i}`)
  })

  it('ends on a parent cycle', () => {
    const a = span({ spanId: 'a', parentSpanId: 'b', at: [0, 10], ...usage(1, 1) })
    const b = span({ spanId: 'b', parentSpanId: 'a', at: [0, 10], ...usage(1, 1) })
    expect(() => duplicateCalls([a, b])).not.toThrow()
  })
})

describe('countingSpan', () => {
  it('follows a chain to the span that counts', () => {
    const notCounted = new Map([
      ['sdk', { of: 'oi' }],
      ['oi', { of: 'lc' }],
    ])
    expect(countingSpan('sdk', notCounted)).toBe('lc')
    expect(countingSpan('lc', notCounted)).toBe('lc')
  })
})

describe('markDuplicateCalls + summariseTrace', () => {
  it('counts a doubly instrumented call once in tokens, cost and calls, and re-decides from scratch', () => {
    const spans = [
      root,
      span({ spanId: 'oi', at: [100, 900], ...usage(3713, 120, 0.003793) }),
      span({ spanId: 'sdk', parentSpanId: 'oi', at: [101, 899], ...usage(3713, 120, 0.003793) }),
    ]
    const { spans: marked, changed } = markDuplicateCalls(spans)
    expect(changed.map((s) => s.spanId)).toEqual(['sdk'])
    const { summary } = summariseTrace(marked)
    expect(summary).toMatchObject({ llmCalls: 1, inputTokens: 3713, outputTokens: 120, costUsd: 0.003793 })
    // a stored decision that no longer holds (the usage now differs) is undone
    const stale = [
      root,
      span({ spanId: 'oi', at: [100, 900], ...usage(10, 1) }),
      span({ spanId: 'sdk', parentSpanId: 'oi', at: [101, 899], isRollup: true, ...usage(20, 2) }),
    ]
    expect(markDuplicateCalls(stale).changed.map((s) => [s.spanId, s.isRollup])).toEqual([['sdk', false]])
  })
})

describe('a call inside a wrapper LLM span that does not count', () => {
  it.each<[string, string | null, number]>([
    ['a sibling of the wrapper', null, 900],
    ['a child of the wrapper', 'wrap', 1500],
  ])('requests a tool span that is %s', (_label, toolParent, wrapEnd) => {
    const { spans } = markDuplicateCalls([
      root,
      span({ spanId: 'wrap', at: [100, wrapEnd] }),
      span({ spanId: 'call', parentSpanId: 'wrap', at: [200, 800], ...usage(100, 10, 0.0011) }),
      span({
        spanId: 'tool',
        kind: 'tool',
        toolName: 'get_weather',
        at: [1000, 1200],
        model: null,
        ...(toolParent === null ? {} : { parentSpanId: toolParent }),
      }),
    ])
    const byTool = costFacts(spans, { userId: null, sessionId: null })
      .filter((f) => f.llmCalls > 0)
      .map((f) => [f.toolName, f.inputTokens])
    expect(byTool).toEqual([['get_weather', 100]])
  })
})

describe('sameModelFamily', () => {
  it.each<[string | null, string | null, boolean]>([
    ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929', true],
    ['anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5', true],
    ['gpt-4o', 'gpt-4o-2024-08-06', true],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-3-5-haiku', true],
    [null, 'gpt-4o', true],
    ['gpt-4o', 'claude-sonnet-4-5', false],
    ['gpt-4o', 'gpt-4.1', false],
  ])('%s ~ %s → %s', (a, b, same) => {
    expect(sameModelFamily(a, b)).toBe(same)
  })
})
