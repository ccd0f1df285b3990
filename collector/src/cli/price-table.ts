/**
 * @module cli/price-table
 * Pure: a price lookup (`GET /api/prices`) → its rate schedule as rows, then as a table for
 * people or CSV for scripts. One row per rate set: the base, each long-context tier, each
 * announced change (and its tiers), then the rates in force at the asked time.
 */
import type { PriceLookupResponse } from '@loupe/schema'
import { toCsv } from '../query/csv.ts'
import { formatInt, renderTable, two, type Column } from './table.ts'

type Match = NonNullable<PriceLookupResponse['match']>
type Rates = Match['rates']

interface RateRow {
  /** base, tier, change, at */
  period: string
  /** the day a change takes effect, or the time asked about */
  from: string
  aboveInputTokens: number | null
  rates: Rates
  /** for the `at` row: the request's input tokens and whether peak hours applied */
  inputTokens?: number
  peak?: boolean
}

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

function priceRows(match: Match): RateRow[] {
  const rows: RateRow[] = [{ period: 'base', from: '', aboveInputTokens: null, rates: match.rates }]
  for (const t of match.tiers)
    rows.push({ period: 'tier', from: '', aboveInputTokens: t.aboveInputTokens, rates: t.rates })
  for (const ch of match.changes) {
    rows.push({ period: 'change', from: ch.from, aboveInputTokens: null, rates: ch.rates })
    for (const t of ch.tiers)
      rows.push({ period: 'change tier', from: ch.from, aboveInputTokens: t.aboveInputTokens, rates: t.rates })
  }
  const at = match.ratesAt
  rows.push({
    period: 'at',
    from: at.at,
    aboveInputTokens: at.aboveInputTokens,
    rates: at.rates,
    inputTokens: at.inputTokens,
    peak: at.peak,
  })
  return rows
}

/** `2.5` → `2.50`, `0.003` → `0.003`: at least two decimals, as many as the rate has (up to 6). */
function rate(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })
}

function label(row: RateRow): string {
  const above = row.aboveInputTokens === null ? '' : `above ${formatInt(row.aboveInputTokens)} input tokens`
  switch (row.period) {
    case 'base':
      return 'base'
    case 'tier':
      return above
    case 'change':
      return `from ${row.from}`
    case 'change tier':
      return `from ${row.from}, ${above}`
    default: {
      const when = `at ${row.from.slice(0, 16).replace('T', ' ')} UTC`
      const why = [
        row.aboveInputTokens === null ? '' : `above ${formatInt(row.aboveInputTokens)}`,
        row.peak ? 'peak hours' : '',
      ]
        .filter(Boolean)
        .join(', ')
      const tokens = row.inputTokens ? `, ${formatInt(row.inputTokens)} input tokens` : ''
      return `${when}${tokens}${why === '' ? '' : ` (${why})`}`
    }
  }
}

const COLUMNS: readonly Column[] = [
  { header: 'USD per 1M tokens', align: 'left' },
  { header: 'input', align: 'right' },
  { header: 'output', align: 'right' },
  { header: 'cache read', align: 'right' },
  { header: 'cache write', align: 'right' },
]

export function priceTable(lookup: PriceLookupResponse): string {
  const m = lookup.match
  if (m === null) {
    return (
      `${lookup.model} is unpriced: no entry of the price table matches it, so its spans have no cost.\n` +
      'Add it with a price file (LOUPE_PRICES_FILE on the collector).\n'
    )
  }
  const table =
    m.origin === 'user' ? `the price file of ${lookup.updated.user}` : `the bundled table of ${lookup.updated.bundled}`
  const rows = priceRows(m).map((r) => [
    label(r),
    rate(r.rates.input),
    rate(r.rates.output),
    rate(r.rates.cacheRead),
    rate(r.rates.cacheWrite),
  ])
  const peak =
    m.peak === null
      ? ''
      : `\nPeak hours: every rate × ${m.peak.factor} on ${m.peak.weekdays.map((d) => WEEKDAYS[d]).join(', ')}, ` +
        `${m.peak.hoursUtc.map(([from, to]) => `${two(from)}:00–${two(to)}:00`).join(' and ')} UTC.\n`
  return `${lookup.model} → ${m.model} (${m.provider}, from ${table})\n\n${renderTable(COLUMNS, rows)}${peak}`
}

export function priceCsv(lookup: PriceLookupResponse): string {
  const header = [
    'model',
    'matched',
    'provider',
    'origin',
    'period',
    'from',
    'aboveInputTokens',
    'input',
    'output',
    'cacheRead',
    'cacheWrite',
  ]
  const m = lookup.match
  if (m === null) return toCsv(header, [])
  return toCsv(
    header,
    priceRows(m).map((r) => [
      lookup.model,
      m.model,
      m.provider,
      m.origin,
      r.period,
      r.from,
      r.aboveInputTokens,
      r.rates.input,
      r.rates.output,
      r.rates.cacheRead,
      r.rates.cacheWrite,
    ]),
  )
}
