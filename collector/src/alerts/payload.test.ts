import { createHmac, timingSafeEqual } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { slackMessage, webhookBody, webhookHeaders, type Alert } from './payload.ts'

function webhookRequest(alert: Alert, secret: string | undefined, nowMs: number) {
  const body = webhookBody(alert)
  return { body, headers: webhookHeaders(body, secret, nowMs) }
}

const ALERT: Alert = {
  id: '4f1c0a9e2b7d4c55a1e0f3b2c9d8e7f6',
  rule: 'runaway-trace',
  state: 'firing',
  subject: { kind: 'trace', value: '0af7651916cd43dd8448eb211c80319c' },
  traceId: '0af7651916cd43dd8448eb211c80319c',
  stop: true,
  resolvedAt: null,
  value: 1.37,
  threshold: 1,
  message: 'trace 0af76519… of agent <planner> has cost $1.37, past $1.00',
  link: 'http://127.0.0.1:4318/traces/0af7651916cd43dd8448eb211c80319c',
  firedAt: '2026-12-04T20:00:00.000Z',
}

/** What a receiver does, as the README will show it. */
function verify(secret: string, headers: Record<string, string>, body: string, nowMs: number): boolean {
  const timestamp = headers['x-loupe-timestamp'] ?? ''
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > 300) return false // a replay, or a stale one
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
  const given = headers['x-loupe-signature'] ?? ''
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
}

describe('webhookRequest', () => {
  const now = Date.parse('2026-12-04T20:00:05Z')

  it('sends the alert as JSON, signed over the timestamp and the exact body', () => {
    const { body, headers } = webhookRequest(ALERT, 's3cr3t', now)
    expect(JSON.parse(body)).toEqual(ALERT)
    expect(headers['x-loupe-timestamp']).toBe(String(now / 1000))
    expect(headers['x-loupe-signature']).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(verify('s3cr3t', headers, body, now)).toBe(true)
  })

  it('fails the check for another secret, a changed body or an old timestamp', () => {
    const { body, headers } = webhookRequest(ALERT, 's3cr3t', now)
    expect(verify('other', headers, body, now)).toBe(false)
    expect(verify('s3cr3t', headers, body.replace('1.37', '0.37'), now)).toBe(false)
    expect(verify('s3cr3t', headers, body, now + 3_600_000)).toBe(false)
  })

  it('sends no signature without a secret', () => {
    expect(webhookRequest(ALERT, undefined, now).headers['x-loupe-signature']).toBeUndefined()
  })
})

describe('slackMessage', () => {
  it('reads as one line in notifications and links to the subject, with span text escaped', () => {
    const m = slackMessage(ALERT)
    expect(m.text).toBe(
      ':rotating_light: Firing: runaway-trace: trace 0af76519… of agent &lt;planner&gt; has cost $1.37, past $1.00',
    )
    expect(JSON.stringify(m.blocks)).toContain(ALERT.link)
    expect(slackMessage({ ...ALERT, state: 'resolved' }).text).toMatch(/^:white_check_mark: Resolved: /)
  })
})
