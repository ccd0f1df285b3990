import { describe, expect, it } from 'vitest'
import { buildSpanTree } from '../../model/span-tree.ts'
import { findSpans, stepMatch, type FindSpan } from './find-spans.ts'

let t = 0
function s(id: string, parent: string | null, name: string, extra: Partial<FindSpan> = {}): FindSpan {
  const ns = (1_700_000_000_000_000_000n + BigInt(++t) * 1_000_000n).toString()
  return {
    spanId: id, parentSpanId: parent, startTimeUnixNano: ns, endTimeUnixNano: ns, status: 'ok', name, serviceName: 'svc',
    toolName: null, model: null, agentName: null, operationName: null, ...extra,
  }
}

// agent ─┬─ chat (model gpt-4o) ── search (tool web_search)
//        └─ Chat again (model claude)
const TREE = buildSpanTree([
  s('a', null, 'invoke_agent planner', { agentName: 'planner' }),
  s('b', 'a', 'chat', { model: 'gpt-4o' }),
  s('c', 'b', 'execute_tool', { toolName: 'web_search' }),
  s('d', 'a', 'Chat again', { model: 'claude' }),
])

describe('findSpans', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['  ', []],
    ['chat', ['b', 'd']],
    ['GPT', ['b']],
    ['web_', ['c']],
    ['planner', ['a']],
    ['svc', ['a', 'b', 'c', 'd']],
    ['c', ['a', 'b', 'c', 'd']],
    ['nothing', []],
  ])('%j → %j', (q, want) => {
    expect(findSpans(TREE, q)).toEqual(want)
  })
})

describe('stepMatch', () => {
  const matches = ['b', 'd']
  it.each<[string | null, 1 | -1, string]>([
    [null, 1, 'b'],
    ['a', 1, 'b'],
    ['b', 1, 'd'],
    ['c', 1, 'd'],
    ['d', 1, 'b'],
    ['d', -1, 'b'],
    ['c', -1, 'b'],
    ['b', -1, 'd'],
    [null, -1, 'd'],
  ])('from %s step %s → %s', (from, dir, want) => {
    expect(stepMatch(TREE, matches, from, dir)).toBe(want)
  })
  it('no matches, no step', () => {
    expect(stepMatch(TREE, [], 'a', 1)).toBeNull()
  })
})
