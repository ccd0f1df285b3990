import { describe, expect, it } from 'vitest'
import { inheritAgentNames } from './inherit.ts'
import type { SpanRecord } from './span-record.ts'
import { record } from './testing.ts'

const names = (spans: SpanRecord[]): (string | null)[] => spans.map((s) => s.agentName)

describe('inheritAgentNames', () => {
  it.each<[string, SpanRecord[], (string | null)[]]>([
    //   a(planner) ─ b ─ c
    //              └ d(critic) ─ e
    [
      'nearest named ancestor wins',
      [
        record('a', null, 'planner'),
        record('b', 'a', null),
        record('c', 'b', null),
        record('d', 'a', 'critic'),
        record('e', 'd', null),
      ],
      ['planner', 'planner', 'planner', 'critic', 'critic'],
    ],
    [
      'children listed before parents',
      [record('c', 'b', null), record('b', 'a', null), record('a', null, 'root-agent')],
      ['root-agent', 'root-agent', 'root-agent'],
    ],
    ['parent missing from the set', [record('x', 'gone', null), record('y', 'x', null)], [null, null]],
    ['no names at all', [record('a', null, null), record('b', 'a', null)], [null, null]],
    ['own name is kept', [record('a', null, 'outer'), record('b', 'a', 'inner')], ['outer', 'inner']],
    ['empty own name inherits', [record('a', null, 'outer'), record('b', 'a', '')], ['outer', 'outer']],
    ['two-span cycle terminates', [record('a', 'b', null), record('b', 'a', null)], [null, null]],
    ['self-parent terminates', [record('a', 'a', null)], [null]],
    [
      'cycle with a named member',
      [record('a', 'b', 'n'), record('b', 'a', null), record('c', 'b', null)],
      ['n', 'n', 'n'],
    ],
    [
      'same span id in another trace is not a parent',
      [record('a', null, 'other-trace-agent', 'ffffffffffffffffffffffffffffffff'), record('b', 'a', null)],
      ['other-trace-agent', null],
    ],
    ['empty input', [], []],
  ])('%s', (_l, spans, expected) => {
    expect(names(inheritAgentNames(spans))).toEqual(expected)
  })

  it('does not mutate its input and reuses unchanged records', () => {
    const a = record('a', null, 'p')
    const b = record('b', 'a', null)
    const out = inheritAgentNames([a, b])
    expect(b.agentName).toBeNull()
    expect(out[0]).toBe(a)
    expect(out[1]).not.toBe(b)
    expect(out[1]).toMatchObject({ spanId: 'b', agentName: 'p' })
  })

  it('is linear on a deep chain', () => {
    const n = 200_000
    const spans: SpanRecord[] = [record('s0', null, 'root')]
    for (let i = 1; i < n; i++) spans.push(record(`s${i}`, `s${i - 1}`, null))
    spans.reverse() // worst order: deepest first
    const t0 = performance.now()
    const out = inheritAgentNames(spans)
    expect(performance.now() - t0).toBeLessThan(2000)
    expect(out.every((s) => s.agentName === 'root')).toBe(true)
  })
})
