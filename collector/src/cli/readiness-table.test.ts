import type { ReadinessResponse } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { agentLabel, failingChecks, readinessTable } from './readiness-table.ts'
import { READINESS, tid } from './testing.ts'

describe('readinessTable', () => {
  const lines = readinessTable(READINESS).split('\n')

  it('has a row per agent: service, agent, overall verdict, then a verdict per check in checklist order', () => {
    expect(lines[0]).toMatch(
      /^service +agent +verdict +step-limit +cost-budget +tool-timeouts +human-approval +tool-allowlist +observability +graceful-degradation +rate-limiting +fallback +guardrails$/,
    )
    expect(lines[1]).toMatch(
      /^shop-api +reckless +fail +fail +unknown +pass +pass +pass +pass +pass +pass +pass +warn$/,
    )
    expect(lines[2]).toMatch(/^shop-api +careful +unknown +pass +unknown( +pass){8}$/)
    // each verdict sits under its check's header
    expect(lines[1]!.indexOf('warn')).toBe(lines[0]!.indexOf('guardrails'))
  })

  it('then lists the failing and warning checks, fails first, with summaries and whole trace ids', () => {
    expect(lines.slice(3)).toEqual([
      '',
      'Failing checks:',
      '',
      'shop-api / reckless',
      '  fail  Step limit',
      '        The longest run took 30 steps; the limit is 12.',
      `        traces: ${tid(1)}, ${tid(2)}`,
      '  warn  Guardrails',
      '        No guardrail spans, in 8 traces.',
      '',
    ])
  })

  it('says so when nothing failed or warned', () => {
    const careful = { ...READINESS, agents: READINESS.agents.slice(1) }
    expect(readinessTable(careful).split('\n').slice(-3)).toEqual(['', 'No check failed or warned.', ''])
  })

  it('shows a check the server left out as a dash, keeping the columns in place', () => {
    const [reckless] = READINESS.agents
    const partial: ReadinessResponse = {
      ...READINESS,
      agents: [{ ...reckless!, checks: reckless!.checks.filter((c) => c.id !== 'cost-budget') }],
    }
    expect(readinessTable(partial).split('\n')[1]).toMatch(/^shop-api +reckless +fail +fail +- +pass/)
  })
})

describe('helpers', () => {
  it('orders failing checks fail, then warn, and leaves out unknown and pass', () => {
    const guardrailsFirst = { ...READINESS.agents[0]!, checks: [...READINESS.agents[0]!.checks].reverse() }
    expect(failingChecks(guardrailsFirst).map((c) => c.id)).toEqual(['step-limit', 'guardrails'])
  })

  it.each([
    [{ serviceName: 'shop-api', agentName: 'planner' }, 'shop-api / planner'],
    [{ serviceName: 'shop-api', agentName: '' }, 'shop-api / (none)'],
  ])('agentLabel(%j) = %s', (agent, label) => {
    expect(agentLabel(agent)).toBe(label)
  })
})
