import { describe, expect, it } from 'vitest'
import { Run, runCheck, tid } from '../testing.ts'
import { inferCap, stepLimit } from './step-limit.ts'

/** A run of `n` steps (LLM calls). */
const steps = (trace: number, n: number, root = {}): Run => {
  const r = new Run(trace, 'planner', 'svc', root)
  for (let i = 0; i < n; i++) r.llm()
  return r
}
const runs = (counts: readonly number[]): Run[] => counts.map((n, i) => steps(i + 1, n))

describe('inferCap', () => {
  it.each<[string, number[], number | null]>([
    ['a pile-up well above the median', [3, 4, 5, 15, 15], 15],
    ['a constant small agent', [2, 2, 2, 2], null],
    ['small numbers close together', [1, 1, 3, 3], null],
    ['a single longest run', [5, 5, 6, 6, 6, 15], null],
    ['a thinning tail', [3, 4, 9, 9, 9, 12, 12], null],
    ['one trace', [30], null],
  ])('%s → %s', (_, counts, cap) => expect(inferCap(counts)).toBe(cap))
})

describe('step-limit', () => {
  it('is unknown without steps', () => {
    const c = runCheck(stepLimit, [new Run(1)])
    expect(c).toMatchObject({ verdict: 'unknown', figures: { traces: 0, stepsMax: null }, exampleTraceIds: [] })
  })

  it.each<[number, 'pass' | 'fail', number, string[]]>([
    [12, 'pass', 12, [tid(3), tid(2), tid(1)]],
    [8, 'fail', 12, [tid(3), tid(2)]],
  ])('with maxSteps %i → %s', (maxSteps, verdict, max, examples) => {
    const c = runCheck(stepLimit, runs([4, 10, 12]), { maxSteps })
    expect(c.verdict).toBe(verdict)
    expect(c.figures).toMatchObject({ stepsMax: max, stepsP50: 10, maxSteps })
    expect(c.exampleTraceIds).toEqual(examples)
    if (verdict === 'fail')
      expect(c.summary).toBe(
        '2 traces of 3 went past the configured limit of 8 steps (p50 10, p95 11.8, max 12 steps).',
      )
  })

  it('passes when a framework limit fires on a span enclosing the agent', () => {
    const limited = steps(7, 25, { agentName: null, status: 'error', errorType: 'GraphRecursionError' })
    const c = runCheck(stepLimit, [...runs([3, 4, 5]), limited])
    expect(c.verdict).toBe('pass')
    expect(c.figures).toMatchObject({ limitErrors: 1, stepsMax: 25, traces: 4 })
    expect(c.exampleTraceIds[0]).toBe(tid(7))
    expect(c.summary).toContain('framework step limit fired in 1 trace of 4')
  })

  it('passes on a hard cap in the distribution', () => {
    const counts = [...Array.from({ length: 28 }, (_, i) => 3 + (i % 7)), ...Array<number>(12).fill(15)]
    const c = runCheck(stepLimit, runs(counts))
    expect(c.verdict).toBe('pass')
    expect(c.figures).toMatchObject({ traces: 40, stepsMax: 15, tracesAtMax: 12, inferredCap: 15, stepsP50: 7.5 })
    expect(c.summary).toBe('p50 7.5, p95 15, max 15 steps: 12 of 40 traces stop at exactly 15 steps — a hard cap.')
    expect(c.exampleTraceIds).toEqual([tid(29), tid(30), tid(31), tid(32), tid(33)])
  })

  it('fails on a runaway with no cap', () => {
    const c = runCheck(stepLimit, runs([4, 4, 4, 4, 4, 4, 4, 4, 4, 30]))
    expect(c.verdict).toBe('fail')
    expect(c.figures).toMatchObject({ stepsP50: 4, stepsMax: 30, inferredCap: null, limitErrors: 0 })
    expect(c.exampleTraceIds[0]).toBe(tid(10))
    expect(c.summary).toContain('the longest run took 30 steps, over 3× the median of 4')
  })

  it.each<[string, number[]]>([
    ['a constant tiny agent', [2, 2, 2, 2, 2]],
    ['a natural spread', [3, 4, 5, 6, 7, 8, 9, 10]],
  ])('warns without evidence of a cap: %s', (_, counts) => {
    const c = runCheck(stepLimit, runs(counts))
    expect(c.verdict).toBe('warn')
    expect(c.figures.inferredCap).toBeNull()
    expect(c.summary).toContain('No sign of a step limit')
  })

  it('does not count rollups or other agents as steps', () => {
    const r = steps(1, 3)
    r.llm({ isRollup: true })
    r.llm({ agentName: 'critic' })
    r.other({ kind: 'chain' })
    expect(runCheck(stepLimit, [r]).figures.stepsMax).toBe(3)
  })
})
