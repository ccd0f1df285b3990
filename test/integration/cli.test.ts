/**
 * The `loupe` CLI as users run it: `collector/bin/loupe.js` in a child process against a real
 * collector fed OTLP/JSON spans with known tokens, checking output and exit codes (0, 2, 3, 4, 6)
 * the way a script would see them. The readiness and drift reports read a second project, fed
 * scripted agent runs through the real OTLP exporter, so the cost and trace figures stay exact.
 */
import { createServer } from 'node:net'
import {
  CostReportResponse,
  DriftResponse,
  PriceLookupResponse,
  ReadinessResponse,
  TraceListResponse,
} from '@loupe/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundledPriceFile } from '../../collector/src/cost/price-book.ts'
import { RUNS as AGENT_RUNS, sendRuns, waitForSettled } from '../fixtures/readiness-agents.ts'
import { loupe } from '../utils/loupe-cli.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { hexId, otlpJson } from '../utils/otlp-body.ts'
import { waitSettled } from '../utils/until.ts'

const KEY = 'secret-a'
/** team-b's key: the readiness and drift reports' project */
const KEY_B = 'secret-b'
const HOUR = 3_600_000

const chat = (model: string, input: number, output: number) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': model,
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
})

// gpt-4o: $2.50 in / $10 out per million; claude-sonnet-4-5: $3 / $15
const CHEAP = { traceId: hexId(16), service: 'billing-agent', model: 'gpt-4o', input: 1000, output: 500, cost: 0.0075 }
const DEAR = { traceId: hexId(16), service: 'support-agent', model: 'gpt-4o', input: 40_000, output: 20_000, cost: 0.3 }
const CLAUDE = {
  traceId: hexId(16),
  service: 'support-agent',
  model: 'claude-sonnet-4-5',
  input: 2000,
  output: 200,
  cost: 0.009,
}
const RUNS = [CHEAP, DEAR, CLAUDE]
const TOTAL_COST = 0.3165

/** A port on 127.0.0.1 that nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise((r) => server.close(r))
  return port
}

describe('loupe CLI', () => {
  let c: RunningCollector
  let conn: string[]

  beforeAll(async () => {
    c = await startCollector({ env: { LOUPE_API_KEYS: `team-a:${KEY},team-b:${KEY_B}`, LOUPE_SETTLE_MS: '300' } })
    conn = ['--url', c.url, '--api-key', KEY]
    for (const run of RUNS) {
      const body = otlpJson(
        [
          { traceId: run.traceId, spanId: hexId(8), name: 'agent run' },
          {
            traceId: run.traceId,
            spanId: hexId(8),
            name: `chat ${run.model}`,
            attributes: chat(run.model, run.input, run.output),
          },
        ],
        run.service,
      )
      const res = await fetch(`${c.url}/v1/traces`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      })
      expect(res.status).toBe(200)
    }
    // every trace settled, so lists and reports hold them all
    await waitSettled(c.url)
    const res = await fetch(`${c.url}/api/traces`, { headers: { authorization: `Bearer ${KEY}` } })
    expect(TraceListResponse.parse(await res.json()).traces).toHaveLength(RUNS.length)
  })
  afterAll(async () => {
    await c?.stop()
    if (c) removeDataDir(c.dataDir)
  })

  it('prints an aligned cost table with the right total', async () => {
    const r = await loupe(['report', 'cost', '--since', '1h', '--by', 'model,service', ...conn])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^Cost by model, service, /)
    const table = lines.slice(2)
    expect(table[0]).toMatch(/^model +service +llm calls +input tokens +output tokens +cost$/)
    expect(table).toContainEqual(expect.stringMatching(/^gpt-4o +support-agent +1 +40,000 +20,000 +\$0\.3000$/))
    expect(table).toContainEqual(expect.stringMatching(/^gpt-4o +billing-agent +1 +1,000 +500 +\$0\.0075$/))
    expect(table).toContainEqual(expect.stringMatching(/^claude-sonnet-4-5 +support-agent +1 +2,000 +200 +\$0\.0090$/))
    expect(table.at(-1)).toMatch(/^total +3 +43,000 +20,700 +\$0\.3165$/)
    // right-aligned last column: every line ends at the same place
    expect(new Set(table.map((l) => l.length)).size).toBe(1)
  })

  it('prints the report as JSON that matches the API schema', async () => {
    const r = await loupe(['report', 'cost', '--since', '1h', '--by', 'model,service', '--format', 'json', ...conn])
    expect(r.code).toBe(0)
    const report = CostReportResponse.parse(JSON.parse(r.stdout))
    expect(report.groupBy).toEqual(['model', 'service'])
    // the 'agent run' spans carry no model: the server may give them a row of zeros
    expect(report.rows.filter((row) => row.llmCalls > 0)).toHaveLength(3)
    expect(report.totals.costUsd).toBeCloseTo(TOTAL_COST, 9)
    expect(report.totals.inputTokens).toBe(43_000)
    const dear = report.rows.find(
      (row) => row.dimensions['model'] === 'gpt-4o' && row.dimensions['service'] === 'support-agent',
    )
    expect(dear?.costUsd).toBeCloseTo(DEAR.cost, 9)
  })

  it('passes the server CSV through, header first', async () => {
    const r = await loupe(['report', 'cost', '--since', '1h', '--by', 'model', '--format', 'csv', ...conn])
    expect(r.code).toBe(0)
    const [header, ...rows] = r.stdout.trimEnd().split('\n')
    expect(header?.split(',')).toEqual(expect.arrayContaining(['model', 'inputTokens', 'costUsd']))
    expect(header?.startsWith('model,')).toBe(true)
    const models = rows
      .map((row) => row.split(',')[0])
      .filter(Boolean)
      .sort()
    expect(models).toEqual(['claude-sonnet-4-5', 'gpt-4o'])
  })

  it('takes the key from LOUPE_API_KEY and the URL from LOUPE_URL', async () => {
    const r = await loupe(['report', 'cost', '--format', 'json'], { LOUPE_URL: c.url, LOUPE_API_KEY: KEY })
    expect(r.code).toBe(0)
    expect(CostReportResponse.parse(JSON.parse(r.stdout)).totals.costUsd).toBeCloseTo(TOTAL_COST, 9)
  })

  it('filters traces by --min-cost', async () => {
    const json = await loupe([
      'traces',
      '--since',
      '1h',
      '--min-cost',
      '0.1',
      '--limit',
      '20',
      '--format',
      'json',
      ...conn,
    ])
    expect(json.code).toBe(0)
    expect(TraceListResponse.parse(JSON.parse(json.stdout)).traces.map((t) => t.traceId)).toEqual([DEAR.traceId])

    const table = await loupe(['traces', '--since', '1h', '--min-cost', '0.009', ...conn])
    expect(table.code).toBe(0)
    expect(table.stdout).toContain(DEAR.traceId)
    expect(table.stdout).toContain(CLAUDE.traceId)
    expect(table.stdout).not.toContain(CHEAP.traceId)
    expect(table.stdout.trimEnd().split('\n').at(-1)).toMatch(/^total \(2 traces\) .* \$0\.309 +0$/)
  })

  it('writes traces as CSV, one line per trace', async () => {
    const r = await loupe(['traces', '--since', '1h', '--format', 'csv', ...conn])
    expect(r.code).toBe(0)
    const [header, ...rows] = r.stdout.trimEnd().split('\n')
    expect(header).toMatch(/^traceId,startTime,/)
    expect(rows).toHaveLength(3)
  })

  it('exits 2 on a bad flag or value, naming it, without a request', async () => {
    const bogus = await loupe(['traces', '--bogus', '--url', 'http://127.0.0.1:1'])
    expect(bogus).toEqual({
      code: 2,
      stdout: '',
      stderr: 'loupe: unknown flag --bogus for loupe traces; see loupe traces --help\n',
    })
    const since = await loupe(['report', 'cost', '--since', '7x'])
    expect(since).toEqual({
      code: 2,
      stdout: '',
      stderr: 'loupe: --since: "7x" is not a duration like 30m, 24h or 7d\n',
    })
  })

  it('exits 3 when the collector cannot be reached, naming the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`
    const r = await loupe(['traces', '--url', url])
    expect(r.code).toBe(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`loupe: cannot reach ${url}: connection refused (is the collector running?)\n`)
  })

  it('exits 4 with the server message for a 400', async () => {
    const r = await loupe(['report', 'cost', '--by', 'nonsense', ...conn])
    expect(r.code).toBe(4)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^loupe: http:\/\/127\.0\.0\.1:\d+ answered 400 .*nonsense.*\n$/)
  })

  it('exits 4 for a 401 without a key, and says how to give one', async () => {
    const r = await loupe(['traces', '--url', c.url])
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/answered 401 .*\(pass --api-key or set LOUPE_API_KEY\)\n$/)
  })

  it('looks up what the collector charges for a model, at a time', async () => {
    // Tuesday 2026-12-01 02:30 UTC is DeepSeek peak time: every rate doubles
    const r = await loupe(['prices', 'deepseek/deepseek-v4-flash', '--at', '2026-12-01T02:30:00Z', ...conn])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(
      'deepseek/deepseek-v4-flash → deepseek-v4-flash (deepseek, from the bundled table of ' +
        bundledPriceFile().updated +
        ')',
    )
    expect(lines.find((l) => l.startsWith('base'))?.split(/ +/)).toEqual(['base', '0.15', '0.60', '0.003', '0.15'])
    expect(
      lines
        .find((l) => l.startsWith('at 2026-12-01 02:30 UTC'))
        ?.split(/ +/)
        .slice(-4),
    ).toEqual(['0.30', '1.20', '0.006', '0.30'])
    expect(lines.at(-1)).toBe('Peak hours: every rate × 2 on Mon, Tue, Wed, Thu, Fri, 01:00–04:00 and 06:00–10:00 UTC.')
    const json = await loupe(['prices', 'gpt-4o-2024-08-06', '--format', 'json', ...conn])
    expect(PriceLookupResponse.parse(JSON.parse(json.stdout)).match).toMatchObject({
      model: 'gpt-4o',
      origin: 'bundled',
      rates: { input: 2.5, output: 10 },
    })
    const unpriced = await loupe(['prices', 'acme-llm-9', ...conn])
    expect(unpriced.code).toBe(0)
    expect(unpriced.stdout).toMatch(/^acme-llm-9 is unpriced/)
    const missing = await loupe(['prices', ...conn])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('loupe: prices: missing the model name, for example: loupe prices gpt-4o\n')
  })

  it('prints help with the exit codes', async () => {
    const r = await loupe(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Exit codes:')
    expect(r.stdout).toContain('3  cannot reach the collector')
    expect(r.stdout).toContain('6  --fail-on: the report printed')
  })

  describe('readiness and drift', () => {
    // careful asks a human before send_email; reckless sends it unapproved (the default policy
    // counts "send" as risky) and has no guardrail
    const runs = AGENT_RUNS.filter((r) => r.key === 'carefulHappy' || r.key === 'recklessRisky')
    let ids: Record<string, string> = {}
    let connB: string[]

    beforeAll(async () => {
      connB = ['--url', c.url, '--api-key', KEY_B]
      const auth = { authorization: `Bearer ${KEY_B}` }
      ids = await sendRuns(c.url, runs, Date.now() - 2 * HOUR, auth)
      await waitForSettled(c.url, runs, ids, 15_000, auth)
    })

    it('prints a row per agent with a verdict per check, then the failing checks with their traces', async () => {
      const r = await loupe(['report', 'readiness', '--since', '3h', ...connB])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const lines = r.stdout.split('\n')
      expect(lines[0]).toMatch(/^Readiness, .* UTC: 2 traces, against the default policy$/)
      const header = lines[2]!
      expect(header).toMatch(
        /^service +agent +verdict +step-limit +cost-budget +tool-timeouts +human-approval .* guardrails$/,
      )
      const reckless = lines.find((l) => /^shop-api +reckless /.test(l))!
      const careful = lines.find((l) => /^shop-api +careful /.test(l))!
      expect(reckless).toMatch(/^shop-api +reckless +fail /)
      const under = (row: string, check: string) => row.slice(header.indexOf(check)).split(' ')[0]
      expect(under(reckless, 'human-approval')).toBe('fail')
      expect(under(reckless, 'guardrails')).toBe('warn')
      expect(under(careful, 'human-approval')).toBe('pass')
      expect(under(careful, 'guardrails')).toBe('pass')
      const failing = r.stdout.slice(r.stdout.indexOf('Failing checks:'))
      expect(failing).toMatch(/\nshop-api \/ reckless\n {2}fail {2}.+\n {8}.+\n {8}traces: [0-9a-f]{32}/)
      expect(failing).toContain(`traces: ${ids['recklessRisky']}`)
      // careful may warn (no step limit shows in two runs), but fails nothing
      const carefulBlock = failing.slice(failing.indexOf('shop-api / careful'))
      expect(carefulBlock).not.toMatch(/^ {2}fail /m)
    })

    it('prints the readiness report as JSON and as CSV, one line per agent and check', async () => {
      const [json, csv] = await Promise.all([
        loupe(['report', 'readiness', '--since', '3h', '--format', 'json', ...connB]),
        loupe(['report', 'readiness', '--since', '3h', '--format', 'csv', ...connB]),
      ])
      expect(json.code).toBe(0)
      const report = ReadinessResponse.parse(JSON.parse(json.stdout))
      expect(report.agents.map((a) => a.agentName).sort()).toEqual(['careful', 'reckless'])
      const approval = report.agents
        .find((a) => a.agentName === 'reckless')!
        .checks.find((c) => c.id === 'human-approval')!
      expect(approval).toMatchObject({ verdict: 'fail', exampleTraceIds: [ids['recklessRisky']] })

      expect(csv.code).toBe(0)
      const [head, ...rows] = csv.stdout.trimEnd().split('\r\n')
      expect(head).toBe('service,agent,check,title,verdict,summary,figures,exampleTraceIds')
      expect(rows).toHaveLength(20)
      const line = rows.find((l) => l.startsWith('shop-api,reckless,human-approval,'))!
      expect(line).toContain(',fail,')
      expect(line).toMatch(/,(?:[\w]+=[\d.]*;)*riskyCalls=1[;,]/)
      expect(line.endsWith(`,${ids['recklessRisky']}`)).toBe(true)
    })

    it('gates a deploy with --fail-on: exit 6 and the reason on stderr when a check failed, 0 when none did', async () => {
      const [reckless, careful] = await Promise.all([
        loupe(['report', 'readiness', '--agent', 'reckless', '--fail-on', 'fail', ...connB]),
        loupe(['report', 'readiness', '--agent', 'careful', '--fail-on', 'fail', ...connB]),
      ])
      expect(reckless.code).toBe(6)
      expect(reckless.stderr).toMatch(
        /^loupe: --fail-on fail: \d+ checks? failed \(shop-api \/ reckless: .*human-approval fail.*\)\n$/,
      )
      expect(reckless.stdout).toContain('Failing checks:')
      expect(careful).toMatchObject({ code: 0, stderr: '' })
      expect(careful.stdout).toMatch(/^shop-api +careful /m)
    })

    it('reports insufficient data for drift with an empty reference window, and does not trip --fail-on drift', async () => {
      const r = await loupe(['report', 'drift', '--fail-on', 'drift', ...connB])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const lines = r.stdout.trimEnd().split('\n')
      expect(lines[0]).toMatch(/^Drift, .* UTC against the reference .* UTC, alpha 0\.05$/)
      expect(lines[2]).toMatch(
        /^agent +model +feature +test +n ref +n cur +statistic +p \(adjusted\) +effect \/ threshold +verdict +p50 ref → cur$/,
      )
      const rows = lines.slice(3, -2)
      expect(rows.length).toBeGreaterThan(0)
      for (const row of rows) expect(row).toMatch(/^(careful|reckless) .* +0 +\d+ +— +— +— \/ \S+ +insufficient data /)
      // recklessRisky made one LLM call, carefulHappy two
      expect(rows).toContainEqual(expect.stringMatching(/^reckless +gpt-4o +latency-ms +ks +0 +1 /))
      expect(rows).toContainEqual(expect.stringMatching(/^careful +gpt-4o +latency-ms +ks +0 +2 /))
      expect(lines.at(-1)).toMatch(
        new RegExp(
          `^${rows.length} of ${rows.length} features have insufficient data: fewer than \\d+ samples in a window\\.$`,
        ),
      )
    })

    it('prints the drift report as JSON with the windows asked for', async () => {
      const r = await loupe([
        'report',
        'drift',
        '--since',
        '1d',
        '--reference-from',
        '8d',
        '--reference-to',
        '1d',
        '--alpha',
        '0.01',
        '--format',
        'json',
        ...connB,
      ])
      expect(r.code).toBe(0)
      const report = DriftResponse.parse(JSON.parse(r.stdout))
      expect(report.alpha).toBe(0.01)
      expect(Date.parse(report.reference.to)).toBe(Date.parse(report.current.from))
      expect(Date.parse(report.current.from) - Date.parse(report.reference.from)).toBe(7 * 24 * HOUR)
      expect(report.groups.map((g) => `${g.agentName}/${g.model}`).sort()).toEqual([
        'careful/',
        'careful/gpt-4o',
        'reckless/',
        'reckless/gpt-4o',
      ])
      for (const f of report.groups.flatMap((g) => g.features))
        expect(f).toMatchObject({ status: 'insufficient-data', drifted: false, nRef: 0 })
    })

    it('exits 2 for an overlapping reference window, before any request', async () => {
      const r = await loupe(['report', 'drift', '--since', '2d', '--reference-to', '1d', '--url', 'http://127.0.0.1:1'])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/^loupe: --reference-to: the reference window .* overlaps the current window .*\n$/)
    })
  })
})
