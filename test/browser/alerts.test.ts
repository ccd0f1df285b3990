/**
 * Alerts in the browser, from a real OTLP export to a local webhook receiver on 127.0.0.1:
 * - with the Alerts page open, an agent's trace crosses a trace-cost rule; without a reload the
 *   navigation gains its firing marker, the rule turns firing (the other rule stays ok) and the
 *   alert appears, its webhook delivery turning delivered; the subject's link opens the trace;
 * - a channel's "Send test" reports delivered, and the receiver got the test message;
 * - a collector without a rules file says how to set LOUPE_ALERTS_FILE, and shows no marker.
 *
 * The trace fires as soon as the collector has read it (about a second after it arrives), long
 * before its settle delay; every wait is for what the page shows.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { context, trace } from '@opentelemetry/api'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from '../utils/browser.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { startReceiver, type Receiver } from '../utils/webhook-receiver.ts'

/** room for the collector's ~1 s live refresh, the delivery, the UI's polls and a busy machine */
const WAIT = { timeout: 20_000 }

let collector: RunningCollector
let bare: RunningCollector
let browser: Browser
let receiver: Receiver
let dir = ''

/** One agent run: a 5,000-token gpt-4o call (about $0.013, past the rule's $0.01) and a tool call. */
async function sendCostlyTrace(url: string): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'alerting-bot' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
  })
  const tracer = provider.getTracer('alerts-ui')
  const root = tracer.startSpan('invoke_agent alerting-bot', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'alerting-bot' },
  })
  const ctx = trace.setSpan(context.active(), root)
  tracer
    .startSpan(
      'chat gpt-4o',
      {
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.usage.input_tokens': 5000,
          'gen_ai.usage.output_tokens': 40,
        },
      },
      ctx,
    )
    .end()
  tracer
    .startSpan(
      'execute_tool get_weather',
      { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather' } },
      ctx,
    )
    .end()
  root.end()
  await provider.forceFlush()
  await provider.shutdown()
  return root.spanContext().traceId
}

/** A page that records uncaught errors. */
async function open(base: string, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } })
  page.setDefaultTimeout(20_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${base}${path}`)
  return { page, errors }
}

beforeAll(async () => {
  receiver = await startReceiver()
  dir = mkdtempSync(join(tmpdir(), 'loupe-alerts-ui-'))
  const rules = join(dir, 'alerts.yaml')
  writeFileSync(
    rules,
    `channels:
  ops: { type: webhook, url: "${receiver.url}" }
rules:
  - name: runaway-trace
    when: { traceCostUsd: 0.01 }
    notify: [ops]
    stop: true
  - name: user-spend
    when: { costUsd: 100, per: userId, window: 1h }
    notify: [ops]
`,
  )
  ;[collector, bare, browser] = await Promise.all([
    // the settle delay outlasts the test: the rule fires on the trace as first read, not as settled
    startCollector({ env: { LOUPE_ALERTS_FILE: rules, LOUPE_SETTLE_MS: '30000' } }),
    startCollector(),
    launchBrowser(),
  ])
})

afterAll(async () => {
  await browser?.close()
  await Promise.all([collector?.stop(), bare?.stop()])
  await receiver?.close()
  if (collector) removeDataDir(collector.dataDir)
  if (bare) removeDataDir(bare.dataDir)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the Alerts page', () => {
  it('follows a rule from ok to firing, with the alert delivered, and links to its trace', async () => {
    const { page, errors } = await open(collector.url, '/alerts')
    const runaway = page.locator('[data-testid="alert-rule-row"][data-rule="runaway-trace"]')
    const spend = page.locator('[data-testid="alert-rule-row"][data-rule="user-spend"]')
    await expect.poll(() => runaway.getAttribute('data-state')).toBe('ok')
    expect(await spend.getAttribute('data-state')).toBe('ok')
    expect(await runaway.textContent()).toContain('stops the agent')
    expect(await page.getByTestId('alert-rules-source').textContent()).toContain(join(dir, 'alerts.yaml'))
    await page.getByTestId('alerts-empty').waitFor()
    expect(await page.getByTestId('live-indicator').textContent()).toBe('Live')
    expect(await page.getByTestId('alerts-firing-marker').count()).toBe(0)

    const traceId = await sendCostlyTrace(collector.url)

    // the navigation's marker, with its accessible name
    await page.getByTestId('alerts-firing-marker').waitFor(WAIT)
    await page.getByRole('link', { name: /^Alerts\W+1 firing$/ }).waitFor()
    await expect.poll(() => runaway.getAttribute('data-state'), WAIT).toBe('firing')
    expect(await runaway.getByTestId('alert-rule-subjects').textContent()).toBe('1')
    expect(await spend.getAttribute('data-state')).toBe('ok')

    const row = page.locator('[data-testid="alert-row"][data-rule="runaway-trace"]')
    await row.waitFor(WAIT)
    expect(await row.getAttribute('data-state')).toBe('firing')
    expect(await row.textContent()).toContain('$0.01')
    const delivery = row.locator('[data-testid="alert-delivery"][data-channel="ops"]')
    await expect.poll(() => delivery.getAttribute('data-status'), WAIT).toBe('delivered')
    expect(await delivery.textContent()).toBe('ops: ✓ delivered')
    // what the page says arrived did arrive
    const alerts = receiver.accepted() as Array<{ rule: string; subject: { value: string } }>
    expect(alerts.filter((a) => a.rule === 'runaway-trace').map((a) => a.subject.value)).toEqual([traceId])
    expect(await page.locator('[data-testid="alert-row"]').count()).toBe(1)

    // the state filter lives in the URL and narrows the history
    await page.getByTestId('filter-state').selectOption('resolved')
    await page.getByTestId('alerts-empty').waitFor()
    expect(new URL(page.url()).searchParams.get('state')).toBe('resolved')
    await page.getByTestId('filter-state').selectOption('firing')
    await row.waitFor()
    await screenshot(page, 'alerts')

    // the subject opens the trace in the app
    const link = row.getByTestId('alert-subject-link')
    expect(await link.textContent()).toBe(traceId)
    await link.click()
    await page.waitForURL((url) => url.pathname === `/traces/${traceId}`)
    await page.getByTestId('trace-header').waitFor()
    // the marker stays in the navigation on every page
    await page.getByTestId('alerts-firing-marker').waitFor()
    expect(errors).toEqual([])
    await page.close()
  })

  it("sends a channel's test message and says it was delivered", async () => {
    const { page, errors } = await open(collector.url, '/alerts')
    const channel = page.locator('[data-testid="alert-channel-row"][data-channel="ops"]')
    const before = receiver.received.length
    await channel.getByRole('button', { name: 'Send test to ops' }).click()
    await expect
      .poll(() => channel.getByTestId('channel-test-result').textContent(), WAIT)
      .toBe('✓ delivered (HTTP 200)')
    const tests = receiver.received.slice(before).map((r) => JSON.parse(r.body) as { rule: string; message: string })
    expect(tests.map((t) => t.rule)).toEqual(['test'])
    expect(tests[0]?.message).toContain('channel ops')
    expect(errors).toEqual([])
    await page.close()
  })

  it('tells how to set up alerts when the collector has no rules file', async () => {
    const { page, errors } = await open(bare.url, '/alerts')
    const setup = page.getByTestId('alerts-setup')
    await setup.waitFor()
    expect(await setup.textContent()).toContain('LOUPE_ALERTS_FILE')
    await page.getByTestId('alerts-empty').waitFor()
    expect(await page.getByTestId('alerts-firing-marker').count()).toBe(0)
    expect(errors).toEqual([])
    await screenshot(page, 'alerts-setup')
    await page.close()
  })
})
