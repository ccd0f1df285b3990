import { describe, expect, it } from 'vitest'
import { detectFindings } from './detect.ts'
import { frameworkLimit, historyLimit } from './step-budget.ts'
import { TraceBuilder } from './testing.ts'
import type { DetectSpan, Finding, StepHistory } from './types.ts'

const only = (b: TraceBuilder, maxSteps: number | null, history?: Map<string, StepHistory>): Finding[] =>
  detectFindings(b.spans, { maxSteps }, history).filter((f) => f.detector === 'step-budget')
/** n distinct LLM + tool steps */
const steps = (n: number, b = new TraceBuilder()): TraceBuilder => {
  for (let i = 0; i < n; i++) b.tool('search', { q: i }, `r${i}`)
  return b
}

describe('step-budget', () => {
  it.each([
    [11, 10, 'warning', 1],
    [21, 10, 'critical', 11],
  ] as const)('%i steps over a cap of %i → %s', (n, cap, severity, over) => {
    const [f, ...rest] = only(steps(n), cap)
    expect(rest).toEqual([])
    expect(f).toMatchObject({ severity, count: n, message: `the trace took ${n} steps, over the budget of ${cap}` })
    expect(f?.spanIds).toHaveLength(over)
  })

  it('counts as waste only the steps past the budget, however long the trace', () => {
    const b = new TraceBuilder()
    for (let i = 0; i < 5000; i++) b.turn('search', { q: i }, `r${i}`)
    const [f] = only(b, 100)
    const past = b.spans.slice(100)
    expect(f).toMatchObject({
      count: 10_000,
      wastedTokens: 4950 * 1100,
      wastedSpanIds: past.map((s) => s.spanId).sort(),
    })
    expect(f?.wastedCostUsd).toBeCloseTo(49.5, 9)
    // the agent's usual length is the budget too: what it did within that is work, not waste
    const [g] = only(b, null, new Map([['planner', { median: 3000, p99: 9000 }]]))
    expect(g).toMatchObject({
      message: expect.stringContaining('over the budget of 9000'),
      wastedTokens: 500 * 1100,
      wastedSpanIds: b.spans
        .slice(9000)
        .map((s) => s.spanId)
        .sort(),
    })
  })

  it.each([
    [{ median: 4, p99: 10 }, 12],
    [{ median: 2, p99: 9 }, 9],
  ])('historyLimit(%o) = %i', (h, limit) => expect(historyLimit(h, 3)).toBe(limit))

  it('compares each agent with its own history', () => {
    const b = steps(13)
    b.agent = 'critic'
    steps(13, b)
    const history = new Map([
      ['planner', { median: 4, p99: 10 }],
      ['critic', { median: 10, p99: 20 }],
    ])
    expect(only(b, null, history)).toMatchObject([
      {
        severity: 'warning',
        count: 13,
        message: 'agent planner took 13 steps, over the budget of 12 (7-day median 4, p99 10)',
      },
    ])
  })

  it.each<[string, Partial<DetectSpan>, string]>([
    ['LangGraph by type', { errorType: 'GraphRecursionError' }, 'LangGraph recursion limit'],
    [
      'LangGraph by message',
      { statusMessage: 'Recursion limit of 25 reached without hitting a stop condition.' },
      'LangGraph recursion limit',
    ],
    [
      'OpenAI Agents',
      { errorType: 'agents.exceptions.MaxTurnsExceeded', statusMessage: 'Max turns (10) exceeded' },
      'OpenAI Agents max turns',
    ],
    [
      'CrewAI',
      { statusMessage: 'Agent stopped due to iteration limit or time limit: max iterations reached' },
      'CrewAI max iterations',
    ],
    [
      'error output',
      { output: 'Traceback ... GraphRecursionError: Recursion limit of 50 reached' },
      'LangGraph recursion limit',
    ],
  ])('recognises a framework step limit: %s', (_, over, framework) => {
    const b = steps(3)
    b.other({ kind: 'agent', name: 'invoke_agent', status: 'error', ...over })
    expect(frameworkLimit({ status: 'error', errorType: null, statusMessage: '', output: null, ...over })).toBe(
      framework,
    )
    expect(only(b, null)).toMatchObject([
      { severity: 'critical', count: 3, spanIds: [b.spans[3]?.spanId], wastedTokens: 0 },
    ])
  })

  it.each<[string, (b: TraceBuilder) => void, number | null, Map<string, StepHistory> | undefined]>([
    ['steps at the cap', (b) => steps(10, b), 10, undefined],
    ['no cap and no history', (b) => steps(500, b), null, undefined],
    ['within the agent history', (b) => steps(12, b), null, new Map([['planner', { median: 4, p99: 10 }]])],
    [
      'other errors',
      (b) => b.other({ status: 'error', errorType: 'TimeoutError', statusMessage: 'max retries exceeded' }),
      10,
      undefined,
    ],
    [
      'a limit named in a successful output',
      (b) => b.other({ output: 'set the recursion limit of 25 reached by default' }),
      10,
      undefined,
    ],
    [
      'rollup spans, which are not steps',
      (b) => {
        steps(5, b)
        b.other({ kind: 'agent', isRollup: true, inputTokens: 9999 })
        b.other({ kind: 'llm', isRollup: true })
      },
      5,
      undefined,
    ],
  ])('does not fire on %s', (_, build, cap, history) => {
    const b = new TraceBuilder()
    build(b)
    expect(only(b, cap, history)).toEqual([])
  })
})
