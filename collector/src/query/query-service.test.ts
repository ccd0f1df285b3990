import { describe, expect, it } from 'vitest'
import { newestFirstWindows } from './query-service.ts'

const DAY = 86_400_000

describe('newestFirstWindows', () => {
  it.each([
    [1, [[0, 1]]],
    [0.5, [[0, 0.5]]],
    [
      30,
      [
        [29, 30],
        [27, 29],
        [23, 27],
        [15, 23],
        [0, 15],
      ],
    ],
  ])('cuts %s days into newest-first windows', (days, expected) => {
    const windows = newestFirstWindows({ fromMs: 0, toMs: days * DAY })
    expect(windows.map((w) => [w.fromMs / DAY, w.toMs / DAY])).toEqual(expected)
  })
})
