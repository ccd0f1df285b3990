import { describe, expect, it } from 'vitest'
import { DEFAULT_DELIVERY, nextAttemptAt } from './deliver.ts'

describe('nextAttemptAt', () => {
  const fired = Date.parse('2026-12-05T00:00:00Z')

  it('backs off exponentially from one second, up to a ceiling', () => {
    const delays = [1, 2, 3, 4, 5, 12].map((n) => nextAttemptAt(n, fired, fired, DEFAULT_DELIVERY)! - fired)
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 15 * 60_000])
  })

  it('gives up once the next attempt would fall more than 24 hours after the alert fired', () => {
    const late = fired + 24 * 3_600_000 - 500
    expect(nextAttemptAt(1, fired, late - 1000, DEFAULT_DELIVERY)).toBe(late)
    expect(nextAttemptAt(1, fired, late, DEFAULT_DELIVERY)).toBeNull()
  })
})
