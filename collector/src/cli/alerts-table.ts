/**
 * @module cli/alerts-table
 * Pure: the alert history (`GET /api/alerts`) → a table for people, or CSV for scripts. One alert
 * a row, in the server's order (newest first). An alert's deliveries (one per channel and notice)
 * stack in the last column: the first on the alert's line, each other on a line of its own, so a
 * failing channel's error is readable without `--format json`.
 */
import type { AlertDelivery, AlertRow, AlertsResponse } from '@loupe/schema'
import { toCsv } from '../query/csv.ts'
import { dimensionCell, formatInt, renderTable, truncateEnd, type Column } from './table.ts'

/** What the server sends when `--limit` is not given (AlertsQuery's default). */
export const DEFAULT_ALERT_LIMIT = 100

const COLUMNS: readonly Column[] = [
  { header: 'fired (UTC)', align: 'left' },
  { header: 'rule', align: 'left' },
  { header: 'state', align: 'left' },
  { header: 'subject', align: 'left' },
  { header: 'value / threshold', align: 'right' },
  { header: 'message', align: 'left' },
  { header: 'deliveries', align: 'left' },
]

export function alertsTable(response: AlertsResponse): string {
  const rows = response.alerts.flatMap((a) => {
    const [first = '(none)', ...more] = a.deliveries.map((d) => deliveryCell(d, a.firedAt))
    return [
      [
        dateTime(a.firedAt),
        truncateEnd(oneLine(a.rule), 32),
        a.state,
        subjectCell(a),
        `${formatNumber(a.value)} / ${formatNumber(a.threshold)}`,
        truncateEnd(oneLine(a.message), 72),
        first,
      ],
      ...more.map((cell) => ['', '', '', '', '', '', cell]),
    ]
  })
  return renderTable(COLUMNS, rows)
}

/**
 * `trace:0af7651916cd43dd8448eb211c80319c`, `userId:u-42`. A trace id is whole (people paste it
 * into the UI, as in the other tables); a longer value is cut in the middle.
 */
export function subjectCell(a: Pick<AlertRow, 'subject'>): string {
  return `${a.subject.kind}:${dimensionCell(a.subject.value)}`
}

/**
 * `ops ✓ delivered`, `team pending (3 tries, next 12:03:04)`, `team ✗ failed: HTTP 404`. The notice
 * of a resolution is marked; the next attempt's time has its date only when it is not the day the
 * alert fired.
 */
export function deliveryCell(d: AlertDelivery, firedAt: string): string {
  const who = d.event === 'resolved' ? `${d.channel} (resolution)` : d.channel
  const tries = `${formatInt(d.attempts)} ${d.attempts === 1 ? 'try' : 'tries'}`
  switch (d.status) {
    case 'delivered':
      return `${who} ✓ delivered${d.attempts > 1 ? ` (${tries})` : ''}`
    case 'failed':
      return `${who} ✗ failed${d.lastError === null ? '' : `: ${truncateEnd(oneLine(d.lastError), 60)}`}`
    case 'pending': {
      const details = [
        d.attempts > 0 ? tries : '',
        d.nextAttemptAt === null ? '' : `next ${clock(d.nextAttemptAt, firedAt)}`,
      ].filter(Boolean)
      return `${who} pending${details.length > 0 ? ` (${details.join(', ')})` : ''}`
    }
  }
}

/**
 * Rules measure different things (dollars, an error rate, a count, an effect size) and the row
 * does not say which, so the figures are plain numbers; the message says them in words.
 * `23.4123` → `23.41`, `0.12345` → `0.123`, `1500` → `1,500`.
 */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return formatInt(n)
  const digits = Math.abs(n) >= 1 ? { maximumFractionDigits: 2 } : { maximumSignificantDigits: 3 }
  return n.toLocaleString('en-US', digits)
}

/** One line per alert; deliveries as `channel/event=status` joined with `;`. */
export function alertsCsv(response: AlertsResponse): string {
  const header = [
    'firedAt',
    'resolvedAt',
    'rule',
    'state',
    'subjectKind',
    'subject',
    'traceId',
    'value',
    'threshold',
    'stop',
    'message',
    'link',
    'deliveries',
    'id',
  ]
  const rows = response.alerts.map((a) => [
    a.firedAt,
    a.resolvedAt,
    a.rule,
    a.state,
    a.subject.kind,
    a.subject.value,
    a.traceId,
    a.value,
    a.threshold,
    a.stop ? 'true' : 'false',
    a.message,
    a.link,
    a.deliveries.map((d) => `${d.channel}/${d.event}=${d.status}`).join(';'),
    a.id,
  ])
  return toCsv(header, rows)
}

/** ISO → `2025-01-31 11:58:02` (UTC); shown as is if it does not parse. */
function dateTime(iso: string): string {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

/** `12:03:04`, or the whole `2025-02-01 00:03:04` when it is not on `day`'s date. */
function clock(iso: string, day: string): string {
  const full = dateTime(iso)
  return full.length === 19 && full.slice(0, 10) === dateTime(day).slice(0, 10) ? full.slice(11) : full
}

/** Messages and errors may carry span text; a line break would break the table. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
