/**
 * Prints one closing line, `tests: N passed, N failed, N skipped`, that CI reads as the count of
 * tests run, whatever runner output precedes it.
 */
import type { Reporter, TestModule } from 'vitest/node'

export interface RunCounts {
  passed: number
  failed: number
  skipped: number
}

/** The part of a finished test module that the counts need. */
type ModuleResult = Pick<TestModule, 'state'> & {
  children: { allTests(): Iterable<{ result(): { state: string } }> }
}

/**
 * Counts tests by state. A module that failed with none of its tests failing (an import error,
 * or a `beforeAll` that threw and left every test skipped) counts as one failure, so the line
 * never says "0 failed" for a run that failed.
 */
export function countResults(modules: ReadonlyArray<ModuleResult>, unhandledErrors = 0): RunCounts {
  const counts: RunCounts = { passed: 0, failed: unhandledErrors, skipped: 0 }
  for (const mod of modules) {
    let failedHere = 0
    for (const test of mod.children.allTests()) {
      const state = test.result().state
      if (state === 'passed') counts.passed++
      else if (state === 'failed') failedHere++
      else counts.skipped++
    }
    counts.failed += mod.state() === 'failed' && failedHere === 0 ? 1 : failedHere
  }
  return counts
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const { passed, failed, skipped } = countResults(testModules, unhandledErrors.length)
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
