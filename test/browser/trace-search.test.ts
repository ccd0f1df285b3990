/**
 * Find in a long trace, in the browser: one agent run of 10,000 spans (LLM calls and `search_docs`
 * tool calls, and one `refund_order` call near the end). Typing the tool's name goes to it at
 * once, as a browser's find does: the row is scrolled into view and made current without Enter.
 *
 * The collector serves ui/dist: build the UI first (`npm test` does).
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from '../utils/browser.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { hexId, otlpJson, type TestSpan } from '../utils/otlp-body.ts'
import { until } from '../utils/until.ts'

const SPANS = 10_000
/** the one refund_order call, far below the first screen of rows */
const TARGET_AT = 9_000

let collector: RunningCollector
let browser: Browser
const traceId = hexId(16)
const rootId = hexId(8)
let targetId = ''

/** The run: a root agent span, then LLM and tool calls one millisecond apart. */
function run(): TestSpan[] {
  const start = Date.now() - 120_000
  const spans: TestSpan[] = [
    {
      traceId,
      spanId: rootId,
      name: 'invoke_agent support_bot',
      startMs: start,
      endUnixNano: String(BigInt(start + SPANS + 1000) * 1_000_000n),
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support_bot' },
    },
  ]
  for (let i = 1; i < SPANS; i++) {
    const spanId = hexId(8)
    const tool = i === TARGET_AT ? 'refund_order' : 'search_docs'
    if (i === TARGET_AT) targetId = spanId
    spans.push(
      i % 2 === 1
        ? {
            traceId,
            spanId,
            parentSpanId: rootId,
            name: 'chat gpt-4o',
            startMs: start + i,
            attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
          }
        : {
            traceId,
            spanId,
            parentSpanId: rootId,
            name: `execute_tool ${tool}`,
            startMs: start + i,
            attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool },
          },
    )
  }
  return spans
}

beforeAll(async () => {
  // trace detail reads the stored spans whether or not the trace has settled; a long settle keeps
  // the settler's work on 10,000 spans out of the way of the page's requests
  ;[collector, browser] = await Promise.all([startCollector({ env: { LOUPE_SETTLE_MS: '600000' } }), launchBrowser()])
  const res = await fetch(`${collector.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: otlpJson(run(), 'support-api'),
  })
  expect(res.status).toBe(200)
  await until(
    async () =>
      ((await (await fetch(`${collector.url}/api/traces/${traceId}`)).json()) as { spans?: unknown[] }).spans?.length ??
      0,
    (n) => n === SPANS,
    { what: `${SPANS} spans stored`, timeoutMs: 30_000 },
  )
}, 60_000)

afterAll(async () => {
  await browser?.close()
  if (collector) {
    await collector.stop()
    removeDataDir(collector.dataDir)
  }
})

/** Whether the row lies wholly inside the waterfall's scrolled viewport (not merely in the DOM, as overscan rows are). */
async function inView(page: Page, spanId: string): Promise<boolean> {
  const row = await page
    .locator(`[data-testid="waterfall-row"][data-span-id="${spanId}"]`)
    .boundingBox({ timeout: 1000 })
    .catch(() => null)
  const box = await page.locator('.wf-scroll').boundingBox()
  if (row === null || box === null) return false
  return row.height > 0 && row.y >= box.y && row.y + row.height <= box.y + box.height
}

describe('find in a 10,000-span trace', () => {
  it('goes to the match as one types, without Enter', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    page.setDefaultTimeout(10_000)
    await page.goto(`${collector.url}/traces/${traceId}`)
    await page.getByTestId('waterfall-row').first().waitFor({ timeout: 30_000 })
    expect(await inView(page, targetId)).toBe(false)

    await page.getByRole('searchbox', { name: 'Find spans' }).pressSequentially('refund_ord', { delay: 20 })

    await expect.poll(() => inView(page, targetId), { timeout: 10_000 }).toBe(true)
    expect(await page.getByTestId('find-count').textContent()).toBe('1 of 1 match')
    const row = page.locator(`[data-testid="waterfall-row"][data-span-id="${targetId}"]`)
    expect(await row.getAttribute('aria-selected')).toBe('true')
    expect(new URL(page.url()).searchParams.get('span')).toBe(targetId)
    // the keystrokes stayed in the find box: typing on refines the query, not the tree
    expect(await page.getByRole('searchbox', { name: 'Find spans' }).evaluate((el) => el.matches(':focus'))).toBe(true)
    await screenshot(page, 'trace-search')
    await page.close()
  }, 120_000)
})
