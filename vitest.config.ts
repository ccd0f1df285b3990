import { defineConfig } from 'vitest/config'

/**
 * Three projects: `unit` (co-located *.test.ts, pure code, no processes), `integration`
 * (test/**, real collectors on the embedded engine) and `browser` (test/browser/**: the built UI
 * in headless Chromium against a real collector). Each test file runs in its own forked process
 * because the embedded engine binds one data directory per process.
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/utils/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['schema/src/**/*.test.ts', 'collector/src/**/*.test.ts', 'ui/src/**/*.test.ts'],
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
