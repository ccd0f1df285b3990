import { describe, expect, it } from 'vitest'
import { buildAgentGraph, type GraphSpan } from './agent-graph.ts'
import { buildSpanTree } from './span-tree.ts'

let clock = 0

/** A span named `name` of `kind`; agent spans take their name as agentName unless given one. */
function s(
  id: string,
  parent: string | null,
  kind: GraphSpan['kind'],
  name: string,
  extra: Partial<GraphSpan> = {},
): GraphSpan {
  const t = (1_700_000_000_000_000_000n + BigInt(++clock) * 1_000_000n).toString()
  return {
    spanId: id,
    parentSpanId: parent,
    startTimeUnixNano: t,
    endTimeUnixNano: t,
    status: 'ok',
    name,
    kind,
    agentName: kind === 'agent' ? name : null,
    toolName: kind === 'tool' ? name : null,
    model: kind === 'llm' ? name : null,
    ...extra,
  }
}

/** Edges as `from->to ×count`, `!` for cyclic, `~` for a handoff, in first-seen order. */
function edges(spans: GraphSpan[]): string[] {
  return buildAgentGraph(buildSpanTree(spans)).edges.map(
    (e) => `${e.from}->${e.to} ×${e.count}${e.kind === 'handoff' ? '~' : ''}${e.cyclic ? '!' : ''}`,
  )
}

describe('buildAgentGraph edges', () => {
  it.each<[string, GraphSpan[], string[]]>([
    // planner ─┬─ chat gpt-4o
    //          ├─ search
    //          ├─ chat gpt-4o
    //          └─ search
    [
      'agent → model and tool, counted',
      [
        s('a', null, 'agent', 'planner'),
        s('l1', 'a', 'llm', 'gpt-4o'),
        s('t1', 'a', 'tool', 'search'),
        s('l2', 'a', 'llm', 'gpt-4o'),
        s('t2', 'a', 'tool', 'search'),
      ],
      ['agent:planner->model:gpt-4o ×2', 'agent:planner->tool:search ×2'],
    ],
    // triage ── chain ── billing ── lookup        (the chain is transparent)
    [
      'child agent through a chain',
      [
        s('a', null, 'agent', 'triage'),
        s('c', 'a', 'chain', 'step'),
        s('b', 'c', 'agent', 'billing'),
        s('t', 'b', 'tool', 'lookup'),
      ],
      ['agent:triage->agent:billing ×1', 'agent:billing->tool:lookup ×1'],
    ],
    // invoke_agent x ── agent x ── calc        (a wrapper, not a self-call)
    [
      'same-name nesting is one agent',
      [s('w', null, 'agent', 'x'), s('i', 'w', 'agent', 'x'), s('t', 'i', 'tool', 'calc')],
      ['agent:x->tool:calc ×1'],
    ],
    // root chain ── chat        (no agent anywhere)
    [
      'no agent: the "no agent" node calls',
      [s('r', null, 'chain', 'pipeline'), s('l', 'r', 'llm', 'claude')],
      ['trace:no agent->model:claude ×1'],
    ],
    // chain ── search, whose inherited agentName is "helper"
    [
      'inherited agent name without an agent span',
      [s('r', null, 'chain', 'run'), s('t', 'r', 'tool', 'search', { agentName: 'helper' })],
      ['agent:helper->tool:search ×1'],
    ],
    // triage ── handoff to Billing Agent ;  Billing Agent ── transfer_to_triage
    [
      'handoffs back and forth close a cycle',
      [
        s('r', null, 'chain', 'run'),
        s('a', 'r', 'agent', 'triage'),
        s('h1', 'a', 'tool', 'handoff to Billing Agent', { toolName: null }),
        s('b', 'r', 'agent', 'Billing Agent'),
        s('h2', 'b', 'tool', 'transfer_to_triage'),
      ],
      ['agent:triage->agent:Billing Agent ×1~!', 'agent:Billing Agent->agent:triage ×1~!'],
    ],
    // triage ─┬─ transfer_to_billing ;  billing ── transfer_to_triage     (the handoff, then the run it caused)
    //         └─ billing
    [
      'a handoff followed by the run is one transition',
      [
        s('a', null, 'agent', 'triage'),
        s('h1', 'a', 'tool', 'transfer_to_billing'),
        s('b', 'a', 'agent', 'billing'),
        s('h2', 'b', 'tool', 'transfer_to_triage'),
        s('b2', 'a', 'agent', 'billing'),
      ],
      ['agent:triage->agent:billing ×2~!', 'agent:billing->agent:triage ×1~!'],
    ],
    // a ── b ── a ── t        (agents calling each other as tools)
    [
      'nested A → B → A is a cycle',
      [
        s('a1', null, 'agent', 'a'),
        s('b1', 'a1', 'agent', 'b'),
        s('a2', 'b1', 'agent', 'a'),
        s('t', 'a2', 'tool', 't'),
      ],
      ['agent:a->agent:b ×1!', 'agent:b->agent:a ×1!', 'agent:a->tool:t ×1'],
    ],
    [
      'model falls back to the span name, retriever is a tool',
      [
        s('a', null, 'agent', 'rag'),
        s('l', 'a', 'llm', 'chat', { model: null }),
        s('r', 'a', 'retriever', 'vector search'),
        s('e', 'a', 'embedding', 'embed', { model: 'text-embedding-3-small' }),
      ],
      ['agent:rag->model:chat ×1', 'agent:rag->tool:vector search ×1', 'agent:rag->model:text-embedding-3-small ×1'],
    ],
  ])('%s', (_name, spans, want) => {
    expect(edges(spans)).toEqual(want)
  })
})

describe('buildAgentGraph nodes and cycles', () => {
  // planner ─┬─ search (error)
  //          ├─ search
  //          └─ writer ── planner ── search
  const graph = buildAgentGraph(
    buildSpanTree([
      s('p', null, 'agent', 'planner'),
      s('t1', 'p', 'tool', 'search', { status: 'error' }),
      s('t2', 'p', 'tool', 'search'),
      s('w', 'p', 'agent', 'writer'),
      s('p2', 'w', 'agent', 'planner'),
      s('t3', 'p2', 'tool', 'search'),
    ]),
  )

  it('counts spans and errors per node and keeps the first span to jump to', () => {
    expect(graph.nodes.map((n) => [n.id, n.spans, n.errors, n.firstSpanId])).toEqual([
      ['agent:planner', 2, 0, 'p'],
      ['tool:search', 3, 1, 't1'],
      ['agent:writer', 1, 0, 'w'],
    ])
    expect(graph.edges.find((e) => e.id === 'agent:planner->tool:search')).toMatchObject({
      count: 3,
      errors: 1,
      cyclic: false,
    })
  })

  it('lists each cycle once, in order of first appearance', () => {
    expect(graph.cycles).toEqual([['agent:planner', 'agent:writer']])
  })

  it('a handoff to itself is a self-loop cycle', () => {
    const g = buildAgentGraph(buildSpanTree([s('a', null, 'agent', 'solo'), s('h', 'a', 'tool', 'transfer_to_solo')]))
    expect(g.cycles).toEqual([['agent:solo']])
    expect(g.edges).toMatchObject([{ id: 'agent:solo->agent:solo', cyclic: true, kind: 'handoff' }])
  })

  it('an empty trace is an empty graph', () => {
    expect(buildAgentGraph(buildSpanTree<GraphSpan>([]))).toEqual({ nodes: [], edges: [], cycles: [] })
  })
})

describe('buildAgentGraph highlighted spans', () => {
  // triage ─┬─ transfer_to_billing ;  billing ─┬─ transfer_to_triage
  //         ├─ billing ────────────────────────┘  └─ lookup
  //         └─ chat gpt-4o
  const spans = [
    s('a', null, 'agent', 'triage'),
    s('h1', 'a', 'tool', 'transfer_to_billing'),
    s('b', 'a', 'agent', 'billing'),
    s('h2', 'b', 'tool', 'transfer_to_triage'),
    s('t', 'b', 'tool', 'lookup'),
    s('l', 'a', 'llm', 'gpt-4o'),
  ]
  /** Highlighted node and edge ids. */
  function marked(ids: string[] | undefined): string[] {
    const g = buildAgentGraph(buildSpanTree(spans), ids === undefined ? undefined : new Set(ids))
    return [
      ...g.nodes.filter((n) => n.highlighted).map((n) => n.id),
      ...g.edges.filter((e) => e.highlighted).map((e) => e.id),
    ]
  }

  it.each<[string, string[] | undefined, string[]]>([
    ['no parameter: nothing', undefined, []],
    ['ids not in the trace: nothing', ['zz'], []],
    [
      'a handoff marks its edge and both ends',
      ['h2'],
      ['agent:triage', 'agent:billing', 'agent:billing->agent:triage'],
    ],
    ['the run a handoff caused marks that edge', ['b'], ['agent:billing', 'agent:triage->agent:billing']],
    [
      'a tool call marks the tool, the edge and its caller',
      ['t'],
      ['agent:billing', 'tool:lookup', 'agent:billing->tool:lookup'],
    ],
    [
      'the whole cycle',
      ['a', 'h1', 'b', 'h2'],
      ['agent:triage', 'agent:billing', 'agent:triage->agent:billing', 'agent:billing->agent:triage'],
    ],
  ])('%s', (_name, ids, want) => {
    expect(marked(ids).sort()).toEqual([...want].sort())
  })

  it('leaves counts and cycles as they are', () => {
    const plain = buildAgentGraph(buildSpanTree(spans))
    const lit = buildAgentGraph(buildSpanTree(spans), new Set(['a', 'h1', 'b', 'h2']))
    const strip = (g: typeof plain) => ({
      nodes: g.nodes.map(({ highlighted: _, ...n }) => n),
      edges: g.edges.map(({ highlighted: _, ...e }) => e),
      cycles: g.cycles,
    })
    expect(strip(lit)).toEqual(strip(plain))
  })
})
