/**
 * A call recorded by two instrumentations, in the browser: both spans stay in the waterfall, the
 * SDK's repeat is marked `duplicate` with its cost in brackets, its panel links to the span that
 * counts the call, and the header counts each call once.
 *
 * The collector serves ui/dist: build the UI first (`npm test` does).
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { TraceDetailResponse } from '@loupe/schema'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CALL_USD, emitDoublyInstrumented } from '../fixtures/doubly-instrumented.ts'
import { launchBrowser, screenshot } from '../utils/browser.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { until } from '../utils/until.ts'

let collector: RunningCollector
let browser: Browser
let traceId = ''

beforeAll(async () => {
  ;[collector, browser] = await Promise.all([startCollector({ env: { LOUPE_SETTLE_MS: '300' } }), launchBrowser()])
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'weather-bot' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }))],
  })
  traceId = emitDoublyInstrumented(provider.getTracer('duplicate-calls-browser'), Date.now() - 60_000)
  await provider.shutdown()
  await until(
    async () =>
      TraceDetailResponse.parse(await (await fetch(`${collector.url}/api/traces/${traceId}`)).json()).spans.length,
    (n) => n === 6,
    { what: 'the six spans stored' },
  )
})

afterAll(async () => {
  await browser?.close()
  if (collector) {
    await collector.stop()
    removeDataDir(collector.dataDir)
  }
})

describe('a call recorded twice, in trace detail', () => {
  it('shows both spans, marks the repeat and links it to the span that counts', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(`${collector.url}/traces/${traceId}`)
    await page.getByTestId('trace-header').waitFor()
    const header = (await page.getByTestId('trace-header').textContent()) ?? ''
    expect(header).toContain('LLM calls2')
    expect(header).toContain(`$${(2 * CALL_USD).toFixed(3)}`.replace(/0+$/, ''))

    const rows = page.getByTestId('waterfall-row')
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(6)
    const sdkRows = rows.filter({ hasText: 'anthropic.messages.create' })
    expect(await sdkRows.count()).toBe(2)
    for (const row of await sdkRows.all()) {
      expect(await row.locator('.wf-rollup').textContent()).toBe('duplicate')
      expect(await row.locator('.wf-cost').textContent()).toMatch(/^\(\$/)
    }
    const wrappers = rows.filter({ hasText: 'ChatAnthropic' })
    for (const row of await wrappers.all()) expect(await row.locator('.wf-rollup').count()).toBe(0)

    await sdkRows.first().click()
    const note = page.getByTestId('duplicate-note')
    await note.waitFor()
    expect(await note.textContent()).toContain('another instrumentation recorded this same call in ChatAnthropic')
    await screenshot(page, 'duplicate-call')
    await note.getByRole('button', { name: 'ChatAnthropic' }).click()
    await expect
      .poll(async () => page.getByTestId('span-panel').locator('.sp-title').textContent())
      .toBe('ChatAnthropic')
    expect(await page.getByTestId('duplicate-note').count()).toBe(0)
    await page.close()
  })
})
