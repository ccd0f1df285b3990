/**
 * The built UI in headless Chromium against one real collector, fed through the real OTLP
 * exporter with the runs of ./runs.ts (known services, agents, users, tokens and costs, one
 * failing tool, one run with hostile HTML). Every test asserts values worked out by hand, and
 * each main view is saved as a screenshot in test/artifacts/ for a person to look at.
 *
 * The collector serves ui/dist: build the UI first (`npm test` does).
 */
import { TraceDetailResponse } from '@loupe/schema'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from '../utils/browser.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import {
  EXPECTED_CHANGE,
  EXPECTED_TOTAL,
  FLIGHT_ARGS,
  IN_RANGE,
  RUNS,
  XSS_OUTPUT,
  XSS_TOOL_RESULT,
  sendRuns,
  spanCount,
  waitForRuns,
  type BrowserRun,
} from './runs.ts'

type RunKey = BrowserRun['key']

let collector: RunningCollector
let browser: Browser
let context: BrowserContext
let ids: Record<RunKey, string>
/** span id by `run/span name`: the first span of that name */
const spanIds = new Map<string, string>()

const run = (key: RunKey): BrowserRun => RUNS.find((r) => r.key === key)!
const spanId = (key: RunKey, name: string): string => spanIds.get(`${key}/${name}`)!

beforeAll(async () => {
  ;[collector, browser] = await Promise.all([startCollector({ env: { LOUPE_SETTLE_MS: '300' } }), launchBrowser()])
  ids = await sendRuns(collector.url, RUNS, Date.now())
  await waitForRuns(collector.url, RUNS, ids)
  for (const r of RUNS) {
    const detail = TraceDetailResponse.parse(await (await fetch(`${collector.url}/api/traces/${ids[r.key]}`)).json())
    // the first span of each name, by start time (a run makes two `chat gpt-4o` calls)
    const byStart = [...detail.spans].sort((a, b) =>
      BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1,
    )
    for (const s of byStart) if (!spanIds.has(`${r.key}/${s.name}`)) spanIds.set(`${r.key}/${s.name}`, s.spanId)
  }
  context = await newContext()
})

afterAll(async () => {
  await browser?.close()
  if (collector) {
    await collector.stop()
    removeDataDir(collector.dataDir)
  }
})

async function newContext(): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    colorScheme: 'light',
    baseURL: collector.url,
  })
  ctx.setDefaultTimeout(10_000)
  return ctx
}

/** A page that records every dialog (and dismisses it) and every uncaught error. */
async function open(path: string, ctx = context): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const page = await ctx.newPage()
  const dialogs: string[] = []
  const errors: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`)
    void d.dismiss()
  })
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(path)
  return { page, dialogs, errors }
}

/** expect.poll with room for a first load (its default gives up after one second) */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 10_000 })

const rowIds = (page: Page) =>
  page.getByTestId('trace-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id')))
const sorted = (keys: RunKey[]) => keys.map((k) => ids[k]).sort()

describe('the Loupe UI in a browser', () => {
  it('lists the runs of the range with their root names', async () => {
    const { page } = await open('/traces')
    await poll(() => rowIds(page).then((r) => r.sort())).toEqual(sorted(IN_RANGE.map((r) => r.key)))
    const table = page.getByTestId('trace-table')
    for (const r of IN_RANGE) await table.getByText(r.root.name, { exact: true }).waitFor()
    // the previous day's run is outside the default 24 hours
    expect(await table.getByText(run('lastDay').root.name).count()).toBe(0)
    // the histogram's total is the same money as the costs page's
    await page.getByTestId('trace-histogram').getByText(`${EXPECTED_TOTAL} in range`).waitFor()
    await screenshot(page, 'trace-list')
    await page.close()
  })

  it('narrows the list with the service filter and the search box', async () => {
    const { page } = await open('/traces')
    await poll(() => rowIds(page).then((r) => r.length)).toBe(IN_RANGE.length)
    await page.getByTestId('filter-service').selectOption('support-api')
    await poll(() => rowIds(page).then((r) => r.sort())).toEqual(sorted(['avatar', 'refund', 'acme']))
    expect(new URL(page.url()).searchParams.get('service')).toBe('support-api')

    // "refund policy" is only in the refund run's tool arguments
    await page.getByTestId('search').fill('refund policy')
    await poll(() => rowIds(page)).toEqual([ids.refund])
    expect(new URL(page.url()).searchParams.get('q')).toBe('refund policy')
    await page.close()
  })

  it('opens a trace to its waterfall, an LLM span to its messages and a tool span to its arguments', async () => {
    const { page } = await open('/traces')
    await page.getByTestId('trace-table').getByText(run('flight').root.name, { exact: true }).click()
    await page.waitForURL(`**/traces/${ids.flight}`)
    await page.getByTestId('trace-header').waitFor()
    await poll(() => page.getByTestId('waterfall-row').count()).toBe(spanCount(run('flight').root))
    await screenshot(page, 'trace-detail')

    await page
      .locator(`[data-testid=waterfall-row][data-span-id="${spanId('flight', 'chat gpt-4o')}"]`)
      .first()
      .click()
    const panel = page.getByTestId('span-panel')
    await panel.locator('[data-testid=message][data-role=user]').first().waitFor()
    expect(await panel.locator('[data-testid=message][data-role=user]').first().textContent()).toContain(
      'Find me a flight from Paris to Tokyo on 1 March',
    )
    expect(await panel.locator('[data-testid=message][data-role=assistant]').first().textContent()).toContain(
      'search_flights',
    )
    // the computed cost names the table entry and the rates this call paid
    await panel.getByTestId('priced-as').waitFor()
    expect(await panel.getByTestId('priced-as').textContent()).toBe(
      'Priced as gpt-4o (bundled table): per million tokens $2.50 input, $10.00 output, $1.25 cache read, $2.50 cache write.',
    )
    await screenshot(page, 'span-panel')

    await page.locator('[data-testid=waterfall-row][data-kind=tool]').click()
    await panel.getByTestId('tool-arguments').waitFor()
    expect((await panel.getByTestId('tool-arguments').textContent())?.trim()).toBe(JSON.stringify(FLIGHT_ARGS, null, 2))
    expect(await panel.getByTestId('tool-result').textContent()).toContain('AF276')

    await page.getByTestId('tab-graph').click()
    await page.getByTestId('agent-graph').waitFor()
    expect(await page.getByTestId('agent-graph').textContent()).toContain('search_flights')
    await screenshot(page, 'agent-graph')
    await page.close()
  })

  it('draws the costs page with the right totals, chart, breakdowns and warnings', async () => {
    const { page } = await open('/costs')
    const total = page.getByTestId('cost-total')
    await total.waitFor()
    expect(await total.textContent()).toBe(EXPECTED_TOTAL)
    await poll(() => page.getByTestId('cost-change').textContent()).toContain(EXPECTED_CHANGE)

    const chart = page.getByTestId('cost-chart')
    await chart.locator('svg .recharts-bar-rectangle').first().waitFor()
    // acme-llm-9 has no price, so it has no cost to draw
    expect((await chart.locator('.recharts-legend-item-text').allTextContents()).sort()).toEqual([
      'claude-sonnet-4-5',
      'gpt-4o',
    ])

    const breakdown = async (dim: string) =>
      page
        .getByTestId(`breakdown-${dim}`)
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
        )
    await page.getByTestId('breakdown-tool').waitFor()
    // [name, cost, share, LLM calls, ...]: 0.301 = 0.085 + 0.216; 0.068 = 0.015 + 0.053
    expect((await breakdown('service')).map((c) => c.slice(0, 4))).toEqual([
      ['travel-api', '$0.301', '82%', '4'],
      ['support-api unpriced', '$0.068', '18%', '4'],
    ])
    expect((await breakdown('agent')).map((c) => c.slice(0, 2))).toEqual([
      ['travel_planner', '$0.301'],
      ['support_bot unpriced', '$0.068'],
    ])
    expect((await breakdown('user')).map((c) => c.slice(0, 2))).toEqual([
      ['alice', '$0.301'],
      ['bob unpriced', '$0.068'],
    ])
    // an LLM call's cost goes to the tool it requested; calls that requested none stay unattributed
    expect((await breakdown('tool')).map((c) => [c[0], c[1], c[4], c[5]])).toEqual([
      ['(no tool requested) unpriced', '$0.169', '0', '—'],
      ['book_hotel', '$0.12', '1', '1.90s'],
      ['search_flights', '$0.035', '1', '1.00s'],
      ['search_kb', '$0.03', '1', '500ms'],
      ['lookup_account', '$0.015', '1', '900ms'],
    ])

    const expensive = page.getByTestId('expensive-traces').locator('tbody tr')
    expect(await expensive.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id')))).toEqual([
      ids.hotel,
      ids.flight,
      ids.refund,
      ids.avatar,
      ids.acme,
    ])
    expect(await expensive.first().locator('a').getAttribute('href')).toBe(`/traces/${ids.hotel}`)

    const warning = await page.getByTestId('unpriced-warning').textContent()
    expect(warning).toContain('acme-llm-9')
    expect(warning).toContain('LOUPE_PRICES_FILE')
    await screenshot(page, 'costs')

    // stacking by agent is kept in the URL, and the CSV link follows it
    await page.getByTestId('stack-by').selectOption('agent')
    await poll(() =>
      chart
        .locator('.recharts-legend-item-text')
        .allTextContents()
        .then((t) => t.sort()),
    ).toEqual(['support_bot', 'travel_planner'])
    expect(new URL(page.url()).searchParams.get('stack')).toBe('agent')
    const csv = await (
      await fetch(collector.url + (await page.getByTestId('csv-download').getAttribute('href')))
    ).text()
    const [header, ...lines] = csv.split('\r\n')
    const costColumn = header!.split(',').indexOf('costUsd')
    expect(lines.slice(0, 2).map((l) => [l.split(',')[0], l.split(',')[costColumn]])).toEqual([
      ['travel_planner', '0.301'],
      ['support_bot', '0.068'],
    ])
    await page.close()
  })

  it('reproduces a view from a deep link', async () => {
    const hotelTool = spanId('hotel', 'execute_tool book_hotel')
    const detail = await open(`/traces/${ids.hotel}?span=${hotelTool}`)
    const panel = detail.page.getByTestId('span-panel')
    await panel.getByTestId('tool-arguments').waitFor()
    expect(JSON.parse((await panel.getByTestId('tool-arguments').textContent()) ?? '')).toEqual({
      city: 'Tokyo',
      nights: 3,
    })
    expect(await panel.getByTestId('exception').first().textContent()).toContain('no rooms left in Tokyo')
    expect(
      await detail.page.locator(`[data-testid=waterfall-row][data-span-id="${hotelTool}"]`).getAttribute('data-error'),
    ).toBe('true')
    await detail.page.close()

    const list = await open('/traces?service=travel-api&sort=costUsd')
    await poll(() => rowIds(list.page)).toEqual([ids.hotel, ids.flight])
    expect(await list.page.getByTestId('filter-service').inputValue()).toBe('travel-api')
    expect(await list.page.getByTestId('sort-costUsd').getAttribute('aria-sort')).toBe('descending')
    await list.page.close()
  })

  // page.evaluate takes strings where a callback would need the DOM types the test tsconfig lacks
  it('shows hostile span content as text and runs none of it', async () => {
    const { page, dialogs, errors } = await open(`/traces/${ids.avatar}`)
    await page.locator(`[data-testid=waterfall-row][data-span-id="${spanId('avatar', 'chat gpt-4o')}"]`).click()
    const panel = page.getByTestId('span-panel')
    await panel.getByText(XSS_OUTPUT).first().waitFor()
    expect(await panel.getByText(XSS_OUTPUT).first().isVisible()).toBe(true)

    await page.locator('[data-testid=waterfall-row][data-kind=tool]').click()
    await panel.getByTestId('tool-result').waitFor()
    expect(await panel.getByTestId('tool-result').textContent()).toContain(XSS_TOOL_RESULT.note)

    // the same content through the search results of the list
    await page.goto('/traces?q=avatar')
    await poll(() => rowIds(page)).toEqual([ids.avatar])

    expect(dialogs).toEqual([])
    expect(errors).toEqual([])
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined()
    expect(await page.locator('img[src="x"]').count()).toBe(0)
    await page.close()
  })

  it('groups runs into sessions and turns', async () => {
    const { page } = await open('/sessions')
    await poll(() =>
      page.getByTestId('session-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')).sort()),
    ).toEqual(['sess-support-1', 'sess-travel-1'])
    await screenshot(page, 'sessions')
    await page.locator('[data-testid=session-row][data-session-id="sess-travel-1"]').click()
    await poll(() =>
      page.getByTestId('session-turn').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id'))),
    ).toEqual([ids.flight, ids.hotel])
    await page.close()
  })

  it('renders the dark theme and restores views on back and forward', async () => {
    const dark = await newContext()
    const { page } = await open('/traces?service=support-api', dark)
    await poll(() => rowIds(page).then((r) => r.length)).toBe(3)
    await page.getByRole('button', { name: 'Switch to dark theme' }).click()
    expect(await page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe('dark')
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(15, 17, 23)')

    const listUrl = page.url()
    await page.getByTestId('trace-table').getByText(run('refund').root.name, { exact: true }).click()
    await page.waitForURL(`**/traces/${ids.refund}`)
    await poll(() => page.getByTestId('waterfall-row').count()).toBe(spanCount(run('refund').root))
    await screenshot(page, 'dark-theme')

    await page.goBack()
    expect(page.url()).toBe(listUrl)
    await poll(() => rowIds(page).then((r) => r.sort())).toEqual(sorted(['avatar', 'refund', 'acme']))
    expect(await page.getByTestId('filter-service').inputValue()).toBe('support-api')
    await page.goForward()
    await page.waitForURL(`**/traces/${ids.refund}`)
    await page.getByTestId('trace-header').waitFor()
    // the theme survives a reload (it is saved)
    await page.reload()
    await poll(() => page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe('dark')
    await dark.close()
  })
})
