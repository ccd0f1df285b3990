import { describe, expect, it } from 'vitest'
import { Run, runCheck, tid } from '../testing.ts'
import { fallback } from './fallback.ts'

const err = { status: 'error', errorType: 'APIError' } as const

/** gpt-4o fails, then `then` decides what follows. */
const run = (trace: number, then: 'fallback' | 'retry' | 'none'): Run => {
  const r = new Run(trace)
  r.llm()
  r.llm(err)
  if (then === 'fallback') r.llm({ model: 'claude-sonnet-4', provider: 'anthropic' })
  if (then === 'retry') r.llm()
  r.tool('search')
  return r
}

describe('fallback', () => {
  it('is unknown without LLM errors', () => {
    expect(runCheck(fallback, [new Run(1).turns(2)])).toMatchObject({
      verdict: 'unknown',
      figures: { llmCalls: 2, llmErrors: 0 },
      summary: 'No LLM errors in the window (2 LLM calls), so no fallback or retry could be seen.',
    })
  })

  it('passes when every error is followed by a fallback or a retry', () => {
    const c = runCheck(fallback, [run(1, 'fallback'), run(2, 'retry')])
    expect(c).toMatchObject({
      verdict: 'pass',
      exampleTraceIds: [tid(1), tid(2)],
      figures: { llmCalls: 6, llmErrors: 2, fellBack: 1, retried: 1, unrecovered: 0, modelsUsed: 2 },
      summary:
        'Every one of 2 LLM errors was followed by a successful call: 1 fell back to another model or provider, 1 retried the same model.',
    })
    expect(c.table?.rows).toEqual([['gpt-4o', 2, 1, 1, 0, 'claude-sonnet-4']])
  })

  it('counts another provider of the same model as a fallback', () => {
    const r = new Run(1)
    r.llm(err)
    r.llm({ provider: 'azure' })
    expect(runCheck(fallback, [r]).figures.fellBack).toBe(1)
  })

  it('warns when some errors went unrecovered, those traces first', () => {
    const c = runCheck(fallback, [run(1, 'fallback'), run(2, 'none')])
    expect(c).toMatchObject({
      verdict: 'warn',
      figures: { unrecovered: 1, fellBack: 1 },
      exampleTraceIds: [tid(2), tid(1)],
    })
    expect(c.summary).toBe(
      '1 of 2 LLM errors had no successful LLM call after them in the trace (1 fell back to another model or provider, 0 retried the same model).',
    )
  })

  it('fails when no error was recovered', () => {
    const repeated = run(2, 'none')
    repeated.llm(err)
    const c = runCheck(fallback, [run(1, 'none'), repeated])
    expect(c).toMatchObject({
      verdict: 'fail',
      figures: { llmErrors: 3, unrecovered: 3 },
      exampleTraceIds: [tid(2), tid(1)],
    })
  })
})
