import { describe, expect, it } from 'vitest'
import { loadPriceBook } from './load.ts'

const USER_FILE = JSON.stringify({
  updated: '2026-11-01',
  providers: { acme: { source: 'contract', models: { 'acme-llm-9': { input: 1, output: 2 } } } },
})

describe('loadPriceBook', () => {
  it('uses the bundled table alone when no file is configured', () => {
    const book = loadPriceBook(null, () => { throw new Error('must not read') })
    expect(book.lookup('gpt-4o')).not.toBeNull()
    expect(book.lookup('acme-llm-9')).toBeNull()
  })

  it('adds the models of the user file', () => {
    const book = loadPriceBook('/etc/loupe/prices.json', () => USER_FILE)
    expect(book.lookup('acme-llm-9')).not.toBeNull()
    expect(book.lookup('gpt-4o')).not.toBeNull()
  })

  it('names the variable and the file when it cannot be read or parsed', () => {
    expect(() => loadPriceBook('/nope.json', () => { throw new Error('ENOENT') })).toThrow(/LOUPE_PRICES_FILE: cannot read \/nope.json: ENOENT/)
    expect(() => loadPriceBook('/bad.json', () => '{"providers": 5}')).toThrow(/LOUPE_PRICES_FILE \/bad.json/)
  })
})
