import { describe, expect, it } from 'vitest'
import { buildSpanTree } from '../../model/span-tree.ts'
import { findSpans, matchAsYouType, matchLabel, stepMatch, type FindSpan } from './find-spans.ts'

let t = 0
function s(id: string, parent: string | null, name: string, extra: Partial<FindSpan> = {}): FindSpan {
  const ns = (1_700_000_000_000_000_000n + BigInt(++t) * 1_000_000n).toString()
  return {
    spanId: id,
    parentSpanId: parent,
    startTimeUnixNano: ns,
    endTimeUnixNano: ns,
    status: 'ok',
    name,
    serviceName: 'svc',
    toolName: null,
    model: null,
    agentName: null,
    operationName: null,
    ...extra,
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

describe('matchAsYouType', () => {
  it.each<[string, string | null, string | null]>([
    // nothing selected yet, or the root: the first match down the page
    ['chat', null, 'b'],
    ['chat', 'a', 'b'],
    // the current span still matches the longer query: stay
    ['chat', 'd', 'd'],
    // the current span no longer matches: the next match after it, wrapping
    ['web', 'b', 'c'],
    ['gpt', 'c', 'b'],
    ['nothing', 'b', null],
    ['', 'b', null],
  ])('%j from %s → %s', (q, current, want) => {
    expect(matchAsYouType(TREE, findSpans(TREE, q), current)).toBe(want)
  })
})

describe('matchLabel', () => {
  it.each<[string[], string | null, string]>([
    [[], null, '0 matches'],
    [['c'], 'c', '1 of 1 match'],
    [['b', 'd'], 'd', '2 of 2 matches'],
    [['b', 'd'], 'a', '2 matches'],
  ])('%j at %s → %s', (matches, current, want) => expect(matchLabel(matches, current)).toBe(want))
})
