import { describe, expect, it } from 'vitest'
import { hamming, nearDuplicate, similarity, simhash, textPrint, wordCounts, words } from './simhash.ts'

const text = 'the quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat by the door of the house'
const opts = { minWords: 20, threshold: 0.85, maxHamming: 24 }

describe('simhash', () => {
  it.each([
    ['identical', text, text, 1],
    ['disjoint', 'a b c', 'd e f', 0],
    ['one word of four changed', 'a b c d', 'a b c e', 3 / 5],
    ['repeated words count', 'a a b', 'a b', 2 / 3],
    ['both empty', '', '', 1],
  ])('similarity: %s', (_, a, b, expected) => {
    expect(similarity(wordCounts(words(a)), wordCounts(words(b)))).toBeCloseTo(expected)
  })

  it('gives identical texts the same hash and similar texts a close one', () => {
    const a = simhash(wordCounts(words(text)))
    expect(hamming(a, simhash(wordCounts(words(text.toUpperCase()))))).toBe(0)
    expect(hamming(a, simhash(wordCounts(words(text.replace('lazy', 'sleepy')))))).toBeLessThanOrEqual(opts.maxHamming)
  })

  it.each([
    ['the same text', text, text, true],
    ['one word changed in 24', text, text.replace('lazy', 'sleepy'), true],
    [
      'an unrelated text',
      text,
      'completely different words about stock prices interest rates bonds equities markets futures options swaps yields credit spreads liquidity volatility hedging arbitrage',
      false,
    ],
    ['a text under 20 words', 'ok done', 'ok done', false],
  ])('nearDuplicate: %s → %s', (_, a, b, expected) => {
    expect(nearDuplicate(textPrint(a), textPrint(b), opts)).toBe(expected)
    // skipping the counts of texts under minWords changes no answer
    expect(nearDuplicate(textPrint(a, opts.minWords), textPrint(b, opts.minWords), opts)).toBe(expected)
  })

  it('counts no words of a text under minWords, but still says how many it has', () => {
    const short = textPrint('ok done', 20)
    expect(short.wordCount).toBe(2)
    expect(short.counts.size).toBe(0)
    expect(textPrint(text, 20).counts.size).toBeGreaterThan(0)
  })

  it.each([
    [0n, 0n, 0],
    [0b1011n, 0n, 3],
    [(1n << 64n) - 1n, 0n, 64],
  ])('hamming(%s, %s) = %i', (a, b, n) => expect(hamming(a, b)).toBe(n))
})
