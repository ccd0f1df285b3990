import { describe, expect, it } from 'vitest'
import { countRetries, type RetryStep } from './retries.ts'

/** Steps in a compact notation: `T:search!` is a failed call of tool search, `L:gpt-4o` an LLM call. */
const steps = (s: string): RetryStep[] =>
  s
    .split(' ')
    .filter(Boolean)
    .map((t) => ({
      kind: t.startsWith('T:') ? 'tool' : 'llm',
      operation: t.slice(2).replace(/!$/, ''),
      failed: t.endsWith('!'),
    }))

describe('countRetries', () => {
  it.each([
    ['no steps', '', 0],
    ['no failure', 'L:gpt-4o T:search L:gpt-4o T:search L:gpt-4o', 0],
    ['a failure, then something else', 'L:gpt-4o T:search! L:gpt-4o T:fetch L:gpt-4o', 0],
    ['tool retried after the model saw the error', 'L:gpt-4o T:search! L:gpt-4o T:search L:gpt-4o', 1],
    ['tool retried back to back', 'T:search! T:search', 1],
    ['three attempts, two failed', 'T:search! L:m T:search! L:m T:search', 2],
    ['a retry that fails too counts, and so does the next', 'T:search! T:search! T:search!', 2],
    ['another tool in between: the agent moved on', 'T:search! L:m T:fetch L:m T:search', 0],
    ['LLM call retried with the same model', 'L:gpt-4o! L:gpt-4o', 1],
    ['fallback to another model is not a retry', 'L:gpt-4o! L:gpt-4o-mini', 0],
    ['LLM and tool failures are tracked apart', 'L:m! T:search! L:m T:search', 2],
    ['a success resets', 'T:search! T:search T:search', 1],
  ])('%s', (_, s, expected) => {
    expect(countRetries(steps(s))).toBe(expected)
  })

  it('does not confuse a tool named like a model', () => {
    expect(countRetries(steps('L:x! T:x'))).toBe(0)
  })
})
