import { describe, expect, it } from 'vitest'
import { loadPriceBook, stalePricesWarning } from './load.ts'

const USER_FILE = JSON.stringify({
  updated: '2026-11-01',
  providers: { acme: { source: 'contract', models: { 'acme-llm-9': { input: 1, output: 2 } } } },
})

describe('loadPriceBook', () => {
  it('uses the bundled table alone when no file is configured', () => {
    const book = loadPriceBook(null, () => {
      throw new Error('must not read')
    })
    expect(book.lookup('gpt-4o')).not.toBeNull()
    expect(book.lookup('acme-llm-9')).toBeNull()
  })

  it('adds the models of the user file', () => {
    const book = loadPriceBook('/etc/loupe/prices.json', () => USER_FILE)
    expect(book.lookup('acme-llm-9')).not.toBeNull()
    expect(book.lookup('gpt-4o')).not.toBeNull()
  })

  it('warns when the bundled table is over 90 days old and no price file adds to it', () => {
    const bundled = loadPriceBook(null, () => '')
    const checked = Date.parse(bundled.updated.bundled)
    const day = 86_400_000
    expect(stalePricesWarning(bundled, checked + 90 * day)).toBeNull()
    expect(stalePricesWarning(bundled, checked + 91 * day)).toBe(
      `the bundled price table was last checked on ${bundled.updated.bundled}, 91 days ago: models released since then ` +
        'are unpriced (GET /api/prices?model=… tells); add them with LOUPE_PRICES_FILE, or update Loupe',
    )
    expect(
      stalePricesWarning(
        loadPriceBook('/p.json', () => USER_FILE),
        checked + 400 * day,
      ),
    ).toBeNull()
  })

  it('names the variable and the file when it cannot be read or parsed', () => {
    expect(() =>
      loadPriceBook('/nope.json', () => {
        throw new Error('ENOENT')
      }),
    ).toThrow(/LOUPE_PRICES_FILE: cannot read \/nope.json: ENOENT/)
    expect(() => loadPriceBook('/bad.json', () => '{"providers": 5}')).toThrow(/LOUPE_PRICES_FILE \/bad.json/)
  })
})
