import { describe, expect, it } from 'vitest'
import { detectFindings } from './detect.ts'
import { newText } from './near-duplicate-llm.ts'
import { TraceBuilder } from './testing.ts'
import type { Finding } from './types.ts'

const only = (b: TraceBuilder): Finding[] => detectFindings(b.spans).filter((f) => f.detector === 'near-duplicate-llm')
const answer =
  'I could not find the order in the database so I will search again using the customer email address and the order date to locate it'
const words = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}${i}`).join(' ')

describe('near-duplicate-llm', () => {
  it.each([
    [2, 'warning'],
    [4, 'critical'],
  ] as const)('%i consecutive calls with the same output → %s', (n, severity) => {
    const b = new TraceBuilder()
    for (let i = 0; i < n; i++) b.llm({ input: `history ${i}`, output: answer })
    expect(only(b)).toMatchObject([
      {
        severity,
        count: n,
        message: `agent planner made ${n} consecutive near-identical LLM calls (same output)`,
        wastedTokens: (n - 1) * 1100,
        wastedCostUsd: (n - 1) / 100,
      },
    ])
  })

  it('sees through one changed word', () => {
    const b = new TraceBuilder()
    b.llm({ output: answer })
    b.llm({ output: answer.replace('again', 'once more') })
    expect(only(b)).toMatchObject([{ count: 2 }])
  })

  it('compares what each call adds to the conversation', () => {
    const b = new TraceBuilder()
    const toolResult = words(30, 'row')
    let history = '[system prompt][user question]'
    for (let i = 0; i < 4; i++) {
      history += `[tool result ${toolResult}]`
      b.llm({ input: history, output: words(25, `thought${i}x`) })
    }
    // the first call's new input is the whole prompt, so the run starts at the second call
    expect(only(b)).toMatchObject([
      { count: 3, message: 'agent planner made 3 consecutive near-identical LLM calls (same new input)' },
    ])
  })

  it.each<[string, (b: TraceBuilder) => void]>([
    ['different outputs', (b) => ['alpha', 'beta', 'gamma'].forEach((s) => b.llm({ input: s, output: words(25, s) }))],
    ['short identical outputs', (b) => [1, 2, 3].forEach((i) => b.llm({ input: `q${i}`, output: 'Done.' }))],
    [
      'the same output from two different agents',
      (b) =>
        ['planner', 'critic'].forEach((agent) => {
          b.agent = agent
          b.llm({ output: answer })
        }),
    ],
    [
      'identical outputs that are not consecutive',
      (b) => [answer, words(25, 'other'), answer].forEach((output) => b.llm({ output })),
    ],
    [
      'growing inputs with different new turns',
      (b) => {
        let history = ''
        for (let i = 0; i < 4; i++) {
          history += words(25, `turn${i}w`)
          b.llm({ input: history, output: words(25, `out${i}w`) })
        }
      },
    ],
  ])('does not fire on %s', (_, build) => {
    const b = new TraceBuilder()
    build(b)
    expect(only(b)).toEqual([])
  })

  it.each([
    ['abc', 'abcdef', 'def'],
    ['', 'abc', 'abc'],
    ['abc', 'abd', 'd'],
    ['abc', 'abc', ''],
  ])('newText(%s, %s) = %s', (a, b, expected) => {
    expect(newText(a, b)).toBe(expected)
  })
})
