/**
 * The UI follows a running agent, with no reload: its trace appears in the list marked running
 * and grows there, its duration counting up; its detail grows in place while a span stays
 * selected and the waterfall stays where it was scrolled; the Costs page shows the running spend
 * and the Findings page the loop, provisional.
 *
 * The agent is stuck (an LLM call, then the same tool call with the same answer, again and
 * again) and keeps its root span open, as a running agent does. The settle delay is far longer
 * than any pause of the test, so the trace runs throughout. Every wait is for what the page
 * shows; a window property set once proves the page never reloaded.
 */
import { context, trace, type Span } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from '../utils/browser.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'

const SETTLE_MS = '30000'
/** room for the collector's ~1 s live refresh, the UI's 1 s poll and a busy machine */
const LIVE_WAIT = { timeout: 15_000 }

let collector: RunningCollector
let browser: Browser
let provider: BasicTracerProvider
let root: Span
let traceId = ''
/** the tool spans sent, in order (each step sends an LLM span and a tool span) */
const toolSpans: string[] = []
const sent = () => 2 * toolSpans.length
/** the waterfall's count of all spans, every one shown */
const allShown = () => `${sent()} / ${sent()} spans`

/** `n` more steps of the stuck agent, exported now. */
async function steps(n: number): Promise<void> {
  const tracer = provider.getTracer('live-ui')
  const ctx = trace.setSpan(context.active(), root)
  for (let i = 0; i < n; i++) {
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
    const tool = tracer.startSpan(
      'execute_tool get_weather',
      {
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'get_weather',
          'gen_ai.tool.call.arguments': '{"city":"Paris"}',
          'gen_ai.tool.call.result': '{"temp":18}',
        },
      },
      ctx,
    )
    toolSpans.push(tool.spanContext().spanId)
    tool.end()
  }
  await provider.forceFlush()
}

/** A page that records uncaught errors and carries a mark a reload would wipe. */
async function open(path: string): Promise<{ page: Page; errors: string[]; reloaded: () => Promise<boolean> }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.setDefaultTimeout(15_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${collector.url}${path}`)
  await page.evaluate(() => {
    Object.assign(globalThis, { loupeLiveMark: true })
  })
  const reloaded = async () => !(await page.evaluate(() => 'loupeLiveMark' in globalThis))
  return { page, errors, reloaded }
}

beforeAll(async () => {
  ;[collector, browser] = await Promise.all([startCollector({ env: { LOUPE_SETTLE_MS: SETTLE_MS } }), launchBrowser()])
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'live-bot' }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }), {
        scheduledDelayMillis: 100,
      }),
    ],
  })
  root = provider.getTracer('live-ui').startSpan('invoke_agent live-bot', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'live-bot' },
  })
  traceId = root.spanContext().traceId
})

afterAll(async () => {
  // the root stays open: the collector stops with the trace still running
  await provider?.shutdown()
  await browser?.close()
  if (collector) {
    await collector.stop()
    removeDataDir(collector.dataDir)
  }
})

describe('the UI follows a running trace', () => {
  it('lists the trace as it starts, marked running, and grows its row in place', async () => {
    const { page, errors, reloaded } = await open('/traces')
    // nothing sent yet: the empty state, which follows now too
    await page.getByText('No traces in the last 24 hours').waitFor()
    expect(await page.getByTestId('live-indicator').textContent()).toBe('Live')

    await steps(1)
    const row = page.locator(`[data-testid="trace-row"][data-trace-id="${traceId}"]`)
    await row.getByTestId('running-badge').waitFor(LIVE_WAIT)
    expect(await row.getAttribute('data-running')).toBe('true')
    await expect.poll(() => row.getByTestId('trace-spans').textContent(), LIVE_WAIT).toBe(String(sent()))

    // the duration counts up on its own, between answers
    const duration = row.getByTestId('running-duration')
    const first = await duration.textContent()
    await expect.poll(() => duration.textContent(), { timeout: 5_000 }).not.toBe(first)

    await steps(1)
    await expect.poll(() => row.getByTestId('trace-spans').textContent(), LIVE_WAIT).toBe(String(sent()))
    expect(await reloaded()).toBe(false)
    expect(errors).toEqual([])
    await screenshot(page, 'live-list')
    await page.close()
  })

  it('grows the detail in place, keeping the selected span and the scroll position', async () => {
    await steps(18)
    const { page, errors, reloaded } = await open(`/traces/${traceId}`)
    const count = page.getByTestId('waterfall-count')
    await expect.poll(() => count.textContent(), LIVE_WAIT).toBe(allShown())
    const header = page.getByTestId('trace-header')
    await header.getByTestId('running-badge').waitFor()
    expect(await header.getByTestId('last-span').textContent()).toMatch(/^last span (just now|\d+ s ago)$/)

    const selectedId = toolSpans[0]!
    const selectedRow = page.locator(`[data-testid="waterfall-row"][data-span-id="${selectedId}"]`)
    await selectedRow.click()
    await expect.poll(() => selectedRow.getAttribute('aria-selected')).toBe('true')
    expect(new URL(page.url()).searchParams.get('span')).toBe(selectedId)
    // scroll the selected span out of view, to the newest spans
    const tree = page.getByRole('tree', { name: 'Spans' })
    const scrolledTo = await tree.evaluate((el) => {
      el.scrollTop = el.scrollHeight
      return el.scrollTop
    })
    expect(scrolledTo).toBeGreaterThan(0)

    await steps(2)
    await expect.poll(() => count.textContent(), LIVE_WAIT).toBe(allShown())
    // the view stayed where the reader left it, over the newest spans, and the selection with it
    expect(await tree.evaluate((el) => el.scrollTop)).toBe(scrolledTo)
    await page.locator(`[data-testid="waterfall-row"][data-span-id="${toolSpans.at(-1)!}"]`).waitFor()
    expect(new URL(page.url()).searchParams.get('span')).toBe(selectedId)
    await tree.evaluate((el) => (el.scrollTop = 0))
    await expect.poll(() => selectedRow.getAttribute('aria-selected')).toBe('true')
    expect(await page.locator('[data-testid="waterfall-row"][aria-selected="true"]').count()).toBe(1)
    expect(await reloaded()).toBe(false)
    expect(errors).toEqual([])
    await screenshot(page, 'live-detail')
    await page.close()
  })

  it('shows the running spend on the Costs page and the loop, provisional, on the Findings page', async () => {
    const costs = await open('/costs')
    const running = costs.page.getByTestId('cost-running')
    await running.waitFor(LIVE_WAIT)
    expect(await running.textContent()).toMatch(/^\$[\d.]+ from running traces$/)
    const total = costs.page.getByTestId('cost-total')
    const before = await total.textContent()
    await steps(2)
    await expect.poll(() => total.textContent(), LIVE_WAIT).not.toBe(before)
    expect(await costs.reloaded()).toBe(false)
    expect(costs.errors).toEqual([])
    await screenshot(costs.page, 'live-costs')
    await costs.page.close()

    const findings = await open('/findings')
    const loop = findings.page.locator(
      '[data-testid="findings-worst-row"][data-detector="repeated-tool-call"][data-provisional="true"]',
    )
    await loop.getByTestId('provisional-badge').waitFor(LIVE_WAIT)
    expect(await loop.textContent()).toContain('get_weather')
    expect(findings.errors).toEqual([])
    await screenshot(findings.page, 'live-findings')
    await findings.page.close()
  })
})
