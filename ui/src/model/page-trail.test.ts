import { describe, expect, it } from 'vitest'
import { pageNumber, previousPage, withNextPage, type PageTrail } from './page-trail.ts'

/** first page → a → b → c */
const trail: PageTrail = withNextPage(withNextPage(withNextPage(new Map(), undefined, 'a'), 'a', 'b'), 'b', 'c')

describe('page trail', () => {
  it.each<[string | undefined, number | null]>([
    [undefined, 1],
    ['a', 2],
    ['b', 3],
    ['c', 4],
    ['zz', null],
  ])('pageNumber(%j) = %j', (cursor, n) => {
    expect(pageNumber(trail, cursor)).toBe(n)
  })

  it.each<[string | undefined, { cursor: string | undefined } | null]>([
    [undefined, null],
    ['a', { cursor: undefined }],
    ['c', { cursor: 'b' }],
    ['zz', null],
  ])('previousPage(%j)', (cursor, expected) => {
    expect(previousPage(trail, cursor)).toEqual(expected)
  })

  it('does not change the trail it is given', () => {
    const before = new Map(trail)
    withNextPage(trail, 'c', 'd')
    expect(new Map(trail)).toEqual(before)
  })

  it('stops on a cycle instead of looping', () => {
    const cyclic = withNextPage(withNextPage(new Map(), 'y', 'x'), 'x', 'y')
    expect(pageNumber(cyclic, 'x')).toBeNull()
  })

  it('keeps a bounded number of entries', () => {
    let t: PageTrail = new Map()
    for (let i = 0; i < 1100; i++) t = withNextPage(t, i === 0 ? undefined : `c${i - 1}`, `c${i}`)
    expect(t.size).toBe(1000)
    expect(pageNumber(t, 'c1099')).toBeNull() // the early pages were forgotten
    expect(previousPage(t, 'c1099')).toEqual({ cursor: 'c1098' })
  })
})
