/**
 * @module alerts/payload
 * What an alert looks like on the wire. Pure: a webhook's JSON body and its signature headers,
 * and a Slack incoming-webhook message.
 *
 * The signature lets a receiver check the sender and refuse replays: `X-Loupe-Signature` is
 * `sha256=` and the hex HMAC-SHA256, keyed by the channel's secret, of the `X-Loupe-Timestamp`
 * value (Unix seconds), a dot and the exact body bytes.
 */
import { createHmac } from 'node:crypto'

export interface Alert {
  id: string
  rule: string
  state: 'firing' | 'resolved'
  /** what the rule fired for: a trace, a user in a window, an agent in a window, … */
  subject: { kind: string; value: string }
  value: number
  threshold: number
  /** one line a person understands */
  message: string
  /** where to look, in the UI */
  link: string
  /** ISO-8601 */
  firedAt: string
}

function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** The webhook POST: the alert as JSON, with the timestamp always and the signature when a secret is set. */
export function webhookRequest(
  alert: Alert,
  secret: string | undefined,
  nowMs: number,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(alert)
  const timestamp = String(Math.floor(nowMs / 1000))
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-loupe-timestamp': timestamp }
  if (secret !== undefined) headers['x-loupe-signature'] = signature(secret, timestamp, body)
  return { body, headers }
}

/** Slack's mrkdwn treats these three as markup; anything a span carried is escaped. */
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/** An incoming-webhook message: `text` for notifications, `blocks` for the channel. */
export function slackMessage(alert: Alert): { text: string; blocks: unknown[] } {
  const icon = alert.state === 'firing' ? ':rotating_light:' : ':white_check_mark:'
  const headline = `${icon} ${alert.state === 'firing' ? 'Firing' : 'Resolved'}: ${escapeSlack(alert.rule)}`
  return {
    text: `${headline}: ${escapeSlack(alert.message)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*\n${escapeSlack(alert.message)}` } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${escapeSlack(alert.subject.kind)} \`${escapeSlack(alert.subject.value)}\` · value ${alert.value} · threshold ${alert.threshold} · fired ${alert.firedAt}`,
          },
        ],
      },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Loupe' }, url: alert.link }],
      },
    ],
  }
}
