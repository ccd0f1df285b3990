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

const usage = (model: string | null, t: Tokens, provider: string | null = null): TokenUsage => ({
  model,
  provider,
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
