import { describe, expect, it } from 'vitest'
import { countResults } from './summary-reporter.ts'

const mod = (state: string, tests: string[]) => ({
  state: () => state as 'passed',
  children: { allTests: () => tests.map((s) => ({ result: () => ({ state: s }) })) },
})

describe('countResults', () => {
  it('counts tests by state', () => {
    expect(countResults([mod('passed', ['passed', 'passed', 'skipped']), mod('failed', ['failed', 'passed'])])).toEqual(
      { passed: 3, failed: 1, skipped: 1 },
    )
  })

  it('counts a module that failed with no failing test (a beforeAll that threw) as one failure', () => {
    expect(countResults([mod('failed', ['skipped', 'skipped']), mod('failed', [])])).toEqual({
      passed: 0,
      failed: 2,
      skipped: 2,
    })
  })

  it('counts errors outside any test as failures', () => {
    expect(countResults([mod('passed', ['passed'])], 2)).toEqual({ passed: 1, failed: 2, skipped: 0 })
  })
})
