import { describe, expect, it } from 'vitest'
import { Run, rspan, tid } from './testing.ts'
import { ancestorIds, buildAgentViews, orphansOf } from './trace-view.ts'

describe('buildAgentViews', () => {
  it('groups per (service, agent) and per trace, in a deterministic order', () => {
    const a = new Run(2, 'planner', 'svc-b')
    a.llm({ agentName: 'critic' })
    const b = new Run(1, 'planner', 'svc-b')
    const c = new Run(3, null, 'svc-a')
    const views = buildAgentViews([...a.spans, ...c.spans, ...b.spans].reverse())
    expect(views.map((v) => [v.serviceName, v.agentName, v.traces.map((t) => t.traceId), v.spanCount])).toEqual([
      ['svc-a', '', [tid(3)], 1],
      ['svc-b', 'critic', [tid(2)], 1],
      ['svc-b', 'planner', [tid(1), tid(2)], 2],
    ])
    const critic = views[1]?.traces[0]
    expect(critic?.all.map((s) => s.spanId)).toEqual(a.spans.map((s) => s.spanId))
    expect(critic?.root).toBe(a.root)
  })

  it.each<[string, Array<Parameters<typeof rspan>[0]>, string]>([
    [
      'the parentless span',
      [
        { spanId: 'b', parentSpanId: 'a', startMs: 0 },
        { spanId: 'a', parentSpanId: null, startMs: 5 },
      ],
      'a',
    ],
    [
      'the earliest span with a missing parent',
      [
        { spanId: 'c', parentSpanId: 'x', startMs: 9 },
        { spanId: 'b', parentSpanId: 'y', startMs: 1 },
      ],
      'b',
    ],
    [
      'the first span of a parent cycle',
      [
        { spanId: 'a', parentSpanId: 'b', startMs: 3 },
        { spanId: 'b', parentSpanId: 'a', startMs: 3 },
      ],
      'a',
    ],
  ])('takes as root %s', (_, spans, root) => {
    expect(buildAgentViews(spans.map((o) => rspan(o)))[0]?.traces[0]?.root.spanId).toBe(root)
  })

  it('finds orphans and ancestors', () => {
    const r = new Run(1, null, 'svc', { parentSpanId: 'upstream00000000' })
    const chain = r.other({ kind: 'chain' })
    const llm = r.llm({ parentSpanId: chain.spanId, agentName: 'planner' })
    const lost = r.llm({ parentSpanId: 'lost000000000000', agentName: 'planner' })
    const [, planner] = buildAgentViews(r.spans)
    const t = planner?.traces[0]
    if (!t) throw new Error('no view')
    expect(orphansOf(t)).toEqual([lost])
    expect(orphansOf(t, t.all)).toEqual([lost])
    expect([...ancestorIds(t, [llm])].sort()).toEqual([chain.spanId, r.root.spanId].sort())
  })
})
