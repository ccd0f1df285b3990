import type { ReadinessResponse } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { driftGate, readinessGate } from './gate.ts'
import { DRIFT, READINESS } from './testing.ts'

const careful: ReadinessResponse = { ...READINESS, agents: READINESS.agents.slice(1) }
const empty: ReadinessResponse = { ...READINESS, agents: [] }

describe('readinessGate', () => {
  it.each([
    [READINESS, 'fail', '--fail-on fail: 1 check failed (shop-api / reckless: step-limit fail)'],
    [
      READINESS,
      'warn',
      '--fail-on warn: 2 checks failed or warned (shop-api / reckless: step-limit fail, guardrails warn)',
    ],
    // careful has an unknown check: that never trips the gate
    [careful, 'fail', null],
    [careful, 'warn', null],
    // no traces in the range: nothing failed
    [empty, 'fail', null],
  ] as const)('%#: --fail-on %s', (report, failOn, message) => {
    expect(readinessGate(report, failOn)).toBe(message)
  })

  it('names every agent that tripped it', () => {
    const [reckless] = READINESS.agents
    const two = { ...READINESS, agents: [reckless!, { ...reckless!, serviceName: 'ops-api', agentName: '' }] }
    expect(readinessGate(two, 'fail')).toBe(
      '--fail-on fail: 2 checks failed (shop-api / reckless: step-limit fail; ops-api / (none): step-limit fail)',
    )
  })
})

describe('driftGate', () => {
  it('names the drifted features', () => {
    expect(driftGate(DRIFT)).toBe('--fail-on drift: 1 feature drifted (planner gpt-4o latency-ms)')
  })

  it('passes when nothing drifted, insufficient data included', () => {
    const [first, second] = DRIFT.groups
    const calm = {
      ...DRIFT,
      groups: [{ ...first!, drifted: false, features: first!.features.filter((f) => !f.drifted) }, second!],
    }
    expect(driftGate(calm)).toBeNull()
    expect(driftGate({ ...DRIFT, groups: [] })).toBeNull()
  })
})
