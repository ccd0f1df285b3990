/**
 * Log records in trace detail, in the browser: a trace sent with the OTel trace exporter and log
 * records sent with the SDK's OTLP/protobuf log exporter, in their spans' context. The span's
 * panel lists its records (severity badge, time after the span's start, body, attributes folded)
 * and the waterfall marks each record on its span's row at its time, coloured by severity; a span
 * with no records has no Logs section.
 *
 * The collector serves ui/dist: build the UI first (`npm test` does).
 */
import { context, trace, type Span, type Tracer } from '@opentelemetry/api'
import { SeverityNumber } from '@opentelemetry/api-logs'
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { TraceDetailResponse } from '@loupe/schema'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from '../utils/browser.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { until } from '../utils/until.ts'

let collector: RunningCollector
let browser: Browser
let traceId = ''
const ids = { root: '', lookup: '', answer: '' }

/**
 * `ms` after `t0` as a Date: the SDK reads a bare number below its process's start time as
 * performance.now() and adds that start time to it.
 */
const at = (t0: number, ms: number) => new Date(t0 + ms)

/** A span from `startMs` to `endMs` after `t0`, under `parent`. */
function spanAt(tracer: Tracer, name: string, t0: number, startMs: number, endMs: number, parent: Span): Span {
  const span = tracer.startSpan(name, { startTime: at(t0, startMs) }, trace.setSpan(context.active(), parent))
  span.end(at(t0, endMs))
  return span
}

beforeAll(async () => {
  ;[collector, browser] = await Promise.all([startCollector({ env: { LOUPE_SETTLE_MS: '300' } }), launchBrowser()])
  const resource = resourceFromAttributes({ 'service.name': 'cache-agent' })
  const spans = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }))],
  })
  const logs = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor(new OTLPLogExporter({ url: `${collector.url}/v1/logs` }))],
  })
  const tracer = spans.getTracer('trace-logs-browser')
  const logger = logs.getLogger('trace-logs-browser')

  /*
   *   handle request  0 ───────────────────────── 1000 ms   ERROR at 900 (JSON body)
   *   ├─ cache lookup    200 ──────── 600                   WARN at 400 "cache miss for key 42"
   *   └─ answer                       600 ─────── 1000      (no records)
   */
  const t0 = Date.now() - 60_000
  const root = tracer.startSpan('handle request', { startTime: at(t0, 0) })
  const lookup = spanAt(tracer, 'cache lookup', t0, 200, 600, root)
  const answer = spanAt(tracer, 'answer', t0, 600, 1000, root)
  // One plain log line in the span's context. The context is passed, not made active with
  // context.with: no context manager is registered here, so the active context is always the root.
  logger.emit({
    context: trace.setSpan(context.active(), lookup),
    timestamp: at(t0, 400),
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'cache miss for key 42',
    attributes: { 'cache.key': 42, 'cache.tier': 'redis' },
  })
  logger.emit({
    context: trace.setSpan(context.active(), root),
    timestamp: at(t0, 900),
    severityNumber: SeverityNumber.ERROR,
    body: { error: 'upstream timeout', retries: 3 },
  })
  root.end(at(t0, 1000))
  ids.root = root.spanContext().spanId
  ids.lookup = lookup.spanContext().spanId
  ids.answer = answer.spanContext().spanId
  traceId = root.spanContext().traceId
  await Promise.all([spans.forceFlush(), logs.forceFlush()])
  await Promise.all([spans.shutdown(), logs.shutdown()])
  await until(
    async () => TraceDetailResponse.parse(await (await fetch(`${collector.url}/api/traces/${traceId}`)).json()),
    (d) => d.spans.length === 3 && d.logs.length === 2,
    { what: 'the three spans and two log records stored' },
  )
})

afterAll(async () => {
  await browser?.close()
  if (collector) {
    await collector.stop()
    removeDataDir(collector.dataDir)
  }
})

async function openSpan(spanId: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${collector.url}/traces/${traceId}?span=${spanId}`)
  await page.getByTestId('span-panel').waitFor()
  await expect.poll(async () => page.getByTestId('span-panel').locator('.sp-title').textContent()).not.toBeNull()
  return { page, errors }
}

const row = (page: Page, spanId: string) => page.locator(`[data-testid="waterfall-row"][data-span-id="${spanId}"]`)

describe('log records in trace detail', () => {
  it("lists the span's log record in its panel: WARN badge, time after the span's start, body, attributes folded", async () => {
    const { page, errors } = await openSpan(ids.lookup)
    expect(await page.getByTestId('span-panel').locator('.sp-title').textContent()).toBe('cache lookup')
    const section = page.getByTestId('span-logs')
    await section.waitFor()
    expect(await section.locator('h3').textContent()).toBe('Logs 1')
    const record = section.getByTestId('log-record')
    expect(await record.count()).toBe(1)
    expect(await record.getAttribute('data-level')).toBe('warn')
    const badge = record.getByTestId('log-severity')
    expect(await badge.textContent()).toBe('WARN')
    expect(await badge.getAttribute('class')).toBe('sev-badge warn')
    expect(await record.getByTestId('log-body').textContent()).toBe('cache miss for key 42')
    // 400 ms into the trace, 200 ms into the span; the absolute time (with ms) on hover
    const time = record.locator('time')
    expect(await time.textContent()).toBe('+200ms')
    expect(await time.getAttribute('title')).toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}$/)
    expect(await record.getByTestId('log-event').count()).toBe(0)

    // attributes are folded until asked for
    const attrs = record.locator('details.sp-log-attrs')
    expect(await attrs.getAttribute('open')).toBeNull()
    expect(await attrs.locator('summary').textContent()).toBe('Attributes 2')
    expect(await attrs.locator('table').isVisible()).toBe(false)
    await attrs.locator('summary').click()
    const cells = await attrs
      .locator('tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]))
    expect(cells).toEqual([
      ['cache.key', '42'],
      ['cache.tier', 'redis'],
    ])
    await screenshot(page, 'trace-logs-panel')
    expect(errors).toEqual([])
    await page.close()
  })

  it("marks each record on its span's row at its time, coloured by severity, with the first line on hover", async () => {
    const { page, errors } = await openSpan(ids.lookup)
    const lookupMarks = row(page, ids.lookup).getByTestId('log-mark')
    await lookupMarks.first().waitFor()
    expect(await lookupMarks.count()).toBe(1)
    const warn = lookupMarks.first()
    expect(await warn.getAttribute('data-tone')).toBe('warn')
    expect(await warn.getAttribute('title')).toBe('WARN: cache miss for key 42')
    // at 400 ms of a 1,000 ms trace
    expect(await warn.getAttribute('style')).toBe('left: 40%;')
    // drawn in amber, as the WARN badge is, and not in the red of the root's ERROR mark (this
    // project has no DOM types, so the page's window is reached through the element)
    const rootMarks = row(page, ids.root).getByTestId('log-mark')
    const amber = await page
      .getByTestId('log-severity')
      .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color)
    const tick = async (mark: typeof warn) =>
      mark.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el, '::before').backgroundColor)
    expect(await tick(warn)).toBe(amber)
    expect(await tick(rootMarks.first())).not.toBe(amber)
    const box = await warn.boundingBox()
    expect(box !== null && box.width > 0 && box.height > 0).toBe(true)

    expect(await rootMarks.count()).toBe(1)
    expect(await rootMarks.first().getAttribute('data-tone')).toBe('error')
    expect(await rootMarks.first().getAttribute('title')).toBe('ERROR: {"error":"upstream timeout","retries":3}')
    expect(await row(page, ids.answer).getByTestId('log-mark').count()).toBe(0)

    // a mark belongs to its row: clicking it selects the span
    await rootMarks.first().click()
    await expect
      .poll(async () => page.getByTestId('span-panel').locator('.sp-title').textContent())
      .toBe('handle request')
    await screenshot(page, 'trace-logs-waterfall')
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows a structured body as pretty-printed JSON, and no Logs section for a span without records', async () => {
    const { page, errors } = await openSpan(ids.root)
    const record = page.getByTestId('span-logs').getByTestId('log-record')
    await record.waitFor()
    expect(await record.getByTestId('log-severity').textContent()).toBe('ERROR')
    expect(await record.getByTestId('log-severity').getAttribute('class')).toBe('sev-badge error')
    expect(await record.getByTestId('log-body').textContent()).toBe(
      JSON.stringify({ error: 'upstream timeout', retries: 3 }, null, 2),
    )
    expect(await record.locator('time').textContent()).toBe('+900ms')
    expect(await record.locator('details.sp-log-attrs').count()).toBe(0)

    await row(page, ids.answer).click()
    await expect.poll(async () => page.getByTestId('span-panel').locator('.sp-title').textContent()).toBe('answer')
    expect(await page.getByTestId('span-logs').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
