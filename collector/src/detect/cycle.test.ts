import { describe, expect, it } from 'vitest'
import { tailCycle } from './cycle.ts'
import { detectFindings } from './detect.ts'
import { TraceBuilder } from './testing.ts'
import type { Finding } from './types.ts'

const only = (b: TraceBuilder): Finding[] => detectFindings(b.spans).filter((f) => f.detector === 'cycle')
const seq = (s: string): string[] => s.split('')

describe('tailCycle', () => {
  it.each([
    ['ABABAB', { period: 2, length: 6, repeats: 3 }],
    ['XABABAB', { period: 2, length: 6, repeats: 3 }],
    ['BABABAB', { period: 2, length: 7, repeats: 3 }],
    ['ABCABCABC', { period: 3, length: 9, repeats: 3 }],
    ['ABACABACABAC', { period: 4, length: 12, repeats: 3 }],
    ['ABABABABAB', { period: 2, length: 10, repeats: 5 }],
  ])('%s → %o', (s, expected) => expect(tailCycle(seq(s), 2, 4, 3)).toEqual(expected))

  it.each(['AAAAAA', 'ABAB', 'ABABABC', 'ABCDEABCDEABCDE', 'ABCABCAB', ''])('%s → no cycle', (s) => {
    expect(tailCycle(seq(s), 2, 4, 3)).toBeNull()
  })
})

describe('cycle', () => {
  it('finds a tool cycle A→B→A→B→A→B and counts the periods after the first as waste', () => {
    const b = new TraceBuilder()
    for (let i = 0; i < 3; i++) {
      b.turn('read_file', { path: 'a.ts' }, 'x')
      b.turn('write_file', { path: 'a.ts', text: 'y' }, 'ok')
    }
    const [f, ...rest] = only(b)
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      severity: 'warning',
      count: 3,
      wastedTokens: 4 * 1100,
      firstSpanId: b.spans[1]?.spanId,
      lastSpanId: b.spans[11]?.spanId,
    })
    expect(f?.message).toBe(
      'agent planner cycled 3 times through read_file({"path":"a.ts"}) → write_file({"path":"a.ts","text":"y"})',
    )
  })

  it('is critical from 5 periods', () => {
    const b = new TraceBuilder()
    for (let i = 0; i < 5; i++) ['a', 'b', 'c'].forEach((t) => b.turn(t, {}, 'r'))
    expect(only(b)).toMatchObject([{ severity: 'critical', count: 5 }])
  })

  it('finds agent hand-offs going round in a cycle', () => {
    const b = new TraceBuilder()
    for (let i = 0; i < 3; i++) {
      b.agent = 'writer'
      b.llm()
      b.agent = 'critic'
      b.llm()
      b.llm()
    }
    expect(only(b)).toMatchObject([
      { count: 3, message: 'agents handed off in a cycle 3 times: writer → critic', wastedTokens: 6 * 1100 },
    ])
    expect(only(b)[0]?.spanIds).toHaveLength(9)
  })

  it.each<[string, (b: TraceBuilder) => void]>([
    ['two periods only', (b) => [1, 2].forEach(() => ['a', 'b'].forEach((t) => b.turn(t, {}, 'r')))],
    [
      'pagination through alternating tools',
      (b) =>
        [1, 2, 3].forEach((page) => {
          b.turn('list', { page }, [page])
          b.turn('fetch', { page }, 'p')
        }),
    ],
    [
      'a cycle that was left',
      (b) => {
        for (let i = 0; i < 3; i++) ['a', 'b'].forEach((t) => b.turn(t, {}, 'r'))
        b.turn('answer', {}, 'done')
      },
    ],
    [
      'one agent handing off to several in turn',
      (b) =>
        ['planner', 'a', 'planner', 'b', 'planner', 'c'].forEach((agent) => {
          b.agent = agent
          b.llm()
        }),
    ],
  ])('does not fire on %s', (_, build) => {
    const b = new TraceBuilder()
    build(b)
    expect(only(b)).toEqual([])
  })
})
