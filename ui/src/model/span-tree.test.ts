import { describe, expect, it } from 'vitest'
import { ancestorsOf, buildSpanTree, type TreeSpan } from './span-tree.ts'

const T0 = 1_700_000_000_000_000_000n

/** A span from ms offsets; ids are short names, which the tree never validates. */
function s(id: string, parent: string | null, start: number, end: number, status: TreeSpan['status'] = 'ok'): TreeSpan {
  const ns = (ms: number) => (T0 + BigInt(Math.round(ms * 1e6))).toString()
  return { spanId: id, parentSpanId: parent, startTimeUnixNano: ns(start), endTimeUnixNano: ns(end), status }
}

/** `id@depth` in pre-order: the shape of the tree in one string. */
const shape = (spans: TreeSpan[]) =>
  buildSpanTree(spans)
    .nodes.map((n) => `${n.span.spanId}@${n.depth}`)
    .join(' ')

describe('buildSpanTree order and depth', () => {
  it.each<[string, TreeSpan[], string]>([
    ['empty trace', [], ''],
    // a ─┬─ b ── d
    //    └─ c            (c starts before b, so it comes first)
    [
      'siblings by start time',
      [s('a', null, 0, 100), s('b', 'a', 20, 50), s('c', 'a', 10, 30), s('d', 'b', 25, 30)],
      'a@0 c@1 b@1 d@2',
    ],
    // children sent before their parents (a SimpleSpanProcessor does this)
    ['children before parents', [s('d', 'b', 25, 30), s('b', 'a', 20, 50), s('a', null, 0, 100)], 'a@0 b@1 d@2'],
    // a ── b        x (parent "gone" never arrived) ── y
    [
      'orphan becomes a root',
      [s('a', null, 0, 100), s('b', 'a', 10, 20), s('x', 'gone', 5, 50), s('y', 'x', 6, 7)],
      'a@0 b@1 x@0 y@1',
    ],
    // p ⇄ q (each names the other as parent): cut at the earlier one, p
    ['parent cycle is cut', [s('q', 'p', 10, 20), s('p', 'q', 0, 30)], 'p@0 q@1'],
    ['self-parent', [s('a', 'a', 0, 10)], 'a@0'],
    ['repeated span id keeps the first', [s('a', null, 0, 10), s('a', null, 5, 6), s('b', 'a', 1, 2)], 'a@0 b@1'],
    ['ties keep input order', [s('r', null, 0, 10), s('m', 'r', 1, 2), s('k', 'r', 1, 2)], 'r@0 m@1 k@1'],
  ])('%s', (_name, spans, want) => {
    expect(shape(spans)).toBe(want)
  })
})

describe('buildSpanTree flags and counts', () => {
  it('flags orphans and cycle cuts, and counts them', () => {
    const tree = buildSpanTree([s('a', null, 0, 10), s('x', 'gone', 1, 2), s('p', 'q', 3, 4), s('q', 'p', 5, 6)])
    expect(tree.nodes.filter((n) => n.orphan).map((n) => n.span.spanId)).toEqual(['x', 'p'])
    expect(tree.orphanCount).toBe(2)
    expect(tree.roots.map((r) => r.span.spanId)).toEqual(['a', 'x', 'p'])
  })

  // a ─┬─ b ─── c(error)
  //    └─ d(error)
  it('counts descendants and failed descendants; subtrees are contiguous', () => {
    const tree = buildSpanTree([
      s('a', null, 0, 100),
      s('b', 'a', 0, 50),
      s('c', 'b', 0, 10, 'error'),
      s('d', 'a', 60, 70, 'error'),
    ])
    const got = tree.nodes.map((n) => [n.span.spanId, n.index, n.descendantCount, n.descendantErrors])
    expect(got).toEqual([
      ['a', 0, 3, 2],
      ['b', 1, 1, 1],
      ['c', 2, 0, 0],
      ['d', 3, 0, 0],
    ])
    expect(ancestorsOf(tree.byId.get('c')!).map((n) => n.span.spanId)).toEqual(['b', 'a'])
  })

  it('times are ms after the earliest start, exact at epoch-nanosecond scale', () => {
    const tree = buildSpanTree([s('b', 'a', 0.001, 2.5), s('a', null, 0, 3)])
    expect(tree.startUnixNano).toBe(T0.toString())
    expect(tree.byId.get('b')).toMatchObject({ startMs: 0.001, endMs: 2.5 })
    expect(tree.durationMs).toBe(3)
  })

  it.each<[string, string, number]>([
    ['short timestamps', '1500000', 1.5],
    ['sub-millisecond', '999', 0.000999],
    ['across a millisecond boundary', '1000001', 1.000001],
  ])('reads %s exactly', (_name, end, ms) => {
    const tree = buildSpanTree([
      { spanId: 'a', parentSpanId: null, startTimeUnixNano: '0', endTimeUnixNano: end, status: 'ok' },
    ])
    expect(tree.nodes[0]!.endMs).toBeCloseTo(ms, 9)
    expect(tree.startUnixNano).toBe('0')
  })

  it('clamps an end before the start', () => {
    expect(buildSpanTree([s('a', null, 10, 5)]).nodes[0]).toMatchObject({ startMs: 0, endMs: 0, selfTimeMs: 0 })
  })
})

describe('self time', () => {
  it.each<[string, TreeSpan[], number]>([
    ['leaf: its whole duration', [s('a', null, 0, 100)], 100],
    // a [0..100] ─┬─ b [10..40]
    //             └─ c [30..60]    overlap: covered 10..60
    ['overlapping children count once', [s('a', null, 0, 100), s('b', 'a', 10, 40), s('c', 'a', 30, 60)], 50],
    // a [0..100] ─┬─ b [10..20]
    //             └─ c [50..70]
    ['disjoint children', [s('a', null, 0, 100), s('b', 'a', 10, 20), s('c', 'a', 50, 70)], 70],
    // a [0..100] ── b [80..150]    the child outlives its parent (async work)
    ['child clipped to the parent', [s('a', null, 0, 100), s('b', 'a', 80, 150)], 80],
    // a [0..100] ── b [0..100] ── c [0..100]    grandchildren do not count against a
    ['only direct children', [s('a', null, 0, 100), s('b', 'a', 0, 100), s('c', 'b', 0, 100)], 0],
  ])('%s', (_name, spans, want) => {
    expect(buildSpanTree(spans).nodes[0]!.selfTimeMs).toBeCloseTo(want)
  })
})

describe('scale', () => {
  it('handles a 10,000-deep chain without recursion', () => {
    const spans = Array.from({ length: 10_000 }, (_, i) => s(`n${i}`, i === 0 ? null : `n${i - 1}`, i, 20_000 - i))
    const tree = buildSpanTree(spans)
    expect(tree.nodes).toHaveLength(10_000)
    expect(tree.nodes[9_999]!.depth).toBe(9_999)
    expect(tree.nodes[0]!.descendantCount).toBe(9_999)
  })
})
