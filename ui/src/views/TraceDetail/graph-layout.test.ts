import { describe, expect, it } from 'vitest'
import { layoutGraph, NODE_H, NODE_W } from './graph-layout.ts'

const graph = (nodes: string, edges: string) => ({
  nodes: nodes.split(' ').map((id) => ({ id })),
  edges:
    edges === ''
      ? []
      : edges.split(' ').map((e) => {
          const [from, to] = e.split('>') as [string, string]
          return { id: e, from, to }
        }),
})

/** Columns as `id:layer`, and the back edges. */
function summary(nodes: string, edges: string): string {
  const l = layoutGraph(graph(nodes, edges))
  const back = l.edges.filter((e) => e.back).map((e) => e.id)
  return `${l.nodes.map((n) => `${n.id}:${n.layer}`).join(' ')}${back.length > 0 ? ` | back ${back.join(' ')}` : ''}`
}

describe('layoutGraph layers', () => {
  it.each<[string, string, string, string]>([
    ['a single node', 'a', '', 'a:0'],
    // a → b → c, and a → c: c sits after b (longest path)
    ['longest path', 'a b c', 'a>b b>c a>c', 'a:0 b:1 c:2'],
    // a ⇄ b: the edge back to a is the one left out
    ['two-node cycle', 'a b', 'a>b b>a', 'a:0 b:1 | back b>a'],
    // a → b → c → a, plus c → t
    ['three-node loop with a tool', 'a b c t', 'a>b b>c c>a c>t', 'a:0 b:1 c:2 t:3 | back c>a'],
    ['self-loop', 'a t', 'a>a a>t', 'a:0 t:1 | back a>a'],
    // every node is on a cycle: the walk still starts at the first node
    ['no source at all', 'x y', 'x>y y>x', 'x:0 y:1 | back y>x'],
  ])('%s', (_name, nodes, edges, want) => {
    expect(summary(nodes, edges)).toBe(want)
  })
})

describe('layoutGraph geometry', () => {
  it('puts columns left to right and stacks a column without overlap', () => {
    const l = layoutGraph(graph('a t1 t2 t3', 'a>t1 a>t2 a>t3'))
    const [a, t1, t2, t3] = l.nodes as [
      (typeof l.nodes)[0],
      (typeof l.nodes)[0],
      (typeof l.nodes)[0],
      (typeof l.nodes)[0],
    ]
    expect(t1.x).toBeGreaterThan(a.x + NODE_W)
    expect(t2.y - t1.y).toBeGreaterThanOrEqual(NODE_H)
    expect(t3.y - t2.y).toBeGreaterThanOrEqual(NODE_H)
    // a single caller sits level with the middle of its column
    expect(a.y).toBeCloseTo(t2.y)
    expect(l.width).toBeGreaterThan(t1.x + NODE_W)
    expect(l.height).toBeGreaterThan(t3.y + NODE_H)
  })

  it('orders a column by its callers', () => {
    // a above b in column 0; y is called by a, x by b, so y comes before x despite node order
    const l = layoutGraph(graph('a b x y', 'a>y b>x'))
    const y = (id: string) => l.nodes.find((n) => n.id === id)!.y
    expect(y('y')).toBeLessThan(y('x'))
  })

  it('draws a back edge between adjacent columns inside the gap', () => {
    const l = layoutGraph(graph('a b', 'a>b b>a'))
    const [a, b] = l.nodes as [(typeof l.nodes)[0], (typeof l.nodes)[0]]
    const backEdge = l.edges.find((e) => e.back)!
    expect(backEdge.labelX).toBeGreaterThan(a.x + NODE_W)
    expect(backEdge.labelX).toBeLessThan(b.x)
  })

  it('routes a back edge that skips columns under every node', () => {
    // a → b → c → a: c is two columns right of a
    const l = layoutGraph(graph('a b c', 'a>b b>c c>a'))
    const backEdge = l.edges.find((e) => e.back)!
    expect(backEdge.labelY).toBeGreaterThan(Math.max(...l.nodes.map((n) => n.y + NODE_H)))
    expect(l.height).toBeGreaterThan(backEdge.labelY)
  })
})
