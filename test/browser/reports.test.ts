/**
 * The Readiness and Drift views in headless Chromium against one real collector with a policy
 * file, fed through the real OTLP exporter with the runs of ./report-runs.ts: a careful and a
 * reckless admin agent for readiness, a steady and a slowed-down bot for drift. Asserts the
 * verdicts, the detail with its example-trace link, the drifted latency with its percentiles and
 * histogram, and no console errors; screenshots go to test/artifacts/.
 *
 * The collector serves ui/dist: build the UI first (`npm run build`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from '../utils/browser.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { POLICY_YAML, sendReportRuns, waitForReports, type SentReports } from './report-runs.ts'

let collector: RunningCollector
let browser: Browser
let context: BrowserContext
let sent: SentReports
const policyDir = mkdtempSync(join(tmpdir(), 'loupe-policy-'))
const policyFile = join(policyDir, 'policy.yaml')

beforeAll(async () => {
  writeFileSync(policyFile, POLICY_YAML)
  ;[collector, browser] = await Promise.all([
    startCollector({ env: { LOUPE_SETTLE_MS: '300', LOUPE_POLICY_FILE: policyFile } }),
    launchBrowser(),
  ])
  sent = await sendReportRuns(collector.url, Date.now())
  await waitForReports(collector.url)
  context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    baseURL: collector.url,
  })
  context.setDefaultTimeout(10_000)
})

afterAll(async () => {
  await browser?.close()
  if (collector) {
    await collector.stop()
    removeDataDir(collector.dataDir)
  }
  removeDataDir(policyDir)
})

/** A page that records console errors and uncaught exceptions. */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(path)
  return { page, errors }
}

const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 10_000 })

describe('the Readiness view', () => {
  it("shows fail for the reckless agent's approval and pass for the careful one, with the detail linking to a trace", async () => {
    const { page, errors } = await open('/readiness')
    const row = (agent: string) => page.locator(`[data-testid="readiness-row"][data-agent="${agent}"]`)
    const cell = (agent: string, check: string) =>
      row(agent).locator(`[data-testid="readiness-cell"][data-check="${check}"]`)
    await row('reckless_admin').waitFor()
    expect(await cell('reckless_admin', 'human-approval').getAttribute('data-verdict')).toBe('fail')
    expect(await cell('careful_admin', 'human-approval').getAttribute('data-verdict')).toBe('pass')
    expect(await cell('reckless_admin', 'cost-budget').getAttribute('data-verdict')).toBe('fail')
    expect(await cell('careful_admin', 'cost-budget').getAttribute('data-verdict')).toBe('pass')
    expect(await cell('careful_admin', 'guardrails').getAttribute('data-verdict')).toBe('pass')
    // the badge says it in words too, not only in colour
    expect(await cell('reckless_admin', 'human-approval').textContent()).toContain('fail')
    // worst first: the reckless agent is above the careful one
    const agents = await page
      .getByTestId('readiness-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agent')))
    expect(agents.indexOf('reckless_admin')).toBeLessThan(agents.indexOf('careful_admin'))

    const policy = page.getByTestId('readiness-policy')
    expect(await policy.textContent()).toContain(policyFile)
    expect(await policy.textContent()).toContain('$0.05')
    expect(await policy.textContent()).toContain('lookup_user, delete_user')
    expect(await page.getByTestId('readiness-coverage').textContent()).toMatch(/^(\d+) of \1 traces in range analysed$/)
    await screenshot(page, 'readiness')

    await cell('reckless_admin', 'human-approval').getByRole('button').click()
    const detail = page.locator('[data-testid="readiness-detail"][data-agent="reckless_admin"]')
    const approval = detail.locator('[data-testid="readiness-check"][data-check="human-approval"]')
    await approval.waitFor()
    expect(await approval.getAttribute('data-verdict')).toBe('fail')
    expect(await approval.getAttribute('aria-current')).toBe('true')
    expect(await approval.getByTestId('readiness-summary').textContent()).toMatch(
      /None of 3 risky tool calls \(delete_user\) was preceded by an approval gate/,
    )
    expect(await approval.locator('.rv-figures').textContent()).toContain('Gated share0%')
    expect(page.url()).toContain('check=human-approval')
    expect(new URL(page.url()).searchParams.get('row')).toBe('shop-api|reckless_admin')
    await screenshot(page, 'readiness-detail')

    // the selection survives a reload: it lives in the URL
    await page.reload()
    await approval.waitFor()

    const example = approval.getByTestId('readiness-example').first()
    const traceId = await example.getAttribute('data-trace-id')
    expect(sent.reckless).toContain(traceId)
    await example.click()
    await page.getByTestId('trace-header').waitFor()
    expect(new URL(page.url()).pathname).toBe(`/traces/${traceId}`)
    await poll(async () =>
      (await page.getByTestId('waterfall-row').allTextContents()).some((t) => t.includes('delete_user')),
    ).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })

  it('says what to send when the range has no traces', async () => {
    const { page, errors } = await open('/readiness?range=15m')
    const empty = page.getByTestId('readiness-empty')
    await empty.waitFor()
    expect(await empty.textContent()).toContain('No traces to check in this range')
    expect(await empty.textContent()).toContain('gen_ai.agent.name')
    expect(await page.getByTestId('readiness-matrix').count()).toBe(0)
    await screenshot(page, 'readiness-empty')
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('the Drift view', () => {
  it("lists the slowed agent's latency as drifted with its percentiles and histogram, and the steady agent as stable", async () => {
    const { page, errors } = await open('/drift')
    const group = (agent: string) =>
      page.locator(`[data-testid="drift-group"][data-agent="${agent}"][data-model="gpt-4o-mini"]`)
    const latency = (agent: string) => group(agent).locator('[data-testid="drift-feature"][data-feature="latency-ms"]')
    await group('slow_bot').waitFor()
    expect(await group('slow_bot').getAttribute('data-drifted')).toBe('true')
    expect(await latency('slow_bot').getAttribute('data-verdict')).toBe('drifted')
    expect(await latency('slow_bot').getByTestId('drift-p50').textContent()).toBe('419ms → 838ms +100%')
    expect(await latency('slow_bot').textContent()).toContain('120 / 120')
    expect(await group('steady_bot').getAttribute('data-drifted')).toBe('false')
    expect(await latency('steady_bot').getAttribute('data-verdict')).toBe('stable')
    expect(await latency('steady_bot').getByTestId('drift-p50').textContent()).toBe('419ms → 419ms 0%')
    // drifted groups come first
    const order = await page.getByTestId('drift-group').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-agent')))
    expect(order.indexOf('slow_bot')).toBeLessThan(order.indexOf('steady_bot'))
    expect(await page.getByTestId('drift-reference').textContent()).toMatch(/\(7 days\)$/)
    expect(await page.getByTestId('drift-current').textContent()).toMatch(/\(24 h\)$/)

    await latency('slow_bot')
      .getByRole('button', { name: /Latency/ })
      .click()
    const chart = group('slow_bot').getByTestId('drift-chart')
    await chart.waitFor()
    expect(await chart.getAttribute('data-kind')).toBe('log')
    await poll(() => chart.locator('svg .recharts-bar-rectangle').count()).toBeGreaterThan(0)
    expect(await chart.textContent()).toContain('Reference (n=120)')
    expect(page.url()).toContain('open=')
    await screenshot(page, 'drift')

    // the previous-period reference is the 24 hours before the range, where nothing was sent
    await page.getByTestId('drift-reference-mode').selectOption('previous')
    await poll(async () => (await page.getByTestId('drift-reference').textContent()) ?? '').toMatch(/\(24 h\)$/)
    await poll(() => latency('slow_bot').getAttribute('data-verdict')).toBe('insufficient')
    expect(errors).toEqual([])
    await page.close()
  })

  it('renders both views in the dark theme', async () => {
    const dark = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: 'dark',
      baseURL: collector.url,
    })
    const page = await dark.newPage()
    await page.goto('/drift')
    await page.locator('[data-testid="drift-group"][data-agent="slow_bot"]').first().waitFor({ timeout: 10_000 })
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark')
    await screenshot(page, 'drift-dark')
    await page.goto('/readiness')
    await page.getByTestId('readiness-matrix').waitFor({ timeout: 10_000 })
    await screenshot(page, 'readiness-dark')
    await dark.close()
  })
})
