import { describe, expect, it } from 'vitest'
import { sharedHistogram } from './histogram.ts'

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0)

describe('sharedHistogram', () => {
  it('bins both windows on linear edges over the union range, max in the last bin', () => {
    const h = sharedHistogram([0, 1, 2, 3], [2, 3, 4], { bins: 4 })
    expect(h.scale).toBe('linear')
    expect(h.edges).toEqual([0, 1, 2, 3, 4])
    expect(h.ref).toEqual([1, 1, 1, 1])
    expect(h.cur).toEqual([0, 0, 1, 2])
  })

  it('uses log-spaced edges when asked and every value is positive', () => {
    const h = sharedHistogram([1, 10], [100, 1000], { bins: 3, log: true })
    expect(h.scale).toBe('log')
    h.edges.forEach((e, i) => expect(e).toBeCloseTo([1, 10, 100, 1000][i] as number, 9))
    expect(h.ref).toEqual([1, 1, 0])
    expect(h.cur).toEqual([0, 0, 2])
  })

  it.each([
    ['a zero', [0, 10], [5]],
    ['a negative', [-1, 10], [5]],
  ])('falls back to linear with %s', (_, a, b) => expect(sharedHistogram(a, b, { log: true }).scale).toBe('linear'))

  it.each([
    ['all equal', [3, 3], [3], [2.5, 3.5], [2], [1]],
    ['empty', [], [], [0, 1], [0], [0]],
  ])('%s → one drawable bin', (_, a, b, edges, ref, cur) => {
    expect(sharedHistogram(a, b)).toEqual({ edges, ref, cur, scale: 'linear' })
  })

  it('keeps every value and has bins + 1 ascending edges', () => {
    const a = Array.from({ length: 500 }, (_, i) => Math.exp(i / 50))
    const b = Array.from({ length: 300 }, (_, i) => 2 + i * 0.7)
    for (const log of [false, true]) {
      const h = sharedHistogram(a, b, { bins: 20, log })
      expect(h.edges).toHaveLength(21)
      expect(sum(h.ref)).toBe(500)
      expect(sum(h.cur)).toBe(300)
      for (let i = 1; i < h.edges.length; i++) expect(h.edges[i]).toBeGreaterThan(h.edges[i - 1] as number)
    }
  })
})
