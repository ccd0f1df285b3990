import { describe, expect, it } from 'vitest'
import { SpanId, TraceId } from './ids.ts'

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
})
