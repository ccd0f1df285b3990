import { describe, expect, it } from 'vitest'
import { compareUnixNano, SpanId, TraceId } from './ids.ts'

describe('ids', () => {
  it.each([
    ['0af7651916cd43dd8448eb211c80319c', true],
    ['0AF7651916CD43DD8448EB211C80319C', false],
    ['0af7651916cd43dd8448eb211c8031', false],
  ])('trace id %s valid=%s', (id, ok) => {
    expect(TraceId.safeParse(id).success).toBe(ok)
  })
  it('span id is 16 hex', () => {
    expect(SpanId.safeParse('b7ad6b7169203331').success).toBe(true)
    expect(SpanId.safeParse('b7ad6b71692033').success).toBe(false)
  })
  it.each([
    ['1764690000000000001', '1764690000000000002', -1],
    ['1764690000000000002', '1764690000000000001', 1],
    ['1764690000000000001', '1764690000000000001', 0],
    // past 2^53, where Number would call these equal
    ['9007199254740993', '9007199254740992', 1],
    // lengths differ: compared as numbers, leading zeros included
    ['999999999', '1000000000', -1],
    ['0', '1764690000000000000', -1],
    ['0001', '2', -1],
    ['0002', '2', 0],
  ])('compareUnixNano(%s, %s) is %i', (a, b, sign) => {
    expect(compareUnixNano(a, b)).toBe(sign)
  })
})
