/**
 * @module query/price-lookup
 * `GET /api/prices`: which price-table entry a model name matches and what it charges, so an
 * unpriced or surprising cost can be traced to the table (or to `LOUPE_PRICES_FILE`). Pure.
 */
import type { PriceLookupQuery, PriceLookupResponse } from '@loupe/schema'
import type { ModelPrice, PriceBook } from '../cost/price-book.ts'
import { ratesFor } from '../cost/price.ts'

export function priceLookup(book: PriceBook, q: PriceLookupQuery, nowMs: number): PriceLookupResponse {
  const price = book.lookup(q.model)
  return {
    model: q.model,
    match: price === null ? null : matchDetail(price, q.at ?? nowMs, q.inputTokens),
    updated: book.updated,
  }
}

function matchDetail(price: ModelPrice, atMs: number, inputTokens: number): NonNullable<PriceLookupResponse['match']> {
  return {
    model: price.model,
    provider: price.provider,
    origin: price.origin,
    rates: price.rates,
    tiers: [...price.tiers],
    changes: price.changes.map((ch) => ({
      from: new Date(ch.fromMs).toISOString().slice(0, 10),
      rates: ch.period.rates,
      tiers: [...ch.period.tiers],
    })),
    peak:
      price.peak === null
        ? null
        : {
            factor: price.peak.factor,
            weekdays: [...price.peak.weekdays],
            hoursUtc: price.peak.hoursUtc.map(([from, to]) => [from, to] as [number, number]),
          },
    ratesAt: { at: new Date(atMs).toISOString(), inputTokens, ...ratesFor(price, inputTokens, atMs) },
  }
}
