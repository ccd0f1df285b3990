import type { PriceLookupResponse } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { priceCsv, priceTable } from './price-table.ts'

const r = (input: number, output: number) => ({ input, output, cacheRead: input / 10, cacheWrite: input })
const lookup: PriceLookupResponse = {
  model: 'acme/acme-llm-2026-01-01',
  match: {
    model: 'acme-llm',
    provider: 'acme',
    origin: 'user',
    rates: r(1, 2),
    tiers: [{ aboveInputTokens: 200_000, rates: r(2, 4) }],
    changes: [{ from: '2027-01-01', rates: r(3, 6), tiers: [{ aboveInputTokens: 100_000, rates: r(6, 12) }] }],
    peak: null,
    ratesAt: { at: '2026-12-02T10:00:00.000Z', inputTokens: 0, aboveInputTokens: null, peak: false, rates: r(1, 2) },
  },
  updated: { bundled: '2026-12-02', user: '2026-11-30' },
}

describe('price lookup output', () => {
  it('tables every rate set: base, tiers, changes with their tiers, then the rates at the time asked', () => {
    expect(priceTable(lookup)).toBe(
      [
        'acme/acme-llm-2026-01-01 → acme-llm (acme, from the price file of 2026-11-30)',
        '',
        'USD per 1M tokens                            input  output  cache read  cache write',
        'base                                          1.00    2.00        0.10         1.00',
        'above 200,000 input tokens                    2.00    4.00        0.20         2.00',
        'from 2027-01-01                               3.00    6.00        0.30         3.00',
        'from 2027-01-01, above 100,000 input tokens   6.00   12.00        0.60         6.00',
        'at 2026-12-02 10:00 UTC                       1.00    2.00        0.10         1.00',
        '',
      ].join('\n'),
    )
  })

  it('writes the same rows as CSV, and only a header for an unpriced model', () => {
    const lines = priceCsv(lookup).trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'model,matched,provider,origin,period,from,aboveInputTokens,input,output,cacheRead,cacheWrite',
    )
    expect(lines.slice(1)).toEqual([
      'acme/acme-llm-2026-01-01,acme-llm,acme,user,base,,,1,2,0.1,1',
      'acme/acme-llm-2026-01-01,acme-llm,acme,user,tier,,200000,2,4,0.2,2',
      'acme/acme-llm-2026-01-01,acme-llm,acme,user,change,2027-01-01,,3,6,0.3,3',
      'acme/acme-llm-2026-01-01,acme-llm,acme,user,change tier,2027-01-01,100000,6,12,0.6,6',
      'acme/acme-llm-2026-01-01,acme-llm,acme,user,at,2026-12-02T10:00:00.000Z,,1,2,0.1,1',
    ])
    const long = {
      ...lookup.match!,
      ratesAt: {
        at: '2026-12-02T02:00:00.000Z',
        inputTokens: 250_000,
        aboveInputTokens: 200_000,
        peak: true,
        rates: r(4, 8),
      },
    }
    expect(
      priceTable({ ...lookup, match: long })
        .split('\n')
        .at(-2),
    ).toBe(
      'at 2026-12-02 02:00 UTC, 250,000 input tokens (above 200,000, peak hours)   4.00    8.00        0.40         4.00',
    )
    expect(priceCsv({ ...lookup, match: null })).toBe(
      'model,matched,provider,origin,period,from,aboveInputTokens,input,output,cacheRead,cacheWrite\r\n',
    )
  })
})
