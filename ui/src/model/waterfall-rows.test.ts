import { describe, expect, it } from 'vitest'
import { buildSpanTree, type TreeSpan } from './span-tree.ts'
import { collapseAll, revealSpan, timeTicks, toggleCollapsed, waterfallRows } from './waterfall-rows.ts'

const T0 = 1_700_000_000_000_000_000n

function s(id: string, parent: string | null, start: number, end: number): TreeSpan {
  const ns = (ms: number) => (T0 + BigInt(Math.round(ms * 1e6))).toString()
  return { spanId: id, parentSpanId: parent, startTimeUnixNano: ns(start), endTimeUnixNano: ns(end), status: 'ok' }
}

//  a [0..200] ─┬─ b [0..100] ─┬─ c [10..20]
//              │              └─ d [50..100] ── e [60..70]
//              └─ f [100..200]
//  g [150..200]   (orphan: its parent never arrived)
const TREE = buildSpanTree([
  s('a', null, 0, 200),
  s('b', 'a', 0, 100),
  s('c', 'b', 10, 20),
  s('d', 'b', 50, 100),
  s('e', 'd', 60, 70),
  s('f', 'a', 100, 200),
  s('g', 'lost', 150, 200),
])

const visible = (collapsed: string[]) =>
  waterfallRows(TREE, new Set(collapsed))
    .map((r) => (r.collapsed ? `${r.node.span.spanId}+` : r.node.span.spanId))
    .join(' ')

describe('waterfallRows', () => {
  it.each<[string, string[], string]>([
    ['nothing collapsed', [], 'a b c d e f g'],
    ['collapse b hides c, d and e', ['b'], 'a b+ f g'],
    ['collapse d hides only e', ['d'], 'a b c d+ f g'],
    ['collapse the root', ['a'], 'a+ g'],
    ['a leaf in the set is not collapsed', ['c'], 'a b c d e f g'],
    ['collapsed inside a collapsed subtree', ['b', 'd'], 'a b+ f g'],
    ['unknown ids are ignored', ['zzz'], 'a b c d e f g'],
  ])('%s', (_name, collapsed, want) => {
    expect(visible(collapsed)).toBe(want)
  })

  it.each<[string, number, number]>([
    ['a', 0, 1],
    ['c', 0.05, 0.05],
    ['f', 0.5, 0.5],
    ['g', 0.75, 0.25],
  ])('bar of %s: offset %s, width %s', (id, offset, width) => {
    const row = waterfallRows(TREE, new Set()).find((r) => r.node.span.spanId === id)!
    expect(row.offset).toBeCloseTo(offset)
    expect(row.width).toBeCloseTo(width)
  })

  it('a zero-length trace puts every bar at 0 with no length', () => {
    const rows = waterfallRows(buildSpanTree([s('a', null, 5, 5), s('b', 'a', 5, 5)]), new Set())
    expect(rows.map((r) => [r.offset, r.width])).toEqual([
      [0, 0],
      [0, 0],
    ])
  })
})

describe('collapse helpers', () => {
  it('collapseAll collapses every span with children', () => {
    expect([...collapseAll(TREE)].sort()).toEqual(['a', 'b', 'd'])
    expect(visible([...collapseAll(TREE)])).toBe('a+ g')
  })

  it('toggleCollapsed adds and removes, without touching its input', () => {
    const start = new Set(['a'])
    expect([...toggleCollapsed(start, 'b')]).toEqual(['a', 'b'])
    expect([...toggleCollapsed(start, 'a')]).toEqual([])
    expect([...start]).toEqual(['a'])
  })

  it.each<[string, string[], string, string[]]>([
    ['expands every collapsed ancestor', ['a', 'b', 'd', 'f'], 'e', ['f']],
    ['leaves the target itself collapsed', ['d'], 'd', ['d']],
  ])('revealSpan %s', (_name, collapsed, target, left) => {
    expect([...revealSpan(TREE, new Set(collapsed), target)].sort()).toEqual(left)
  })

  it('revealSpan returns the same set when nothing hides the span', () => {
    const set = new Set(['d'])
    expect(revealSpan(TREE, set, 'c')).toBe(set)
    expect(revealSpan(TREE, set, 'unknown')).toBe(set)
  })
})

describe('timeTicks', () => {
  it.each<[number, string]>([
    [0, '0'],
    [1000, '0 0.2s 0.4s 0.6s 0.8s 1s'],
    [999, '0 200ms 400ms 600ms 800ms'],
    [4200, '0 1s 2s 3s 4s'],
    [7000, '0 2s 4s 6s'],
    [350, '0 100ms 200ms 300ms'],
    [0.5, '0 100µs 200µs 300µs 400µs 500µs'],
    [1_500_000, '0 5m 10m 15m 20m 25m'],
  ])('%s ms → %s', (ms, want) => {
    expect(
      timeTicks(ms)
        .map((t) => t.label)
        .join(' '),
    ).toBe(want)
  })

  it('fractions run from 0 and never pass 1', () => {
    const ticks = timeTicks(4200)
    expect(ticks[0]!.fraction).toBe(0)
    expect(ticks.at(-1)!.fraction).toBeLessThanOrEqual(1)
    expect(ticks[1]!.fraction).toBeCloseTo(1000 / 4200)
  })
})
