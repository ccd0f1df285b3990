/**
 * The readiness report end to end: scripted agents with and without each safeguard, sent through
 * the real OTLP exporter (test/fixtures/readiness-agents.ts), judged against a YAML policy file.
 * Every checklist item has a safe and an unsafe agent, and the unsafe verdict's figures and
 * example traces point at the run that misbehaved. Then: filters, bad parameters, a JSON policy
 * with the env budget, and the start-up failure on a bad policy file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AlertsResponse,
  ReadinessResponse,
  type CheckId,
  type ReadinessAgent,
  type ReadinessCheck,
  type Verdict,
} from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_RISKY_TOOL_PATTERNS } from '../../collector/src/readiness/risky-tools.ts'
import { ENV_BUDGET_USD, POLICY_YAML, RUNS, sendRuns, waitForSettled } from '../fixtures/readiness-agents.ts'
import { getJson } from '../utils/agent-exporter.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { until } from '../utils/until.ts'
import { startReceiver, type Receiver } from '../utils/webhook-receiver.ts'

const HOUR = 3_600_000

function policyFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'loupe-policy-')), name)
  writeFileSync(file, text)
  return file
}

async function report(c: RunningCollector, query = ''): Promise<ReadinessResponse> {
  const res = await fetch(`${c.url}/api/reports/readiness${query}`)
  if (res.status !== 200) throw new Error(`readiness${query}: ${res.status} ${await res.text()}`)
  return ReadinessResponse.parse(await res.json())
}

function check(r: ReadinessResponse, agentName: string, id: CheckId): ReadinessCheck & { agent: ReadinessAgent } {
  const agent = r.agents.find((a) => a.agentName === agentName)
  if (!agent) throw new Error(`no row for agent ${agentName}: ${r.agents.map((a) => a.agentName).join(', ')}`)
  return { ...agent.checks.find((c) => c.id === id)!, agent }
}

describe('readiness report', () => {
  let c: RunningCollector
  let ids: Record<string, string> = {}
  let full: ReadinessResponse
  let file = ''
  let receiver: Receiver
  const id = (key: string): string => ids[key] ?? `missing run ${key}`

  beforeAll(async () => {
    file = policyFile('policy.yaml', POLICY_YAML)
    receiver = await startReceiver()
    const rules = policyFile(
      'alerts.yaml',
      `channels: { ops: { type: webhook, url: "${receiver.url}" } }
rules:
  - { name: no-step-limit, when: { readiness: { check: step-limit } }, notify: [ops] }
  - { name: blind-agent, when: { readiness: { check: observability, agent: blind } }, notify: [ops] }
`,
    )
    c = await startCollector({
      env: {
        LOUPE_SETTLE_MS: '300',
        LOUPE_POLICY_FILE: file,
        LOUPE_BUDGET_USD: ENV_BUDGET_USD,
        LOUPE_ALERTS_FILE: rules,
        LOUPE_ALERTS_SCHEDULED_MS: '1000',
      },
    })
    ids = await sendRuns(c.url, RUNS, Date.now() - 2 * HOUR)
    await waitForSettled(c.url, RUNS, ids)
    full = await report(c)
  })
  afterAll(async () => {
    await c.stop()
    await receiver.close()
    removeDataDir(c.dataDir)
  })

  it('fires a readiness rule for each agent whose check fails, on the schedule', async () => {
    const alerts = await until(
      () => getJson(`${c.url}/api/alerts?from=${Date.now() - HOUR}`, AlertsResponse),
      (r) => r.alerts.length === 2 && r.alerts.every((a) => a.deliveries[0]?.status === 'delivered'),
      { what: 'two readiness alerts, delivered' },
    )
    const fired = alerts.alerts.map((a) => [a.rule, a.subject.value]).sort()
    expect(fired).toEqual([
      ['blind-agent', 'blind'],
      ['no-step-limit', 'reckless'],
    ])
    const stepLimit = alerts.alerts.find((a) => a.rule === 'no-step-limit')!
    expect(stepLimit.message).toMatch(/^agent reckless \(shop-api\) fails readiness check /)
    expect(stepLimit.link).toMatch(/\/readiness$/)
    expect(receiver.accepted()).toHaveLength(2)
  })

  // [check, safe agent, its verdict, unsafe agent, its verdict, the unsafe runs (exactly the examples), unsafe figures]
  it.each<[CheckId, string, Verdict, string, Verdict, string[], Record<string, number>]>([
    ['step-limit', 'careful', 'pass', 'reckless', 'fail', ['recklessRunaway'], { stepsMax: 30, maxSteps: 12 }],
    [
      'cost-budget',
      'careful',
      'pass',
      'reckless',
      'fail',
      ['recklessExpensive'],
      { budgetUsd: 0.1, tracesOverBudget: 1, costMaxUsd: 0.12 },
    ],
    [
      'tool-timeouts',
      'careful',
      'pass',
      'reckless',
      'fail',
      ['recklessSlow'],
      { timeoutMs: 10_000, callsOverTimeout: 1, durationMaxMs: 40_000 },
    ],
    [
      'human-approval',
      'careful',
      'pass',
      'reckless',
      'fail',
      ['recklessRisky'],
      { riskyCalls: 1, ungatedCalls: 1, gatedCalls: 0 },
    ],
    [
      'tool-allowlist',
      'careful',
      'pass',
      'reckless',
      'fail',
      ['recklessOffList'],
      { toolsOutsideAllowlist: 1, callsOutsideAllowlist: 1 },
    ],
    ['observability', 'explorer', 'pass', 'blind', 'fail', ['blind'], { llmCoverage: 0, toolCoverage: 0 }],
    [
      'graceful-degradation',
      'careful',
      'pass',
      'reckless',
      'fail',
      ['recklessCrash', 'recklessHammer', 'recklessNoFallback'],
      { failedOutright: 3, recovered: 0 },
    ],
    [
      'rate-limiting',
      'careful',
      'pass',
      'reckless',
      'fail',
      ['recklessHammer'],
      { rateLimited: 4, retried: 3, notRetried: 1, immediateRetries: 3, chainsBackingOff: 0 },
    ],
    [
      'fallback',
      'careful',
      'pass',
      'reckless',
      'fail',
      ['recklessHammer', 'recklessNoFallback'],
      { fellBack: 0, retried: 0 },
    ],
    ['guardrails', 'careful', 'pass', 'reckless', 'warn', [], { guardrailSpans: 0 }],
  ])(
    '%s: %s is %s, %s is %s with figures and examples pointing at the offending runs',
    (checkId, safe, safeVerdict, unsafe, unsafeVerdict, runs, figures) => {
      expect(check(full, safe, checkId).verdict).toBe(safeVerdict)
      const bad = check(full, unsafe, checkId)
      expect(bad.verdict).toBe(unsafeVerdict)
      expect(bad.figures).toMatchObject(figures)
      expect([...bad.exampleTraceIds].sort()).toEqual(runs.map(id).sort())
      expect(bad.summary.length).toBeGreaterThan(0)
    },
  )

  it('shows what made the safe agent pass, with its own runs as examples', () => {
    expect(check(full, 'careful', 'human-approval')).toMatchObject({
      figures: { riskyCalls: 1, gatedCalls: 1 },
      exampleTraceIds: [id('carefulHappy')],
    })
    expect(check(full, 'careful', 'rate-limiting')).toMatchObject({
      figures: { rateLimited: 1, chainsBackingOff: 1, spacingMinMs: 2000 },
      exampleTraceIds: [id('carefulBackoff')],
    })
    expect(check(full, 'careful', 'fallback').figures).toMatchObject({
      llmErrors: 2,
      fellBack: 1,
      retried: 1,
      unrecovered: 0,
    })
    expect(check(full, 'careful', 'tool-timeouts').figures).toMatchObject({ timeoutErrors: 1, callsOverTimeout: 0 })
    expect(check(full, 'careful', 'graceful-degradation').figures).toMatchObject({
      tracesWithStepFailures: 3,
      recovered: 3,
    })
    expect(check(full, 'careful', 'step-limit').figures).toMatchObject({ stepsMax: 4, maxSteps: 12 })
    const careful = RUNS.filter((r) => r.agent === 'careful').map((r) => id(r.key))
    for (const each of check(full, 'careful', 'guardrails').agent.checks)
      for (const t of each.exampleTraceIds) expect(careful).toContain(t)
  })

  // A failed LLM call (429, 500) bills no tokens: careful's two failed calls are not missing usage.
  it("does not count failed LLM calls as missing token usage, nor a blind agent's zero cost as within budget", () => {
    expect(check(full, 'careful', 'observability').verdict).toBe('pass')
    expect(check(full, 'blind', 'cost-budget')).toMatchObject({
      verdict: 'unknown',
      figures: { callsWithoutUsage: expect.any(Number) },
    })
  })

  it('is unknown where nothing can be judged, and applies per-agent policy entries', () => {
    // explorer: budgetUsd and allowedTools cleared in its entry; no errors of any kind
    expect(check(full, 'explorer', 'cost-budget')).toMatchObject({ verdict: 'unknown', figures: { budgetUsd: null } })
    expect(check(full, 'explorer', 'tool-allowlist')).toMatchObject({
      verdict: 'unknown',
      figures: { toolsOutsideAllowlist: null },
    })
    expect(check(full, 'explorer', 'fallback').verdict).toBe('unknown')
    expect(check(full, 'explorer', 'graceful-degradation').verdict).toBe('unknown')
    // analyst: $0.30 traces, over the top-level $0.10 but under its own $1
    expect(check(full, 'analyst', 'cost-budget')).toMatchObject({
      verdict: 'pass',
      figures: { budgetUsd: 1, costMaxUsd: 0.3, tracesOverBudget: 0 },
    })
  })

  it('reports the policy in force: the file over the env, and the agents with their own entry', () => {
    expect(full.policy).toEqual({
      source: file,
      budgetUsd: 0.1,
      toolTimeoutMs: 10_000,
      riskyToolPatterns: [...DEFAULT_RISKY_TOOL_PATTERNS],
      allowedTools: ['search_*', 'lookup_*', 'get_order', 'send_email'],
      agents: ['analyst', 'explorer'],
    })
  })

  it('has one row per service and agent, worst first, each with the ten checks', () => {
    expect(full).toMatchObject({ tracesInRange: RUNS.length, tracesAnalysed: RUNS.length })
    const rows = full.agents.map((a) => `${a.serviceName}/${a.agentName}`)
    expect([...rows].sort()).toEqual([
      'legacy-api/blind',
      'ops-api/analyst',
      'ops-api/explorer',
      'shop-api/careful',
      'shop-api/reckless',
    ])
    const rank = { fail: 0, warn: 1, unknown: 2, pass: 3 }
    for (const [i, a] of full.agents.entries()) {
      expect(a.checks).toHaveLength(10)
      expect(a.counts.pass + a.counts.warn + a.counts.fail + a.counts.unknown).toBe(10)
      expect(rank[a.verdict]).toBe(Math.min(...a.checks.map((c) => rank[c.verdict])))
      if (i > 0) expect(rank[a.verdict]).toBeGreaterThanOrEqual(rank[full.agents[i - 1]!.verdict])
    }
    const reckless = full.agents.find((a) => a.agentName === 'reckless')!
    expect(reckless).toMatchObject({ traces: 8, verdict: 'fail' })
    expect(reckless.counts.fail).toBeGreaterThanOrEqual(8)
  })

  it('filters by service and agent, counting only the matching traces', async () => {
    const ops = await report(c, '?service=ops-api')
    expect(ops.agents.map((a) => a.agentName).sort()).toEqual(['analyst', 'explorer'])
    expect(ops).toMatchObject({ tracesInRange: 3, tracesAnalysed: 3 })
    const careful = await report(c, '?agent=careful')
    expect(careful.agents.map((a) => a.agentName)).toEqual(['careful'])
    expect(careful.tracesInRange).toBe(4)
    expect(careful.agents[0]!.checks).toEqual(check(full, 'careful', 'step-limit').agent.checks)
    // one agent's report states that agent's policy
    expect((await report(c, '?agent=analyst')).policy.budgetUsd).toBe(1)
    expect((await report(c, '?service=shop-api&agent=reckless')).tracesInRange).toBe(8)
    expect((await report(c, '?service=ops-api&agent=reckless')).agents).toEqual([])
    const empty = await report(c, `?from=${Date.now() - HOUR}`)
    expect(empty).toMatchObject({ tracesInRange: 0, tracesAnalysed: 0, agents: [] })
  })

  it.each([
    ['?agent=', /^invalid query parameter agent:/],
    ['?service=shop-api&verdict=fail', /^unknown query parameter verdict;/],
    ['?from=yesterday', /^invalid query parameter from:/],
    [`?from=${Date.now()}&to=${Date.now() - HOUR}`, /^invalid query: from .* must be before to/],
  ])('answers 400 to %s naming the parameter', async (query, message) => {
    const res = await fetch(`${c.url}/api/reports/readiness${query}`)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(message)
  })
})

describe('readiness policy from a JSON file and the env', () => {
  it('replaces the risky patterns, keeps the env budget, and applies an agent entry', async () => {
    const file = policyFile(
      'policy.json',
      JSON.stringify({
        toolTimeoutMs: 60_000,
        riskyTools: ['/^scrape_/'],
        agents: { reckless: { budgetUsd: 0.5 } },
      }),
    )
    const runs = RUNS.filter((r) =>
      ['recklessSlow', 'recklessExpensive', 'recklessOffList', 'recklessRisky', 'explorer'].includes(r.key),
    )
    const c = await startCollector({
      env: { LOUPE_SETTLE_MS: '300', LOUPE_POLICY_FILE: file, LOUPE_BUDGET_USD: ENV_BUDGET_USD },
    })
    try {
      const ids = await sendRuns(c.url, runs, Date.now() - 2 * HOUR)
      await waitForSettled(c.url, runs, ids)
      const r = await report(c)
      expect(r.policy).toMatchObject({
        source: file,
        budgetUsd: 0.05,
        toolTimeoutMs: 60_000,
        riskyToolPatterns: ['/^scrape_/'],
        allowedTools: null,
        agents: ['reckless'],
      })
      // 40 s is under the 60 s timeout; $0.12 is under reckless' own $0.50
      expect(check(r, 'reckless', 'tool-timeouts')).toMatchObject({ verdict: 'pass', figures: { timeoutMs: 60_000 } })
      expect(check(r, 'reckless', 'cost-budget')).toMatchObject({ verdict: 'pass', figures: { budgetUsd: 0.5 } })
      // send_email is no longer risky, scrape_site is, and nothing approved it
      expect(check(r, 'reckless', 'human-approval')).toMatchObject({
        verdict: 'fail',
        figures: { riskyCalls: 1 },
        exampleTraceIds: [ids['recklessOffList']],
      })
      expect(check(r, 'reckless', 'tool-allowlist').verdict).toBe('unknown')
      // explorer has no entry: the env budget applies
      expect(check(r, 'explorer', 'cost-budget')).toMatchObject({ verdict: 'pass', figures: { budgetUsd: 0.05 } })
    } finally {
      await c.stop()
      removeDataDir(c.dataDir)
    }
  })

  it.each([
    [
      'policy.yaml',
      'agents:\n  planner:\n    maxStep: 3\n',
      /LOUPE_POLICY_FILE \S+policy\.yaml: agents\.planner\.maxStep: unknown key/,
    ],
    ['policy.json', '{"budgetUsd": -1}', /LOUPE_POLICY_FILE \S+policy\.json: budgetUsd: must be positive/],
    ['policy.yaml', null, /LOUPE_POLICY_FILE \S+missing\.yaml: cannot read it/],
  ])('stops start-up on a bad %s, exiting non-zero and naming the field', async (name, text, message) => {
    const file = text === null ? join(tmpdir(), 'loupe-no-such-dir', 'missing.yaml') : policyFile(name, text)
    const start = startCollector({ env: { LOUPE_POLICY_FILE: file } })
    await expect(start).rejects.toThrow(/collector exited with 1 before listening/)
    await expect(start).rejects.toThrow(message)
  })
})
