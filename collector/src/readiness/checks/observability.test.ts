import { describe, expect, it } from 'vitest'
import { Run, runCheck, tid } from '../testing.ts'
import { observability } from './observability.ts'

/** 20 complete LLM calls and 20 complete tool calls in one trace, plus `gaps`. */
const run = (trace: number, gaps: (r: Run) => void = () => {}): Run => {
  const r = new Run(trace).turns(20)
  gaps(r)
  return r
}

describe('observability', () => {
  it('is unknown without LLM or tool calls', () => {
    expect(runCheck(observability, [new Run(1)])).toMatchObject({
      verdict: 'unknown',
      figures: { llmCalls: 0, toolCalls: 0, llmCoverage: null },
    })
  })

  it('passes with full coverage and no orphans', () => {
    const c = runCheck(observability, [run(1)])
    expect(c).toMatchObject({
      verdict: 'pass',
      exampleTraceIds: [],
      figures: {
        llmCalls: 20,
        llmWithModelAndTokens: 20,
        llmCoverage: 1,
        toolCalls: 20,
        toolWithArgsAndResult: 20,
        toolCoverage: 1,
        orphanSpans: 0,
        orphanShare: 0,
      },
      summary:
        '100% of 20 LLM calls with model and tokens, 100% of 20 tool calls with arguments and result, 0 orphan spans.',
    })
  })

  it('counts a failed tool call without a result as covered, and ignores the root upstream parent', () => {
    const r = new Run(1, 'planner', 'svc', { parentSpanId: 'ffffffffffffffff' }).turns(3)
    r.tool('fetch', { hasToolResult: false, status: 'error' })
    expect(runCheck(observability, [r]).figures).toMatchObject({ toolCoverage: 1, orphanSpans: 0 })
  })

  it('counts a failed LLM call without token usage as covered (a 429 bills nothing)', () => {
    const r = new Run(1).turns(3)
    r.llm({ status: 'error', inputTokens: 0, outputTokens: 0, costUsd: null, errorType: 'RateLimitError' })
    expect(runCheck(observability, [r])).toMatchObject({
      verdict: 'pass',
      figures: { llmCalls: 4, llmWithModelAndTokens: 4 },
    })
  })

  const repeat = (n: number, f: () => void): void => {
    for (let i = 0; i < n; i++) f()
  }
  it.each<[string, string, (r: Run) => void, Record<string, number>]>([
    [
      'one LLM call without tokens (97.6%)',
      'pass',
      (r) => void r.llm({ inputTokens: 0, outputTokens: 0 }),
      { llmCoverage: 0.9756 },
    ],
    [
      'five LLM calls without a model (88.9%)',
      'warn',
      (r) => repeat(5, () => r.llm({ model: null })),
      { llmCoverage: 0.8889 },
    ],
    [
      'an orphan span',
      'warn',
      (r) => void r.llm({ parentSpanId: 'eeeeeeeeeeeeeeee' }),
      { orphanSpans: 1, orphanShare: 0.012 },
    ],
    [
      'tool calls without results (78.4%)',
      'fail',
      (r) => repeat(11, () => r.tool('search', { hasToolResult: false })),
      { toolCoverage: 0.7843 },
    ],
    [
      'orphans over 5% of spans',
      'fail',
      (r) => repeat(5, () => r.llm({ parentSpanId: 'eeeeeeeeeeeeeeee' })),
      { orphanSpans: 5, orphanShare: 0.0575 },
    ],
  ])('%s → %s', (_, verdict, gaps, figures) => {
    const c = runCheck(observability, [run(1), run(2, gaps)])
    expect(c.verdict).toBe(verdict)
    expect(c.figures).toMatchObject(figures)
    expect(c.exampleTraceIds).toEqual([tid(2)])
  })

  it('says what to fix', () => {
    const c = runCheck(observability, [run(1, (r) => void r.llm({ parentSpanId: 'eeeeeeeeeeeeeeee' }))])
    expect(c.summary).toBe(
      '100% of 21 LLM calls with model and tokens, 100% of 20 tool calls with arguments and result, 1 orphan span (spans arrive without their parents: check context propagation and that every service exports).',
    )
  })
})
