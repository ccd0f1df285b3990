import { describe, expect, it } from 'vitest'
import { UsageError } from './errors.ts'
import {
  parseBaseUrl,
  parseDuration,
  parseList,
  parseMillis,
  parsePositiveInt,
  parseProbability,
  parseTime,
  parseUsd,
} from './values.ts'

const NOW = Date.parse('2025-01-31T12:00:00Z')

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    [' 7d ', 604_800_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration('--since', text)).toBe(ms)
  })

  it.each(['7x', '7', 'd', '', '-1h', '0h', '7 d', '1e3s', 'P7D'])('rejects %j, naming the flag', (text) => {
    expect(() => parseDuration('--since', text)).toThrow(UsageError)
    expect(() => parseDuration('--since', text)).toThrow(`--since: "${text}" is not a duration like 30m, 24h or 7d`)
  })
})

describe('parseTime', () => {
  it.each([
    ['2025-01-30T00:00:00Z', Date.parse('2025-01-30T00:00:00Z')],
    ['2025-01-30', Date.parse('2025-01-30')],
    ['1738000000000', 1_738_000_000_000],
    ['2d', NOW - 2 * 86_400_000],
    ['90m', NOW - 90 * 60_000],
  ])('%s', (text, ms) => {
    expect(parseTime('--from', text, NOW)).toBe(ms)
  })

  it.each(['yesterday', '2025-13-45', '31/01/2025', ''])('rejects %j', (text) => {
    expect(() => parseTime('--from', text, NOW)).toThrow(/^--from: ".*" is not a time/)
  })
})

describe('number flags', () => {
  it.each([
    ['0.5', 0.5],
    ['$0.50', 0.5],
    ['0', 0],
    ['12', 12],
    ['.25', 0.25],
  ])('--min-cost %s', (text, usd) => {
    expect(parseUsd('--min-cost', text)).toBe(usd)
  })

  it.each(['-1', 'abc', '1,5', '', '$', 'Infinity', '1e3'])('--min-cost rejects %j', (text) => {
    expect(() => parseUsd('--min-cost', text)).toThrow(/^--min-cost: /)
  })

  it.each([
    ['1500', 1500],
    ['2s', 2000],
    ['500ms', 500],
    ['1m', 60_000],
  ])('--min-duration %s', (text, ms) => {
    expect(parseMillis('--min-duration', text)).toBe(ms)
  })

  it.each([
    ['20', 20],
    ['1', 1],
  ])('--limit %s', (text, n) => {
    expect(parsePositiveInt('--limit', text)).toBe(n)
  })

  it.each(['0', '-5', '2.5', 'ten', '99999999999999999999'])('--limit rejects %j', (text) => {
    expect(() => parsePositiveInt('--limit', text)).toThrow(/^--limit: /)
  })

  it.each([
    ['0.05', 0.05],
    ['.01', 0.01],
    [' 0.5 ', 0.5],
  ])('--alpha %s', (text, p) => {
    expect(parseProbability('--alpha', text)).toBe(p)
  })

  it.each(['0', '1', '1.5', '-0.1', '5%', 'low', ''])('--alpha rejects %j', (text) => {
    expect(() => parseProbability('--alpha', text)).toThrow(
      `--alpha: "${text}" is not a number between 0 and 1 like 0.05`,
    )
  })
})

describe('parseBaseUrl', () => {
  it.each([
    ['http://localhost:4318', 'http://localhost:4318'],
    ['http://localhost:4318/', 'http://localhost:4318'],
    ['https://loupe.example.com/base/', 'https://loupe.example.com/base'],
  ])('%s → %s', (text, url) => {
    expect(parseBaseUrl('--url', text)).toBe(url)
  })

  it.each([
    ['localhost:4318', /--url: .* is not an http\(s\) URL/],
    ['not a url', /--url: .* is not a URL/],
    ['ftp://host', /--url: .* is not an http\(s\) URL/],
    ['http://host/?a=1', /--url: .* must not have a query/],
  ])('rejects %s', (text, message) => {
    expect(() => parseBaseUrl('--url', text)).toThrow(message)
  })
})

describe('parseList', () => {
  it.each([
    ['model', ['model']],
    ['model,service', ['model', 'service']],
    [' model , service ,', ['model', 'service']],
  ])('%j', (text, list) => {
    expect(parseList('--by', text)).toEqual(list)
  })

  it('rejects an empty list', () => {
    expect(() => parseList('--by', ' , ')).toThrow('--by: give at least one value')
  })
})
