import { describe, expect, it } from 'vitest'
import { detectFindings } from './detect.ts'
import { TraceBuilder } from './testing.ts'
import type { Finding } from './types.ts'

const only = (b: TraceBuilder): Finding[] =>
  detectFindings(b.spans).filter((f) => f.detector === 'cost-without-progress')
const pricey = { costUsd: 0.12 }

describe('cost-without-progress', () => {
  it('flags ten steps that cost $0.60 and bring nothing new', () => {
    const b = new TraceBuilder()
    for (let i = 0; i < 5; i++) b.turn('get_status', { job: 1 }, 'pending', {}, pricey)
    const [f, ...rest] = only(b)
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      severity: 'warning',
      count: 10,
      firstSpanId: b.spans[0]?.spanId,
      lastSpanId: b.spans[9]?.spanId,
    })
    // the first status call was new, and so is the LLM turn that asked for it; the rest is waste
    expect(f?.wastedCostUsd).toBeCloseTo(0.48)
    expect(f?.wastedTokens).toBe(4 * 1100)
    expect(f?.wastedSpanIds).toEqual(b.spans.slice(2).map((s) => s.spanId))
    expect(f?.message).toBe('10 steps cost $0.60 with only 1 of 5 tool calls bringing a new call or result')
  })

  it('merges overlapping windows and turns critical when the stretch costs 4× the floor', () => {
    const b = new TraceBuilder()
    b.turn('plan', {}, 'p')
    for (let i = 0; i < 20; i++) b.turn('get_status', { job: 1 }, 'pending', {}, pricey)
    // the window holding the plan call is still 2 of 5 novel, so the stretch starts after it
    expect(only(b)).toMatchObject([
      { severity: 'critical', count: 40, firstSpanId: b.spans[2]?.spanId, lastSpanId: b.spans[41]?.spanId },
    ])
  })

  it('fires on a cheap trace when the window is most of its cost, naming the cost to two significant digits', () => {
    const b = new TraceBuilder()
    for (let i = 0; i < 7; i++) b.turn('get_status', { job: 1 }, 'pending', {}, { costUsd: 0.0000957 })
    const found = only(b)
    expect(found).toHaveLength(1)
    // 7 LLM steps at $0.0000957: the panel beside it says $0.00067, and so must the message
    expect(found[0]?.message).toBe('14 steps cost $0.00067 with only 1 of 7 tool calls bringing a new call or result')
  })

  it.each<[string, (b: TraceBuilder) => void]>([
    [
      'new calls every step',
      (b) => {
        for (let i = 0; i < 10; i++) b.turn('search', { q: i }, `r${i}`, {}, pricey)
      },
    ],
    [
      'pagination',
      (b) => {
        for (let i = 0; i < 10; i++) b.turn('list', { cursor: `c${i}` }, [i], {}, pricey)
      },
    ],
    [
      'polling whose result changes',
      (b) => {
        for (let i = 0; i < 10; i++) b.turn('job_status', { job: 1 }, `${i * 10}%`, {}, pricey)
      },
    ],
    [
      'a repetitive stretch that is cheap within an expensive trace',
      (b) => {
        for (let i = 0; i < 10; i++) b.turn('search', { q: i }, `r${i}`, {}, { costUsd: 1 })
        for (let i = 0; i < 5; i++) b.turn('get_status', { job: 1 }, 'pending', {}, { costUsd: 0.01 })
      },
    ],
    [
      'LLM-only windows',
      (b) => {
        for (let i = 0; i < 12; i++) b.llm(pricey)
      },
    ],
    [
      'unpriced steps',
      (b) => {
        for (let i = 0; i < 5; i++) b.turn('get_status', { job: 1 }, 'pending', {}, { costUsd: null })
      },
    ],
  ])('does not fire on %s', (_, build) => {
    const b = new TraceBuilder()
    build(b)
    expect(only(b)).toEqual([])
  })
})
