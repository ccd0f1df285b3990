import { CHECK_IDS, type ReadinessAgent, type ReadinessCheck, type Verdict } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import {
  coverageText,
  figureLabel,
  formatCell,
  formatFigure,
  matrixRows,
  parseReadinessState,
  parseRowKey,
  policyLines,
  rowKey,
  selectedRow,
  unitOf,
  verdictTotals,
  type ReadinessState,
} from './readiness-view.ts'

const check = (id: ReadinessCheck['id'], verdict: Verdict): ReadinessCheck => ({
  id,
  title: id,
  verdict,
  summary: `${id} is ${verdict}`,
  figures: {},
  exampleTraceIds: [],
})

function agent(
  serviceName: string,
  agentName: string,
  verdicts: Partial<Record<ReadinessCheck['id'], Verdict>>,
): ReadinessAgent {
  const checks = Object.entries(verdicts).map(([id, v]) => check(id as ReadinessCheck['id'], v))
  const counts = { pass: 0, warn: 0, fail: 0, unknown: 0 }
  for (const c of checks) counts[c.verdict] += 1
  const rank = { fail: 3, warn: 2, unknown: 1, pass: 0 }
  const verdict = checks.reduce<Verdict>((w, c) => (rank[c.verdict] > rank[w] ? c.verdict : w), 'pass')
  return { serviceName, agentName, traces: 1, spans: 1, verdict, counts, checks }
}

describe('parseReadinessState', () => {
  it.each<[string, ReadinessState]>([
    ['', { filters: {} }],
    ['service=%20api%20&agent=planner', { filters: { service: 'api', agent: 'planner' } }],
    ['row=api%7Cplanner&check=human-approval', { filters: {}, row: 'api|planner', check: 'human-approval' }],
    ['row=nokey&check=bogus', { filters: {} }],
    ['row=api%7C', { filters: {}, row: 'api|' }],
  ])('%s', (search, want) => {
    expect(parseReadinessState(new URLSearchParams(search))).toEqual(want)
  })
})

describe('rowKey', () => {
  it.each([
    ['api', 'planner'],
    ['a|b', 'c/d e'],
    ['svc', ''],
  ])('round-trips %j / %j', (serviceName, agentName) => {
    expect(parseRowKey(rowKey({ serviceName, agentName }))).toEqual({ serviceName, agentName })
  })
  it('rejects a key that is not two parts', () => {
    expect(parseRowKey('a|b|c')).toBeUndefined()
    expect(parseRowKey('%E0%A4%A|x')).toBeUndefined()
  })
})

describe('matrixRows', () => {
  const careful = agent('shop', 'careful', { 'human-approval': 'pass', guardrails: 'pass' })
  const reckless = agent('shop', 'reckless', { 'human-approval': 'fail', 'cost-budget': 'fail', guardrails: 'unknown' })
  const warned = agent('api', 'warned', { 'step-limit': 'warn' })
  const unsure = agent('api', '', { 'step-limit': 'unknown', fallback: 'unknown' })
  const rows = matrixRows([careful, unsure, warned, reckless])
  it('sorts worst first, unknown between warn and pass', () => {
    expect(rows.map((r) => r.label)).toEqual(['shop / reckless', 'api / warned', 'api / (no agent)', 'shop / careful'])
  })
  it('has a cell for each of the ten checks, in the report order, empty when the check is missing', () => {
    const r = rows[0]!
    expect(r.cells.map((c) => c.id)).toEqual([...CHECK_IDS])
    expect(r.cells.find((c) => c.id === 'human-approval')?.check?.verdict).toBe('fail')
    expect(r.cells.find((c) => c.id === 'step-limit')?.check).toBeUndefined()
  })
  it('breaks ties on the number of fails', () => {
    const one = agent('b', 'one', { fallback: 'fail' })
    const two = agent('a', 'two', { fallback: 'fail', guardrails: 'fail' })
    expect(matrixRows([one, two]).map((r) => r.agentName)).toEqual(['two', 'one'])
  })
  it('finds the selected row by key', () => {
    expect(selectedRow(rows, 'shop|careful')?.agent).toBe(careful)
    expect(selectedRow(rows, 'shop|gone')).toBeUndefined()
    expect(selectedRow(rows, undefined)).toBeUndefined()
  })
  it('totals the verdicts', () => {
    expect(verdictTotals([careful, reckless, warned, unsure])).toEqual({ pass: 2, warn: 1, fail: 2, unknown: 3 })
  })
})

describe('figures', () => {
  it.each<[string, ReturnType<typeof unitOf>]>([
    ['costP95Usd', 'usd'],
    ['budgetUsd', 'usd'],
    ['cost', 'usd'],
    ['toolP95Ms', 'ms'],
    ['timeoutMs', 'ms'],
    ['p95 ms', 'ms'],
    ['min spacing ms', 'ms'],
    ['gatedShare', 'share'],
    ['errorRate', 'share'],
    ['llmCoverage', 'share'],
    ['rateLimitErrors', 'number'],
    ['stepsP95', 'number'],
    ['calls', 'number'],
    ['tracesOverBudget', 'number'],
    ['over timeout', 'number'],
    ['timeoutErrors', 'number'],
  ])('%s is %s', (name, unit) => {
    expect(unitOf(name)).toBe(unit)
  })
  it.each<[string, number | null, string]>([
    ['costP95Usd', 0.0526, '$0.053'],
    ['toolP95Ms', 1500, '1.50s'],
    ['approvedShare', 0.25, '25%'],
    ['approvedShare', 1, '100%'],
    ['approvedShare', 0.004, '0.4%'],
    ['stepsP95', 14, '14'],
    ['stepsP95', 13.456, '13.5'],
    ['calls', 12_345, '12,345'],
    ['limitErrors', null, '—'],
  ])('%s %s → %s', (name, v, s) => {
    expect(formatFigure(name, v)).toBe(s)
  })
  it.each([
    ['stepsP95', 'Steps p95'],
    ['toolP95Ms', 'Tool p95'],
    ['costP95Usd', 'Cost p95'],
    ['budgetUsd', 'Budget'],
    ['risky_calls', 'Risky calls'],
    ['ms', 'Ms'],
    ['llmWithModelAndTokens', 'LLM with model and tokens'],
  ])('%s reads as %s', (name, label) => {
    expect(figureLabel(name)).toBe(label)
  })
  it('formats table cells by their column', () => {
    expect(formatCell('p95 ms', 30_500)).toBe('30.5s')
    expect(formatCell('cost USD', 2)).toBe('$2.00')
    expect(formatCell('tool', 'delete_user')).toBe('delete_user')
    expect(formatCell('calls', null)).toBe('—')
  })
})

describe('policy and coverage', () => {
  it('says what missing settings mean', () => {
    expect(
      policyLines({
        source: null,
        budgetUsd: null,
        toolTimeoutMs: 30_000,
        riskyToolPatterns: ['delete'],
        allowedTools: null,
        agents: [],
      }),
    ).toEqual([
      { label: 'Source', value: 'defaults and environment (no policy file)' },
      { label: 'Budget per trace', value: 'none set' },
      { label: 'Tool timeout', value: '30.0s' },
      { label: 'Risky tools', value: 'delete' },
      { label: 'Allowed tools', value: 'any (no allowlist)' },
      { label: 'Agent overrides', value: 'none' },
    ])
  })
  it('lists a configured policy', () => {
    const lines = policyLines({
      source: '/etc/loupe/policy.yaml',
      budgetUsd: 0.5,
      toolTimeoutMs: 5000,
      riskyToolPatterns: [],
      allowedTools: ['search_*'],
      agents: ['planner'],
    })
    expect(lines.map((l) => l.value)).toEqual([
      '/etc/loupe/policy.yaml',
      '$0.50',
      '5.00s',
      'none',
      'search_*',
      'planner',
    ])
  })
  it.each([
    [12, 12, '12 of 12 traces in range analysed'],
    [1, 1, '1 of 1 trace in range analysed'],
    [500, 1234, '500 of 1,234 traces in range analysed (the newest)'],
  ])('%i of %i', (tracesAnalysed, tracesInRange, text) => {
    expect(coverageText({ tracesAnalysed, tracesInRange })).toBe(text)
  })
})
