/**
 * @module http/price-routes
 * `GET /api/prices?model=…`: which price-table entry a model name matches and what it charges,
 * so an unpriced or surprising cost can be traced to the table (or to `LOUPE_PRICES_FILE`).
 */
import { API_ROUTES, type PriceLookupResponse } from '@loupe/schema'
import { Hono } from 'hono'
import type { ModelPrice, PriceBook } from '../cost/price-book.ts'
import { ratesFor } from '../cost/price.ts'
import type { AppEnv } from './app-env.ts'
import { parseQuery } from './query-params.ts'

export function priceRoutes(deps: { priceBook: PriceBook; now?: () => number }) {
  const now = deps.now ?? Date.now
  const app = new Hono<AppEnv>()

  app.get('/prices', (c) => {
    const q = parseQuery(c, API_ROUTES.prices.query)
    const price = deps.priceBook.lookup(q.model)
    const body: PriceLookupResponse = {
      model: q.model,
      match: price === null ? null : matchDetail(price, q.at ?? now(), q.inputTokens),
      updated: deps.priceBook.updated,
    }
    return c.json(body)
  })

  return app
}

function matchDetail(price: ModelPrice, atMs: number, inputTokens: number): NonNullable<PriceLookupResponse['match']> {
  return {
    model: price.model,
    provider: price.provider,
    origin: price.origin,
    rates: price.rates,
    tiers: [...price.tiers],
    changes: price.changes.map((ch) => ({ from: new Date(ch.fromMs).toISOString().slice(0, 10), rates: ch.period.rates, tiers: [...ch.period.tiers] })),
    peak: price.peak === null
      ? null
      : { factor: price.peak.factor, weekdays: [...price.peak.weekdays], hoursUtc: price.peak.hoursUtc.map(([from, to]) => [from, to] as [number, number]) },
    ratesAt: { at: new Date(atMs).toISOString(), inputTokens, ...ratesFor(price, inputTokens, atMs) },
  }
}
