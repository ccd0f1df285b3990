import { describe, expect, it } from 'vitest'
import { fnv1a } from './fnv.ts'

describe('fnv1a', () => {
  // the published 32-bit FNV-1a test vectors (ASCII, so code units are the bytes)
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('fnv1a(%j) = %i', (s, h) => {
    expect(fnv1a(s)).toBe(h)
  })
})
