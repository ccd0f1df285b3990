import { describe, expect, it } from 'vitest'
import { buildHistogram, bucketLabel, niceCeil, zoomChange, type HistogramInput } from './histogram.ts'

describe('niceCeil', () => {
  it.each([
    [0, 1],
    [-3, 1],
    [Number.NaN, 1],
    [1, 1],
    [3, 5],
    [0.3, 0.5],
    [7, 10],
    [12, 20],
    [22, 25],
    [0.0034, 0.005],
    [1800, 2000],
    [250, 250],
  ])('%s → %s', (v, top) => {
    expect(niceCeil(v)).toBeCloseTo(top, 12)
  })
})

const hours = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2025, 0, 1, i)).toISOString())

describe('buildHistogram', () => {
  const input: HistogramInput = {
    interval: 'hour',
    buckets: hours(4),
    series: [
      { key: 'a', values: [0, 2, 8, 0.001] },
      { key: 'b', values: [0, 2, 0, 0] },
    ],
  }
  const h = buildHistogram(input, { width: 400, height: 100, gap: 2 })

  it('sums the series per bucket and scales to a nice top', () => {
    expect(h.bars.map((b) => b.value)).toEqual([0, 4, 8, 0.001])
    expect(h.top).toBe(10)
    expect(h.total).toBeCloseTo(12.001)
  })

  it.each<[number, { x: number; width: number; height: number; y: number }]>([
    [0, { x: 0, width: 98, height: 0, y: 100 }],
    [1, { x: 100, width: 98, height: 40, y: 60 }],
    [2, { x: 200, width: 98, height: 80, y: 20 }],
    [3, { x: 300, width: 98, height: 1, y: 99 }], // a sliver still shows
  ])('bar %i geometry', (i, geometry) => {
    expect(h.bars[i]).toMatchObject(geometry)
  })

  it('gives each bar its bucket start and end', () => {
    expect(h.bars[1]).toMatchObject({ startMs: Date.UTC(2025, 0, 1, 1), endMs: Date.UTC(2025, 0, 1, 2) })
  })

  it.each<[string, HistogramInput]>([
    ['no buckets', { interval: 'day', buckets: [], series: [] }],
    ['no series', { interval: 'minute', buckets: hours(3), series: [] }],
  ])('%s: an empty chart with top 1', (_, empty) => {
    const e = buildHistogram(empty, { width: 100, height: 10 })
    expect(e.top).toBe(1)
    expect(e.total).toBe(0)
    expect(e.bars.every((b) => b.height === 0)).toBe(true)
  })

  it('keeps bars at least a pixel wide when buckets outnumber pixels', () => {
    const many = buildHistogram({ interval: 'minute', buckets: hours(500), series: [] }, { width: 100, height: 10 })
    expect(many.bars.every((b) => b.width >= 1)).toBe(true)
  })
})

describe('zoomChange and bucketLabel', () => {
  it('zooms the global range onto a bar and leaves the page', () => {
    expect(zoomChange({ startMs: 1000, endMs: 2000 })).toEqual({
      range: 'custom',
      from: '1000',
      to: '2000',
      cursor: undefined,
    })
  })
  it.each<['minute' | 'hour' | 'day', RegExp]>([
    ['minute', /^\d\d:\d\d$/],
    ['day', /^\d\d [A-Z][a-z]{2}$/],
  ])('%s label', (interval, shape) => {
    expect(bucketLabel(new Date(2025, 5, 3, 14, 30).getTime(), interval)).toMatch(shape)
  })
})
