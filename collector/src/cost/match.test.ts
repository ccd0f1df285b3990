import { describe, expect, it } from 'vitest'
import { canonicalModel, createMatcher, modelTokens } from './match.ts'
import { buildPriceBook, bundledPriceFile } from './price-book.ts'

const book = buildPriceBook(bundledPriceFile())

describe('modelTokens', () => {
  it.each([
    ['gpt-4o', ['gpt', '4o']],
    ['GPT-4.1-Nano', ['gpt', '4', '1', 'nano']],
    [
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      ['us', 'anthropic', 'claude', 'sonnet', '4', '5', '20250929', 'v1', '0'],
    ],
    ['claude-3-5-haiku@20241022', ['claude', '3', '5', 'haiku', '20241022']],
    ['meta.llama3-3-70b-instruct-v1:0', ['meta', 'llama', '3', '3', '70b', 'instruct', 'v1', '0']],
    [
      'accounts/fireworks/models/llama-v3p1-8b-instruct',
      ['accounts', 'fireworks', 'models', 'llama', '3', '1', '8b', 'instruct'],
    ],
    ['  ', []],
  ])('%s', (name, tokens) => {
    expect(modelTokens(name)).toEqual(tokens)
  })

  it('spells 3.5 and 3-5 the same', () => {
    expect(canonicalModel('claude-3.5-haiku')).toBe(canonicalModel('claude-3-5-haiku'))
  })
})

describe('matching against the bundled table', () => {
  it.each([
    // dated suffixes, provider prefixes, Bedrock / Vertex / OpenRouter / Hugging Face ids
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai/gpt-4o', 'gpt-4o'],
    ['GPT-4O', 'gpt-4o'],
    ['azure/gpt-4o', 'gpt-4o'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-3-5-haiku'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['claude-opus-4-20250514', 'claude-opus-4'],
    ['models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['gemini-2.5-flash-preview-05-20', 'gemini-2.5-flash'],
    ['gemini-2.5-flash-lite-preview-06-17', 'gemini-2.5-flash-lite'],
    ['publishers/google/models/gemini-2.0-flash-001', 'gemini-2.0-flash'],
    ['gemini-3-pro-preview', 'gemini-3-pro'],
    ['accounts/fireworks/models/llama-v3p1-8b-instruct', 'llama-3.1-8b'],
    ['meta-llama/Llama-3.3-70B-Instruct', 'llama-3.3-70b'],
    ['meta.llama3-3-70b-instruct-v1:0', 'llama-3.3-70b'],
    ['meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', 'llama-3.1-405b'],
    ['meta-llama/llama-4-scout-17b-16e-instruct', 'llama-4-scout'],
    ['llama4-maverick-17b-instruct', 'llama-4-maverick'],
    ['mistral-large-latest', 'mistral-large'],
    ['codestral-2501', 'codestral'],
    ['open-mistral-nemo', 'mistral-nemo'],
    ['amazon.nova-pro-v1:0', 'nova-pro'],
    ['us.amazon.nova-premier-v1:0', 'nova-premier'],
    ['x-ai/grok-4-fast-reasoning', 'grok-4-fast'],
    ['grok-3-mini-beta', 'grok-3-mini'],
    ['deepseek-reasoner', 'deepseek-reasoner'],
    ['text-embedding-3-small', 'text-embedding-3-small'],
    // the longest, most specific key wins
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['gpt-4o-mini', 'gpt-4o-mini'],
    ['o3-mini', 'o3-mini'],
    ['o3-2025-04-16', 'o3'],
    ['gpt-4.1-nano', 'gpt-4.1-nano'],
    ['gpt-4.1-2025-04-14', 'gpt-4.1'],
    ['gpt-5-mini-2025-08-07', 'gpt-5-mini'],
    ['gpt-5.1', 'gpt-5.1'],
    // the ids providers send for the current models
    ['gpt-5.4-mini-2026-03-17', 'gpt-5.4-mini'],
    ['claude-opus-4-6-20260205', 'claude-opus-4-6'],
    ['us.anthropic.claude-sonnet-4-6-v1:0', 'claude-sonnet-4-6'],
    ['gemini-3.1-pro-preview', 'gemini-3.1-pro'],
    ['gemini-3-flash-preview', 'gemini-3-flash'],
    ['grok-4.20-0309-reasoning', 'grok-4.20'],
    ['deepseek-v4-flash-vision-exp', 'deepseek-v4-flash'],
    ['us.amazon.nova-2-lite-v1:0', 'nova-2-lite'],
    ['mistral-large-2512', 'mistral-large'],
    // a date or build number after a version is not a point release
    ['gpt-5-2025-08-07', 'gpt-5'],
    ['x-ai/grok-4-0709', 'grok-4'],
    ['grok-code-fast-1-0825', 'grok-code-fast-1'],
    // fine-tuned names fall back to their base model
    ['ft:gpt-4o-mini-2024-07-18:acme::abc123', 'gpt-4o-mini'],
  ])('%s → %s', (name, key) => {
    expect(book.lookup(name)?.model).toBe(key)
  })

  it.each([
    'my-custom-model',
    'gpt-4-1106-preview', // gpt-4 (not gpt-4.1), not in the table
    // point releases of a version the table does not list: not their predecessor's price
    'gpt-5.9',
    'gpt-5-9-2027-01-01',
    'claude-opus-4-9',
    'us.anthropic.claude-opus-4-9-20270101-v1:0',
    'grok-4.9',
    'grok-code-fast-1.9',
    'llama-2-70b',
    'foo-o1x',
    '',
    '---',
  ])('%s is unpriced', (name) => {
    expect(book.lookup(name)).toBeNull()
  })

  it.each([
    // every model family the issue names resolves
    'gpt-5',
    'gpt-5-mini',
    'gpt-5-nano',
    'gpt-4.1',
    'gpt-4.1-mini',
    'gpt-4.1-nano',
    'gpt-4o',
    'gpt-4o-mini',
    'o1',
    'o3',
    'o3-mini',
    'o4-mini',
    'text-embedding-3-small',
    'text-embedding-3-large',
    'claude-opus-4-5',
    'claude-opus-4-1',
    'claude-opus-4',
    'claude-sonnet-4-5',
    'claude-sonnet-4',
    'claude-haiku-4-5',
    'claude-3-5-haiku',
    'claude-3-7-sonnet',
    'gemini-2.5-pro',
    'gemini-2.5-flash',
    'gemini-2.5-flash-lite',
    'gemini-2.0-flash',
    'gemini-3-pro',
    'mistral-large',
    'mistral-medium',
    'mistral-small',
    'codestral',
    'deepseek-chat',
    'deepseek-reasoner',
    'grok-4',
    'grok-3',
    'grok-3-mini',
    'llama-3.3-70b',
    'llama-3.1-8b',
    'llama-3.1-70b',
    'llama-3.1-405b',
    'llama-4-maverick',
    'llama-4-scout',
    'nova-micro',
    'nova-lite',
    'nova-pro',
    'nova-premier',
    // the models on offer at the table's update
    'gpt-6.2-astra',
    'gpt-6.2-sol',
    'gpt-6.1-terra',
    'gpt-6.1-sol',
    'gpt-6-luna',
    'gpt-5.6-sol',
    'gpt-5.6-terra',
    'gpt-5.6-luna',
    'gpt-5.5',
    'gpt-5.4',
    'gpt-5.4-mini',
    'gpt-5.4-nano',
    'gpt-5.2',
    'gpt-5.3-codex',
    'claude-fable-5-2',
    'claude-opus-5-5',
    'claude-opus-4-6',
    'claude-sonnet-5-5',
    'claude-sonnet-4-6',
    'claude-haiku-5-5',
    'gemini-3.8-flash',
    'gemini-3.5-flash',
    'gemini-3.5-flash-lite',
    'gemini-3.1-pro',
    'gemini-3.1-flash-lite',
    'gemini-3-flash',
    'grok-4.7',
    'grok-4.3',
    'grok-4.20',
    'deepseek-flash',
    'deepseek-v4-pro',
    'mistral-large-4',
    'ministral-14b',
    'nova-2-lite',
    'nova-2-pro',
  ])('covers %s', (name) => {
    expect(book.lookup(name)?.model).toBe(name)
  })
})

describe('createMatcher', () => {
  it('lets a later entry with the same canonical name win', () => {
    const match = createMatcher([
      ['gpt-4.1', 'first'],
      ['GPT-4-1', 'second'],
    ])
    expect(match('openai/gpt-4.1-2025-04-14')).toBe('second')
  })

  it('skips keys without tokens', () => {
    expect(createMatcher([['--', 'x']])('--')).toBeNull()
  })

  it('memoises per model string, misses included', () => {
    const match = createMatcher([['gpt-4o', { n: 1 }]])
    expect(match('openai/gpt-4o')).toBe(match('openai/gpt-4o'))
    expect(match('nope')).toBeNull()
    expect(match('nope')).toBeNull()
  })

  it('keeps answering past the memo limit', () => {
    const match = createMatcher([['gpt-4o', 'hit']])
    for (let i = 0; i < 10_050; i++) match(`unknown-${i}`)
    expect(match('gpt-4o-2024-08-06')).toBe('hit')
    expect(match('unknown-3')).toBeNull()
  })
})
