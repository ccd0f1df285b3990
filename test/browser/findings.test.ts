/**
 * A looping trace in the browser: the trace list marks it, its detail lists the finding with the
 * evidence, and "show spans" focuses the looping spans in the waterfall.
 */
import { formatUsd, TraceDetailResponse } from '@loupe/schema'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatTokens } from '../../ui/src/model/format.ts'
import { stuckRun, touristRun } from '../fixtures/looping-agent.ts'
import { launchBrowser, screenshot } from '../utils/browser.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { waitSettled } from '../utils/until.ts'

describe('findings in the UI', () => {
  let collector: RunningCollector
  let browser: Browser
  let looping = ''
  let healthy = ''

  beforeAll(async () => {
    ;[collector, browser] = await Promise.all([startCollector({ env: { LOUPE_SETTLE_MS: '300' } }), launchBrowser()])
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'weather-bot' }),
      spanProcessors: [
        new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${collector.url}/v1/traces`, concurrencyLimit: 500 })),
      ],
    })
    const tracer = provider.getTracer('findings-ui')
    const start = Date.now() - 300_000
    looping = stuckRun(tracer, start)
    healthy = touristRun(tracer, start + 60_000)
    await provider.forceFlush()
    await provider.shutdown()
    await waitSettled(collector.url)
  })
  afterAll(async () => {
    await browser?.close()
    await collector?.stop()
    if (collector) removeDataDir(collector.dataDir)
  })

  it('marks the looping trace in the list and shows its finding with the looping spans', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(`${collector.url}/traces`)
    const loopRow = page.locator(`[data-testid="trace-row"][data-trace-id="${looping}"]`)
    await loopRow.waitFor({ timeout: 10_000 })
    await expect.poll(async () => (await loopRow.textContent()) ?? '', { timeout: 10_000 }).toMatch(/[1-9]/)
    await page.goto(`${collector.url}/traces/${looping}`)
    const finding = page.locator('[data-testid="finding"][data-detector="repeated-tool-call"]')
    await finding.waitFor({ timeout: 10_000 })
    expect(await finding.getAttribute('data-severity')).toBe('critical')
    expect(await finding.textContent()).toContain('get_weather')
    // the waste total counts each wasted span once, however many findings name it
    const detail = TraceDetailResponse.parse(await (await fetch(`${collector.url}/api/traces/${looping}`)).json())
    const wasted = new Set(detail.findings.flatMap((f) => f.wastedSpanIds))
    const spent = detail.spans.filter((s) => wasted.has(s.spanId))
    const tokens = spent.reduce((n, s) => n + s.inputTokens + s.outputTokens, 0)
    const cost = spent.reduce((n, s) => n + (s.costUsd ?? 0), 0)
    expect(await page.getByTestId('findings-wasted').textContent()).toBe(
      `wasted ${formatTokens(tokens)} tokens · ${formatUsd(cost)}`,
    )
    // all seven tool calls are marked as part of a finding
    const flagged = page.locator('[data-testid="waterfall-row"][data-kind="tool"][data-finding="true"]')
    await expect.poll(() => flagged.count(), { timeout: 10_000 }).toBe(7)
    await finding.getByRole('button', { name: /show spans/i }).click()
    await expect
      .poll(() => page.locator('[data-testid="waterfall-row"][data-focus="in"]').count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(7)
    expect(page.url()).toContain('finding=')
    await screenshot(page, 'findings')
    await page.close()
  })

  it('shows no finding for legitimate repetition', async () => {
    const page = await browser.newPage()
    await page.goto(`${collector.url}/traces/${healthy}`)
    await page.locator('[data-testid="findings-none"]').waitFor({ timeout: 10_000 })
    expect(await page.locator('[data-testid="finding"]').count()).toBe(0)
    await page.close()
  })

  it('sums up the range on the Findings page, with the worst loop linking to its trace', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(`${collector.url}/findings`)
    await page.locator('[data-testid="findings-view"]').waitFor({ timeout: 10_000 })
    const worst = page.locator('[data-testid="findings-worst-row"]')
    await expect.poll(() => worst.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
    expect((await worst.allTextContents()).some((t) => t.includes('get_weather') && t.includes('7 times'))).toBe(true)
    expect(await page.locator('[data-testid="findings-by-detector"]').textContent()).toContain('Repeated tool call')
    expect(await page.locator('[data-testid="findings-by-agent"]').textContent()).toContain('stuck')
    await screenshot(page, 'findings-view')
    await worst.first().locator(`a[href*="/traces/${looping}"]`).first().click()
    await page.locator('[data-testid="findings"]').waitFor({ timeout: 10_000 })
    expect(page.url()).toContain(`/traces/${looping}`)
    await page.close()
  })
})
