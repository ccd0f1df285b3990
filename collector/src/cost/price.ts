/**
 * @module cost/price
 * The pricing function: a span's token usage × the {@link PriceBook} → USD.
 *
 * Token counts follow OTel (see `@loupe/schema` `Span`): input includes cached tokens (reads and
 * writes), output includes reasoning tokens. So
 *
 *   uncached = max(0, input − cacheRead − cacheWrite)
 *   cost     = (uncached × input$ + cacheRead × cacheRead$ + cacheWrite × cacheWrite$
 *               + output × output$) / 1e6
 *
 * Reasoning tokens are billed as output through `outputTokens` and never added again. The result
 * keeps full float precision; rounding is for display.
 *
 * Tiers: the tier is chosen by the request's total input (cached included; never less than
 * cacheRead + cacheWrite, so a span whose input leaves the cache out cannot slip into a cheaper
 * tier), and then every token of the request is billed at that tier's rates, as Anthropic and
 * Google bill long-context requests.
 *
 * Time: rates are those in force when the span started. An announced price change applies from
 * its day on, and peak hours multiply every rate (see `cost/price-book`).
 *
 * The provider is not consulted: model names are unique across the price table, and hosted
 * open-weight models are priced at one reference host (see `prices.json`); a user price file
 * re-prices them for another host.
 */
import { secondsOf, type CostSource } from '@loupe/schema'
import type { SpanRecord } from '../normalise/span-record.ts'
import type { ModelPrice, PriceBook, PricePeriod, Rates } from './price-book.ts'

/** The span fields the pricing function reads. */
export type TokenUsage = Pick<
  SpanRecord,
  | 'model'
  | 'provider'
  | 'startTimeUnixNano'
  | 'inputTokens'
  | 'outputTokens'
  | 'cacheReadTokens'
  | 'cacheWriteTokens'
  | 'reasoningTokens'
>

/** computed: priced from the book (costUsd set); unpriced: tokens but no price (costUsd null). */
export interface SpanCost {
  costUsd: number | null
  costSource: Extract<CostSource, 'computed' | 'unpriced'>
}

/** The rates a request pays, and why: the long-context tier it fell in (if any) and whether peak hours applied. */
export interface AppliedRates {
  rates: Rates
  aboveInputTokens: number | null
  peak: boolean
}

/**
 * The rates that apply to a request with `totalInputTokens` of input (cached included), made at
 * `atMs` (Unix milliseconds).
 */
export function ratesFor(price: ModelPrice, totalInputTokens: number, atMs: number): AppliedRates {
  const period = periodAt(price, atMs)
  let rates = period.rates
  let aboveInputTokens: number | null = null
  for (let i = period.tiers.length - 1; i >= 0; i--) {
    const tier = period.tiers[i]
    if (tier !== undefined && totalInputTokens > tier.aboveInputTokens) {
      rates = tier.rates
      aboveInputTokens = tier.aboveInputTokens
      break
    }
  }
  const factor = price.peak !== null && inPeak(price.peak, atMs) ? price.peak.factor : null
  return { rates: factor === null ? rates : scaled(rates, factor), aboveInputTokens, peak: factor !== null }
}

/** The base, or the latest announced change that has taken effect by `atMs`. */
function periodAt(price: ModelPrice, atMs: number): PricePeriod {
  for (let i = price.changes.length - 1; i >= 0; i--) {
    const change = price.changes[i]!
    if (atMs >= change.fromMs) return change.period
  }
  return price
}

function inPeak(peak: NonNullable<ModelPrice['peak']>, atMs: number): boolean {
  const at = new Date(atMs)
  if (!peak.weekdays.has(at.getUTCDay() || 7)) return false
  const hour = at.getUTCHours()
  return peak.hoursUtc.some(([from, to]) => hour >= from && hour < to)
}

function scaled(rates: Rates, factor: number): Rates {
  return {
    input: rates.input * factor,
    output: rates.output * factor,
    cacheRead: rates.cacheRead * factor,
    cacheWrite: rates.cacheWrite * factor,
  }
}

/**
 * Prices one span's usage.
 * @returns null when the span has no tokens at all (nothing to price); `unpriced` with a null
 *   cost when it has tokens but no model or no known price; otherwise `computed`.
 * @example
 * priceSpan({ model: 'gpt-4o', provider: 'openai', startTimeUnixNano: '1796126400000000000',
 *   inputTokens: 1000, cacheReadTokens: 200, cacheWriteTokens: 0, outputTokens: 500, reasoningTokens: 0 }, book)
 * // { costUsd: 0.00725, costSource: 'computed' }   (800 × 2.5 + 200 × 1.25 + 500 × 10) / 1e6
 */
export function priceSpan(usage: TokenUsage, book: PriceBook): SpanCost | null {
  const { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens } = usage
  const tokens = inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens + reasoningTokens
  if (tokens === 0) return null

  const price = usage.model === null ? null : book.lookup(usage.model)
  if (price === null) return { costUsd: null, costSource: 'unpriced' }

  const cached = cacheReadTokens + cacheWriteTokens
  const { rates } = ratesFor(price, Math.max(inputTokens, cached), secondsOf(usage.startTimeUnixNano) * 1000)
  const uncached = Math.max(0, inputTokens - cached)
  const perMillion =
    uncached * rates.input +
    cacheReadTokens * rates.cacheRead +
    cacheWriteTokens * rates.cacheWrite +
    outputTokens * rates.output
  return { costUsd: perMillion / 1e6, costSource: 'computed' }
}

/** The span fields {@link applyCost} reads and completes. */
export type CostableSpan = TokenUsage & Pick<SpanRecord, 'costUsd' | 'costSource'>

/**
 * Completes the cost of a batch, purely: returns a new array in which every span without a cost
 * source (no self-reported cost) carries `costUsd`/`costSource` from {@link priceSpan}. Spans
 * that reported their own cost, and spans without tokens, are returned as they came (the same
 * objects); priced spans are shallow copies. The input is not modified.
 */
export function applyCost<T extends CostableSpan>(spans: readonly T[], book: PriceBook): T[] {
  return spans.map((span) => {
    if (span.costSource !== null) return span
    const cost = priceSpan(span, book)
    // the keys exist on the span: a clone with two fields set stays on V8's fast path, where a
    // second spread (`{ ...span, ...cost }`) costs microseconds per span
    return cost === null ? span : { ...span, costUsd: cost.costUsd, costSource: cost.costSource }
  })
}
