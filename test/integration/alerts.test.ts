/**
 * Alerts and the guard end to end, from real OTLP traffic (the OTel SDK's protobuf exporter) to
 * local webhook receivers on 127.0.0.1:
 * - a looping agent crosses a trace-cost rule with `stop: true` and the loop rule while it runs;
 *   the guard tells it to stop, and a healthy agent to go on;
 * - a receiver that fails three times, one that hangs (and must not hold up the other), one that
 *   checks the signature;
 * - windowed rules: a user's rolling spend, and an agent's error rate that fires and then resolves
 *   as successful calls dilute it;
 * - a receiver that is down at first, with a restart between firing and delivery: delivered once,
 *   and the alert never fires again.
 */
import { context, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api'
import { AlertRulesResponse, AlertsResponse, AlertTestResponse, GuardResponse, type AlertRow } from '@loupe/schema'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exporterTo, getJson as get } from '../utils/agent-exporter.ts'
import { loupe } from '../utils/loupe-cli.ts'
import { removeDataDir, startCollector, type RunningCollector } from '../utils/collector.ts'
import { until, waitSettled } from '../utils/until.ts'
import { signatureValid, startReceiver, type Receiver } from '../utils/webhook-receiver.ts'

const SECRET = 's3cr3t'

/** Each step 100 ms after the one before, as an agent's steps follow one another. */
let clock = Date.now()

/** One step: a 5,000-token gpt-4o call (about $0.013), then a tool call. */
function step(tracer: Tracer, root: Span, tool: { args: string; result: string; fails?: boolean }, attrs = {}): void {
  const ctx = trace.setSpan(context.active(), root)
  clock = Math.max(clock + 100, Date.now())
  const at = clock
  tracer
    .startSpan(
      'chat gpt-4o',
      {
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.usage.input_tokens': 5000,
          'gen_ai.usage.output_tokens': 40,
          ...attrs,
        },
        startTime: at,
      },
      ctx,
    )
    .end(at + 40)
  const span = tracer.startSpan(
    'execute_tool get_weather',
    {
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.tool.call.arguments': tool.args,
        'gen_ai.tool.call.result': tool.result,
        ...attrs,
      },
      startTime: at + 50,
    },
    ctx,
  )
  if (tool.fails) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream 503' })
  span.end(at + 90)
}

const alertsOf = async (url: string, query = '') =>
  (await get(`${url}/api/alerts?from=${Date.now() - 3_600_000}${query}`, AlertsResponse)).alerts

describe('alerts and the guard', () => {
  let c: RunningCollector
  let dir: string
  let flaky: Receiver
  let hang: Receiver
  let signed: Receiver
  let slack: Receiver

  beforeAll(async () => {
    ;[flaky, hang, signed, slack] = await Promise.all([
      startReceiver({ failFirst: 3 }),
      startReceiver({ hang: true }),
      startReceiver(),
      startReceiver(),
    ])
    dir = mkdtempSync(join(tmpdir(), 'loupe-alerts-'))
    const rules = join(dir, 'alerts.yaml')
    writeFileSync(
      rules,
      `channels:
  flaky: { type: webhook, url: "${flaky.url}" }
  hang: { type: webhook, url: "${hang.url}" }
  signed: { type: webhook, url: "${signed.url}", secret: "${SECRET}" }
  team: { type: slack, url: "${slack.url}" }
rules:
  - name: loops
    when: { finding: { detector: repeated-tool-call, minSeverity: warning } }
    notify: [signed]
  - name: runaway-trace
    when: { traceCostUsd: 0.05 }
    notify: [flaky, hang, team]
    stop: true
  - name: user-spend
    when: { costUsd: 0.03, per: userId, window: 1h }
    notify: [signed]
  - name: failing-agent
    when: { errorRate: 0.2, per: agent, window: 15m, minCalls: 5 }
    notify: [signed]
    filter: { service: checkout }
`,
    )
    c = await startCollector({
      env: {
        LOUPE_SETTLE_MS: '4000',
        LOUPE_ALERTS_FILE: rules,
        LOUPE_ALERTS_WINDOWED_MS: '1000',
        LOUPE_PUBLIC_URL: 'https://loupe.example.com/',
        LOUPE_BUDGET_USD: '0.08',
      },
    })
  })

  afterAll(async () => {
    await c?.stop()
    await Promise.all([flaky?.close(), hang?.close(), signed?.close(), slack?.close()])
    if (c) removeDataDir(c.dataDir)
    rmSync(dir, { recursive: true, force: true })
  })

  it('shows the rules in force, with channels but never their URLs or secrets', async () => {
    const res = await fetch(`${c.url}/api/alerts/rules`)
    const text = await res.text()
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain('/hook')
    const view = AlertRulesResponse.parse(JSON.parse(text))
    expect(view.rules.map((r) => [r.name, r.state])).toEqual([
      ['loops', 'ok'],
      ['runaway-trace', 'ok'],
      ['user-spend', 'ok'],
      ['failing-agent', 'ok'],
    ])
    expect(view.channels.find((ch) => ch.name === 'signed')).toMatchObject({ type: 'webhook', signed: true })
    expect(c.logs()).not.toContain(SECRET)
  })

  it('tells a looping agent to stop while it runs, alerts every channel once, and lets a healthy agent go on', async () => {
    const { provider, tracer } = exporterTo(c.url, 'support', 100)
    const looping = tracer.startSpan('invoke_agent planner', { attributes: { 'gen_ai.agent.name': 'planner' } })
    const loopId = looping.spanContext().traceId
    const healthy = tracer.startSpan('invoke_agent helper', { attributes: { 'gen_ai.agent.name': 'helper' } })
    const healthyId = healthy.spanContext().traceId

    const unknown = await get(`${c.url}/api/guard/${'ab'.repeat(16)}`, GuardResponse)
    expect(unknown).toMatchObject({ action: 'continue', known: false })

    // four steps of the same call: past $0.05 on the fourth, a loop from the third
    const same = { args: '{"city":"Paris"}', result: '{"temp":18}' }
    for (let i = 0; i < 4; i++) step(tracer, looping, same, { 'user.id': 'u-loop' })
    step(tracer, healthy, { args: '{"city":"Oslo"}', result: '{"temp":3}' })
    await provider.forceFlush()
    const crossedAt = Date.now()

    const stopped = await until(
      () => get(`${c.url}/api/guard/${loopId}`, GuardResponse),
      (g) => g.action === 'stop',
      { what: 'the guard to say stop', timeoutMs: 10_000 },
    )
    const guardMs = Date.now() - crossedAt
    expect(stopped.running).toBe(true)
    expect(stopped.steps).toBe(8)
    expect(stopped.costUsd).toBeGreaterThan(0.05)
    expect(stopped.reasons.some((r) => r.startsWith('alert runaway-trace'))).toBe(true)
    expect(stopped.findings.map((f) => f.detector)).toContain('repeated-tool-call')

    const fine = await get(`${c.url}/api/guard/${healthyId}`, GuardResponse)
    expect(fine).toMatchObject({ action: 'continue', reasons: [], known: true, steps: 2 })

    // the webhook: flaky fails three times, then accepts; hang never answers and holds nothing up
    await until(
      async () => flaky.accepted(),
      (a) => a.length === 1,
      { what: 'the flaky receiver to accept the alert', timeoutMs: 20_000 },
    )
    const webhookMs = flaky.received[0]!.atMs - crossedAt
    expect(flaky.received.map((r) => r.answered)).toEqual([500, 500, 500, 200])
    const alert = flaky.accepted()[0] as AlertRow
    expect(alert).toMatchObject({
      rule: 'runaway-trace',
      state: 'firing',
      subject: { kind: 'trace', value: loopId },
      traceId: loopId,
      threshold: 0.05,
      stop: true,
      link: `https://loupe.example.com/traces/${loopId}`,
    })
    expect(alert.message).toContain('still running')
    expect(hang.received.length).toBeGreaterThanOrEqual(1)
    // Slack: an incoming-webhook message, text for the notification and blocks for the channel
    const [message] = slack.accepted() as Array<{ text: string; blocks: Array<{ type: string }> }>
    expect(message!.text).toMatch(
      /^:rotating_light: Firing: runaway-trace: trace [0-9a-f]{8}… has cost \$0\.052, past \$0\.05, still running$/,
    )
    expect(message!.blocks.map((b) => b.type)).toEqual(['section', 'context', 'actions'])

    // the loop rule reached the signed receiver, signed
    await until(
      async () => signed.accepted() as AlertRow[],
      (a) => a.some((x) => x.rule === 'loops' && x.traceId === loopId),
      { what: 'the loop alert' },
    )
    for (const r of signed.received) expect(signatureValid(SECRET, r)).toBe(true)

    // the agent goes on regardless; then stops, and its trace settles: still one alert per rule
    for (let i = 0; i < 3; i++) step(tracer, looping, same, { 'user.id': 'u-loop' })
    looping.end()
    healthy.end()
    await provider.forceFlush()
    await waitSettled(c.url, { timeoutMs: 30_000 })
    const history = await alertsOf(c.url, `&subject=${loopId}`)
    expect(history.map((a) => a.rule).sort()).toEqual(['loops', 'runaway-trace'])
    const runaway = history.find((a) => a.rule === 'runaway-trace')!
    expect(runaway.deliveries.find((d) => d.channel === 'flaky')).toMatchObject({
      status: 'delivered',
      attempts: 4,
      event: 'firing',
    })
    const hung = runaway.deliveries.find((d) => d.channel === 'hang')!
    expect(hung.status).toBe('pending')
    expect(hung.lastError).toBe('no answer within 5 s')
    expect(flaky.accepted()).toHaveLength(1)
    expect(signed.accepted().filter((a) => (a as AlertRow).traceId === loopId)).toHaveLength(1)

    const rules = await get(`${c.url}/api/alerts/rules`, AlertRulesResponse)
    expect(rules.rules.find((r) => r.name === 'runaway-trace')).toMatchObject({ state: 'firing', firingSubjects: 1 })
    // seven steps cost $0.09: past the policy's $0.08 budget (LOUPE_BUDGET_USD) too
    const settled = await get(`${c.url}/api/guard/${loopId}`, GuardResponse)
    expect(settled).toMatchObject({ action: 'stop', running: false, steps: 14 })
    expect(settled.reasons).toContain('cost $0.09 is past the budget of $0.08 per trace')
    console.info(`crossing → guard stop ${guardMs} ms; crossing → first webhook attempt ${webhookMs} ms`)
    await provider.shutdown()
  })

  it('tells an agent stuck in a cheap loop to stop on the critical loop finding alone', async () => {
    const { provider, tracer } = exporterTo(c.url, 'support', 100)
    const root = tracer.startSpan('invoke_agent poller', { attributes: { 'gen_ai.agent.name': 'poller' } })
    const traceId = root.spanContext().traceId
    const cheap = { 'gen_ai.usage.input_tokens': 20, 'gen_ai.usage.output_tokens': 5 }
    for (let i = 0; i < 4; i++) step(tracer, root, { args: '{"job":7}', result: '{"state":"queued"}' }, cheap)
    await provider.forceFlush()
    await until(
      () => get(`${c.url}/api/guard/${traceId}`, GuardResponse),
      (g) => g.steps === 8,
      { what: 'four steps seen by the guard' },
    )
    expect((await get(`${c.url}/api/guard/${traceId}`, GuardResponse)).action).toBe('continue')
    step(tracer, root, { args: '{"job":7}', result: '{"state":"queued"}' }, cheap)
    await provider.forceFlush()
    const crossedAt = Date.now()
    const stopped = await until(
      () => get(`${c.url}/api/guard/${traceId}`, GuardResponse),
      (g) => g.action === 'stop',
      { what: 'the guard to say stop', timeoutMs: 10_000 },
    )
    console.info(`critical loop → guard stop ${Date.now() - crossedAt} ms`)
    expect(stopped.reasons).toHaveLength(1)
    expect(stopped.reasons[0]).toMatch(/^critical repeated-tool-call: /)
    root.end()
    await provider.shutdown()
  })

  it("fires a rolling per-user spend alert once, for that user's traces together", async () => {
    const { provider, tracer } = exporterTo(c.url, 'support', 100)
    // two traces of $0.013 each from one user: $0.026 stays under $0.03, a third crosses it
    for (let t = 0; t < 3; t++) {
      const root = tracer.startSpan('invoke_agent helper', { attributes: { 'user.id': 'u-spender' } })
      step(tracer, root, { args: `{"n":${t}}`, result: '{}' }, { 'user.id': 'u-spender' })
      root.end()
      await provider.forceFlush()
      if (t === 1) {
        // not yet: give the windowed check two turns
        await until(
          () =>
            get(`${c.url}/api/reports/cost?groupBy=user`, {
              parse: (v) => v as { rows: Array<{ dimensions: Record<string, string>; costUsd: number }> },
            }),
          (r) => r.rows.some((row) => row.dimensions['user'] === 'u-spender' && row.costUsd > 0.02),
          { what: "the user's first two traces in the cost report" },
        )
        expect(await alertsOf(c.url, '&rule=user-spend&subject=u-spender')).toEqual([])
      }
    }
    const fired = await until(
      () => alertsOf(c.url, '&rule=user-spend&subject=u-spender'),
      (a) => a.length === 1 && a[0]!.deliveries[0]?.status === 'delivered',
      { what: 'the user-spend alert, delivered' },
    )
    expect(fired[0]).toMatchObject({
      state: 'firing',
      subject: { kind: 'userId', value: 'u-spender' },
      threshold: 0.03,
    })
    expect(fired[0]!.value).toBeGreaterThan(0.03)
    expect(fired[0]!.link).toBe('https://loupe.example.com/traces?userId=u-spender')
    await provider.shutdown()
  })

  it("fires on an agent's error rate, in the filtered service only, and resolves when it clears", async () => {
    const checkout = exporterTo(c.url, 'checkout', 100)
    const other = exporterTo(c.url, 'billing', 100)
    const agent = { 'gen_ai.agent.name': 'payer' }
    // checkout: 3 traces, each an LLM call and a failing tool call: 3 errors in 6 calls
    for (let t = 0; t < 3; t++) {
      for (const { tracer } of [checkout, other]) {
        const root = tracer.startSpan('invoke_agent payer', { attributes: agent })
        step(tracer, root, { args: `{"order":${t}}`, result: '', fails: true }, agent)
        root.end()
      }
    }
    await Promise.all([checkout.provider.forceFlush(), other.provider.forceFlush()])
    const fired = await until(
      () => alertsOf(c.url, '&rule=failing-agent'),
      (a) => a.length === 1 && a[0]!.deliveries.some((d) => d.status === 'delivered'),
      { what: 'the error-rate alert, delivered' },
    )
    expect(fired[0]).toMatchObject({ state: 'firing', subject: { kind: 'agent', value: 'payer' }, value: 0.5 })
    expect(fired[0]!.message).toContain('3 of 6 calls failed')

    // 12 more successful calls in checkout: 3 of 18 is under 20%
    for (let t = 0; t < 6; t++) {
      const root = checkout.tracer.startSpan('invoke_agent payer', { attributes: agent })
      step(checkout.tracer, root, { args: `{"ok":${t}}`, result: '{}' }, agent)
      root.end()
    }
    await checkout.provider.forceFlush()
    const resolved = await until(
      () => alertsOf(c.url, '&rule=failing-agent'),
      (a) =>
        a[0]?.state === 'resolved' && a[0].deliveries.some((d) => d.event === 'resolved' && d.status === 'delivered'),
      { what: 'the error-rate alert to resolve' },
    )
    expect(resolved).toHaveLength(1)
    expect(resolved[0]!.resolvedAt).not.toBeNull()
    const notices = (signed.accepted() as AlertRow[]).filter((a) => a.rule === 'failing-agent')
    expect(notices.map((n) => n.state)).toEqual(['firing', 'resolved'])
    expect(new Set(notices.map((n) => n.id)).size).toBe(1)
    await Promise.all([checkout.provider.shutdown(), other.provider.shutdown()])
  })

  it('prints the same history with `loupe alerts`', async () => {
    const r = await loupe(['alerts', '--since', '1d', '--url', c.url, '--rule', 'runaway-trace'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const api = await alertsOf(c.url, '&rule=runaway-trace')
    expect(r.stdout).toContain(`trace:${api[0]!.traceId}`)
    expect(r.stdout).toMatch(/flaky ✓ delivered/)
    expect(r.stdout).toMatch(/hang pending \(\d+ tries?, next /)
    const json = AlertsResponse.parse(
      JSON.parse((await loupe(['alerts', '--since', '1d', '--url', c.url, '--format', 'json'])).stdout),
    )
    expect(json.alerts.map((a) => a.id).sort()).toEqual((await alertsOf(c.url)).map((a) => a.id).sort())
  })

  it('sends a test message to a channel, and names an unknown one', async () => {
    const before = signed.received.length
    const res = await fetch(`${c.url}/api/alerts/test?channel=signed`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(AlertTestResponse.parse(await res.json())).toEqual({
      channel: 'signed',
      delivered: true,
      status: 200,
      error: null,
    })
    expect(signed.received.length).toBe(before + 1)
    expect(signatureValid(SECRET, signed.received.at(-1)!)).toBe(true)

    const missing = await fetch(`${c.url}/api/alerts/test?channel=nope`, { method: 'POST' })
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: string }).error).toContain('no channel named nope')
    const down = await fetch(`${c.url}/api/alerts/test?channel=hang`, { method: 'POST' })
    expect(AlertTestResponse.parse(await down.json())).toMatchObject({
      delivered: false,
      error: 'no answer within 5 s',
    })
  })
})

describe('an alert fired before a restart', () => {
  it('is delivered after it, to a receiver that was down, and never fires again', async () => {
    const late = await startReceiver({ down: true })
    const dir = mkdtempSync(join(tmpdir(), 'loupe-alerts-'))
    const rules = join(dir, 'alerts.json')
    writeFileSync(
      rules,
      JSON.stringify({
        channels: { late: { type: 'webhook', url: late.url } },
        rules: [{ name: 'pricey', when: { traceCostUsd: 0.01 }, notify: ['late'] }],
      }),
    )
    const env = { LOUPE_SETTLE_MS: '3000', LOUPE_ALERTS_FILE: rules }
    let c = await startCollector({ env })
    try {
      const { provider, tracer } = exporterTo(c.url, 'support', 100)
      const root = tracer.startSpan('invoke_agent helper')
      const traceId = root.spanContext().traceId
      step(tracer, root, { args: '{}', result: '{}' })
      await provider.forceFlush()
      const pending = await until(
        () => alertsOf(c.url),
        (a) => a.length === 1 && a[0]!.deliveries[0]!.attempts >= 1,
        { what: 'a first failed attempt' },
      )
      expect(pending[0]!.deliveries[0]).toMatchObject({ status: 'pending', channel: 'late' })
      expect(pending[0]!.deliveries[0]!.lastError).toMatch(/^could not connect/)

      // the collector stops with the alert undelivered; the receiver comes up; the trace ends meanwhile
      expect(await c.stop()).toBe(0)
      root.end()
      await late.up()
      c = await startCollector({ env, dataDir: c.dataDir })
      await provider.forceFlush()
      await until(
        async () => late.accepted() as AlertRow[],
        (a) => a.length === 1,
        { what: 'the delivery after the restart', timeoutMs: 30_000 },
      )
      expect((late.accepted()[0] as AlertRow).traceId).toBe(traceId)
      await waitSettled(c.url, { timeoutMs: 30_000 })
      const after = await until(
        () => alertsOf(c.url),
        (a) => a[0]?.deliveries[0]?.status === 'delivered',
        { what: 'the delivery recorded' },
      )
      expect(after).toHaveLength(1)
      expect(late.received.filter((r) => r.answered === 200)).toHaveLength(1)
      await provider.shutdown()
    } finally {
      await c.stop()
      await late.close()
      removeDataDir(c.dataDir)
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
