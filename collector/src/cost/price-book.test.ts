import { describe, expect, it } from 'vitest'
import { buildPriceBook, bundledPriceFile, parsePriceFile, PriceFile } from './price-book.ts'
import bundledJson from './prices.json' with { type: 'json' }

const bundled = bundledPriceFile()

describe('the bundled table', () => {
  it('parses with the price-file schema', () => {
    expect(PriceFile.safeParse(bundledJson).success).toBe(true)
    expect(bundled.updated).toMatch(/^2026-1[12]-\d\d$/)
  })

  const models = Object.entries(bundled.providers).flatMap(([provider, group]) =>
    Object.entries(group.models).map(([model, spec]) => [`${provider}/${model}`, spec] as const),
  )

  it('has at least 60 models and a source per provider', () => {
    expect(models.length).toBeGreaterThanOrEqual(60)
    for (const group of Object.values(bundled.providers)) {
      expect(group.source).toMatch(/^https:\/\//)
    }
  })

  it.each(models)('%s has input and output prices', (_name, spec) => {
    expect(spec.input).toBeGreaterThan(0)
    expect(spec.output).toBeGreaterThanOrEqual(0)
  })

  // The anchors other tests rely on: change them only with the provider's price page open.
  it.each([
    ['gpt-4o', { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 2.5 }],
    ['gpt-4o-mini', { input: 0.15, output: 0.6, cacheRead: 0.075, cacheWrite: 0.15 }],
    ['claude-sonnet-4-5', { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }],
    // Google's official context-caching price for 2.5 Pro, not the earlier 0.31
    ['gemini-2.5-pro', { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 1.25 }],
    ['text-embedding-3-small', { input: 0.02, output: 0, cacheRead: 0.02, cacheWrite: 0.02 }],
  ])('%s base rates', (model, rates) => {
    expect(buildPriceBook(bundled).lookup(model)?.rates).toEqual(rates)
  })

  it.each([
    ['claude-sonnet-4-5', { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 }],
    ['claude-sonnet-4', { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 }],
    ['gemini-2.5-pro', { input: 2.5, output: 15, cacheRead: 0.25, cacheWrite: 2.5 }],
  ])('%s above 200k input tokens', (model, rates) => {
    const tiers = buildPriceBook(bundled).lookup(model)?.tiers
    expect(tiers).toEqual([{ aboveInputTokens: 200_000, rates }])
  })
})

describe('buildPriceBook with a user file', () => {
  const user = parsePriceFile(
    JSON.stringify({
      updated: '2026-11-01',
      providers: {
        'our-contract': {
          source: 'enterprise agreement',
          models: {
            'GPT-4o': { input: 2, output: 8 },
            'acme-llm-v2': { input: 0.5, output: 1.5, cacheRead: 0.05 },
            'ft:gpt-4o-mini:acme::abc': { input: 0.3, output: 1.2 },
          },
        },
      },
    }),
    'user.json',
  )
  const book = buildPriceBook(bundled, user)

  it('overrides a bundled model by canonical name, dated names included', () => {
    expect(book.lookup('openai/gpt-4o-2024-08-06')).toMatchObject({
      model: 'GPT-4o',
      provider: 'our-contract',
      origin: 'user',
      rates: { input: 2, output: 8, cacheRead: 2, cacheWrite: 2 },
    })
  })

  it('adds models', () => {
    expect(book.lookup('acme-llm-v2-2026-10')?.rates).toEqual({
      input: 0.5,
      output: 1.5,
      cacheRead: 0.05,
      cacheWrite: 0.5,
    })
    expect(book.lookup('ft:gpt-4o-mini:acme::abc')?.model).toBe('ft:gpt-4o-mini:acme::abc')
    expect(book.size).toBe(buildPriceBook(bundled).size + 2)
  })

  it('keeps the rest of the bundled table', () => {
    expect(book.lookup('gpt-4o-mini')).toMatchObject({ origin: 'bundled', rates: { input: 0.15 } })
    expect(book.updated).toEqual({ bundled: bundled.updated, user: '2026-11-01' })
  })
})

describe('parsePriceFile errors name the source and the path', () => {
  const file = (models: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      updated: '2026-11-01',
      providers: { acme: { source: 's', models } },
      ...extra,
    })
  const tier = (aboveInputTokens: number) => ({ aboveInputTokens, input: 1, output: 2 })

  it.each([
    ['prices.json: not valid JSON', '{ nope'],
    [
      'prices.json: invalid price file: providers.acme.models["gpt-4.1"].input: ',
      file({ 'gpt-4.1': { input: '2', output: 8 } }),
    ],
    ['providers.acme.models.m.input: ', file({ m: { input: -1, output: 8 } })],
    ['providers.acme.models.m.output: ', file({ m: { input: 1 } })],
    [
      'providers.acme.models.m: Unrecognized key: "cachedInput"',
      file({ m: { input: 1, output: 2, cachedInput: 0.5 } }),
    ],
    ['providers.acme.models.m.tiers[0].aboveInputTokens: ', file({ m: { input: 1, output: 2, tiers: [tier(0)] } })],
    [
      'providers.acme.models.m.tiers: tiers must be in strictly ascending order',
      file({ m: { input: 1, output: 2, tiers: [tier(9), tier(5)] } }),
    ],
    [
      'providers.acme.models["GPT 4-1"]: same model as acme/gpt-4.1',
      file({ 'gpt-4.1': { input: 1, output: 2 }, 'GPT 4-1': { input: 1, output: 2 } }),
    ],
    ['providers.acme.models["--"]: a model name needs a letter or a digit', file({ '--': { input: 1, output: 2 } })],
    [
      'providers.acme.models.m.changes: changes must be in strictly ascending order of from',
      file({
        m: {
          input: 1,
          output: 2,
          changes: [
            { from: '2027-02-01', input: 1, output: 2 },
            { from: '2027-01-01', input: 1, output: 2 },
          ],
        },
      }),
    ],
    [
      'providers.acme.models.m.changes[0].from: ',
      file({ m: { input: 1, output: 2, changes: [{ from: 'January', input: 1, output: 2 }] } }),
    ],
    [
      'providers.acme.models.m.peak.hoursUtc[0]: an hour range is [from, to) with from < to',
      file({ m: { input: 1, output: 2, peak: { factor: 2, weekdays: [1], hoursUtc: [[10, 6]] } } }),
    ],
    [
      'providers.acme.models.m.peak.weekdays[0]: ',
      file({ m: { input: 1, output: 2, peak: { factor: 2, weekdays: [0], hoursUtc: [[1, 4]] } } }),
    ],
    ['updated: ', file({}, { updated: 'November' })],
    ['prices.json: invalid price file: ', JSON.stringify({ models: {} })],
    ['prices.json: invalid price file: (root): ', '[]'],
  ])('%s', (message, text) => {
    expect(() => parsePriceFile(text, 'prices.json')).toThrow(message)
  })
})
