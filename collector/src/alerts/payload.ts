/**
 * @module alerts/payload
 * What an alert looks like on the wire. Pure: a webhook's JSON body and its signature headers,
 * and a Slack incoming-webhook message.
 *
 * The signature lets a receiver check the sender and refuse replays: `X-Loupe-Signature` is
 * `sha256=` and the hex HMAC-SHA256, keyed by the channel's secret, of the `X-Loupe-Timestamp`
 * value (Unix seconds), a dot and the exact body bytes.
 */
import type { AlertRow } from '@loupe/schema'
import { createHmac } from 'node:crypto'

/** An alert as it is sent: the API's row without its delivery status. */
export type Alert = Omit<AlertRow, 'deliveries'>

function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** The webhook's body: the alert as JSON. */
export function webhookBody(alert: Alert): string {
  return JSON.stringify(alert)
}

/**
 * The webhook POST's headers for a body: the timestamp always, the signature when a secret is set.
 * Signed at each attempt, so a retry carries a fresh timestamp a receiver's replay window accepts.
 */
export function webhookHeaders(body: string, secret: string | undefined, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000))
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-loupe-timestamp': timestamp }
  if (secret !== undefined) headers['x-loupe-signature'] = signature(secret, timestamp, body)
  return headers
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
