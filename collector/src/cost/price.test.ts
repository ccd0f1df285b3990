import { describe, expect, it } from 'vitest'
import { applyCost, priceSpan, type CostableSpan, type TokenUsage } from './price.ts'
import { buildPriceBook, bundledPriceFile, parsePriceFile } from './price-book.ts'

const book = buildPriceBook(bundledPriceFile())

/** Token counts in short: input (cached included), cache read, cache write, output, reasoning. */
interface Tokens {
  in?: number
  read?: number
  write?: number
  out?: number
  reasoning?: number
}

/** Tuesday 2026-12-01 12:00 UTC: outside every peak window, before every announced change. */
const NOON = '1796126400000000000'

const usage = (
  model: string | null,
  t: Tokens,
  provider: string | null = null,
  startTimeUnixNano = NOON,
): TokenUsage => ({
  model,
  provider,
  startTimeUnixNano,
  inputTokens: t.in ?? 0,
  cacheReadTokens: t.read ?? 0,
  cacheWriteTokens: t.write ?? 0,
  outputTokens: t.out ?? 0,
  reasoningTokens: t.reasoning ?? 0,
})

describe('priceSpan', () => {
  it.each<[string, Tokens, number]>([
    // (800 × 2.5 + 200 × 1.25 + 500 × 10) / 1e6
    ['gpt-4o', { in: 1000, read: 200, out: 500 }, 0.00725],
    ['openai/gpt-4o-2024-08-06', { in: 1000, read: 200, out: 500 }, 0.00725],
    // (800 × 0.15 + 200 × 0.075 + 500 × 0.6) / 1e6
    ['gpt-4o-mini', { in: 1000, read: 200, out: 500 }, 0.000435],
    // (7000 × 3 + 2000 × 0.3 + 1000 × 3.75 + 1000 × 15) / 1e6
    ['claude-sonnet-4-5', { in: 10_000, read: 2000, write: 1000, out: 1000 }, 0.04035],
    // exactly 200k is not above 200k: base rates
    ['claude-sonnet-4-5', { in: 200_000 }, 0.6],
    // 250k input: every token at the long-context rates
    // (190000 × 6 + 50000 × 0.6 + 10000 × 7.5 + 2000 × 22.5) / 1e6
    ['claude-sonnet-4-5-20250929', { in: 250_000, read: 50_000, write: 10_000, out: 2000 }, 1.29],
    // the tier counts cached input too: (60000 × 6 + 150000 × 0.6) / 1e6
    ['claude-sonnet-4-5', { in: 210_000, read: 150_000 }, 0.45],
    // (80000 × 1.25 + 20000 × 0.125 + 1000 × 10) / 1e6
    ['gemini-2.5-pro', { in: 100_000, read: 20_000, out: 1000 }, 0.1125],
    // (300000 × 2.5 + 1000 × 15) / 1e6
    ['models/gemini-2.5-pro', { in: 300_000, out: 1000 }, 0.765],
    ['text-embedding-3-small', { in: 1000 }, 0.00002],
    // reasoning is inside output: 1000 × 10, not 1800 × 10
    ['gpt-5', { out: 1000, reasoning: 800 }, 0.01],
    // no cache-read price: falls back to input, (600 + 400) × 0.5
    ['mistral-large-latest', { in: 1000, read: 400 }, 0.0005],
    // over 272K input, OpenAI bills the whole request at 2× input and 1.5× output: (300000 × 5 + 1000 × 22.5) / 1e6
    ['gpt-5.4-2026-03-05', { in: 300_000, out: 1000 }, 1.5225],
    // Haiku 5.5 over 100K, cache reads included, bills every token at the higher rates: (60000 × 0.5 + 50000 × 0.05 + 1000 × 2.5) / 1e6
    ['claude-haiku-5-5', { in: 110_000, read: 50_000, out: 1000 }, 0.035],
    // no cache-write price: falls back to input, 1000 × 2.5
    ['gpt-4o', { in: 1000, write: 1000 }, 0.0025],
    // input that leaves the cache out never goes negative: 500 × 1.25
    ['gpt-4o', { in: 0, read: 500 }, 0.000625],
  ])('%s %o → $%s', (model, tokens, cost) => {
    const result = priceSpan(usage(model, tokens), book)
    expect(result?.costSource).toBe('computed')
    expect(result?.costUsd).toBeCloseTo(cost, 12)
  })

  it('keeps full float precision', () => {
    const cost = priceSpan(usage('gpt-4o-mini', { in: 7 }), book)?.costUsd
    expect(cost).toBe((7 * 0.15) / 1e6)
  })

  it.each([
    ['my-custom-model', 'openai'],
    [null, null],
    ['', 'anthropic'],
  ])('model %s (provider %s) with tokens is unpriced', (model, provider) => {
    expect(priceSpan(usage(model, { in: 10, out: 5 }, provider), book)).toEqual({
      costUsd: null,
      costSource: 'unpriced',
    })
  })

  it.each(['gpt-4o', null, 'my-custom-model'])('no tokens at all (%s) → null', (model) => {
    expect(priceSpan(usage(model, {}), book)).toBeNull()
  })

  // DeepSeek doubles every rate Monday to Friday, 01–04 and 06–10 UTC: (1000 × 0.15 + 1000 × 0.6) / 1e6 off peak
  it.each<[string, string, number]>([
    ['Tuesday 12:00 UTC', NOON, 0.00075],
    ['Tuesday 02:30 UTC', '1796092200000000000', 0.0015],
    ['Tuesday 04:00 UTC, the end of a window', '1796097600000000000', 0.00075],
    ['Saturday 02:30 UTC', '1796437800000000000', 0.00075],
  ])('deepseek-flash on %s', (_when, at, cost) => {
    expect(priceSpan(usage('deepseek-flash', { in: 1000, out: 1000 }, null, at), book)?.costUsd).toBeCloseTo(cost, 12)
  })

  // Gemini 3.8 Flash's launch price (0.75 / 3.75) ends with 2026; its list price (1.50 / 7.50) starts 2027-01-01 UTC
  it.each<[string, string, number]>([
    ['2026-12-31 23:59:59', '1798761599000000000', 0.0045],
    ['2027-01-01 00:00:00', '1798761600000000000', 0.009],
  ])('gemini-3.8-flash at %s', (_when, at, cost) => {
    expect(priceSpan(usage('gemini-3.8-flash', { in: 1000, out: 1000 }, null, at), book)?.costUsd).toBeCloseTo(cost, 12)
  })

  it('applies a change with its own tiers, and peak hours on top of a tier', () => {
    const user = parsePriceFile(
      JSON.stringify({
        updated: '2026-11-01',
        providers: {
          x: {
            source: 's',
            models: {
              'acme-llm': {
                input: 1,
                output: 1,
                changes: [
                  { from: '2026-06-01', input: 2, output: 2, tiers: [{ aboveInputTokens: 100, input: 3, output: 3 }] },
                ],
                peak: { factor: 10, weekdays: [2], hoursUtc: [[2, 3]] },
              },
            },
          },
        },
      }),
      'user.json',
    )
    const withUser = buildPriceBook(bundledPriceFile(), user)
    const cost = (input: number, at: string) => priceSpan(usage('acme-llm', { in: input }, null, at), withUser)?.costUsd
    expect(cost(1_000_000, '1748736000000000000')).toBeCloseTo(1, 12) // 2025-06-01: before the change, the base
    expect(cost(1_000_000, NOON)).toBeCloseTo(3, 12) // after the change, above its 100-token tier
    expect(cost(50, NOON)).toBeCloseTo((50 * 2) / 1e6, 12)
    expect(cost(50, '1796092200000000000')).toBeCloseTo((50 * 20) / 1e6, 12) // Tuesday 02:30 UTC: peak
  })

  it('prices with the user override', () => {
    const user = parsePriceFile(
      JSON.stringify({
        updated: '2026-11-01',
        providers: { x: { source: 's', models: { 'gpt-4o': { input: 1, output: 1 } } } },
      }),
      'user.json',
    )
    const withUser = buildPriceBook(bundledPriceFile(), user)
    const cost = priceSpan(usage('gpt-4o', { in: 1_000_000, out: 1_000_000 }), withUser)
    expect(cost).toEqual({ costUsd: 2, costSource: 'computed' })
  })
})

describe('applyCost', () => {
  const span = (id: string, model: string | null, tokens: Tokens, reported?: number) =>
    ({
      id,
      ...usage(model, tokens),
      costUsd: reported ?? null,
      costSource: reported === undefined ? null : ('reported' as const),
    }) satisfies CostableSpan & { id: string }

  const spans = [
    span('priced', 'gpt-4o', { in: 1000, read: 200, out: 500 }),
    span('reported', 'gpt-4o', { in: 1000 }, 0.5),
    span('no-tokens', 'gpt-4o', {}),
    span('unpriced', 'my-custom-model', { in: 3 }),
  ]
  const before = structuredClone(spans)
  const out = applyCost(spans, book)

  it('prices only spans without a cost source', () => {
    expect(out.map((s) => [s.id, s.costUsd, s.costSource])).toEqual([
      ['priced', expect.closeTo(0.00725, 12), 'computed'],
      ['reported', 0.5, 'reported'],
      ['no-tokens', null, null],
      ['unpriced', null, 'unpriced'],
    ])
  })

  it('returns untouched spans as they came and never mutates its input', () => {
    expect(out[1]).toBe(spans[1])
    expect(out[2]).toBe(spans[2])
    expect(out[0]).not.toBe(spans[0])
    expect(out[0]?.id).toBe('priced')
    expect(spans).toEqual(before)
  })
})
