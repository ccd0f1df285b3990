/**
 * @module detect/simhash
 * Cheap near-duplicate text test: a 64-bit SimHash over word counts rules most pairs out, and a
 * weighted Jaccard over word counts (sum of min counts / sum of max counts) decides the rest.
 * Word order is ignored on purpose: a model repeating itself rarely repeats word for word, and one
 * changed word in twenty still scores 0.9.
 */
import { createHash } from 'node:crypto'

const WORD = /[\p{L}\p{N}_]+/gu

export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? []
}

export function wordCounts(ws: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const w of ws) counts.set(w, (counts.get(w) ?? 0) + 1)
  return counts
}

const MASK = (1n << 64n) - 1n

/** 64-bit SimHash of word counts, as a bigint. */
export function simhash(counts: ReadonlyMap<string, number>): bigint {
  const weights = new Array<number>(64).fill(0)
  for (const [w, n] of counts) {
    const h = BigInt(`0x${createHash('md5').update(w).digest('hex').slice(0, 16)}`)
    for (let bit = 0; bit < 64; bit++) weights[bit] = (weights[bit] ?? 0) + ((h >> BigInt(bit)) & 1n ? n : -n)
  }
  let out = 0n
  for (let bit = 0; bit < 64; bit++) if ((weights[bit] ?? 0) > 0) out |= 1n << BigInt(bit)
  return out & MASK
}

export function hamming(a: bigint, b: bigint): number {
  let x = a ^ b
  let n = 0
  while (x) {
    x &= x - 1n
    n++
  }
  return n
}

/** Weighted Jaccard similarity of two word-count maps, in [0, 1]. */
export function similarity(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let min = 0
  let max = 0
  for (const [w, n] of a) {
    const m = b.get(w) ?? 0
    min += Math.min(n, m)
    max += Math.max(n, m)
  }
  for (const [w, m] of b) if (!a.has(w)) max += m
  return max === 0 ? 1 : min / max
}

/** A text's fingerprint for comparison: its words, their counts and their SimHash. */
export interface TextPrint {
  wordCount: number
  counts: Map<string, number>
  hash: bigint
}

export function textPrint(text: string): TextPrint {
  const ws = words(text)
  const counts = wordCounts(ws)
  return { wordCount: ws.length, counts, hash: simhash(counts) }
}

/**
 * True when both texts have at least `minWords` words and are at least `threshold` similar;
 * the SimHash distance is checked first so most unrelated pairs cost one XOR.
 */
export function nearDuplicate(a: TextPrint, b: TextPrint, opts: { minWords: number; threshold: number; maxHamming: number }): boolean {
  if (a.wordCount < opts.minWords || b.wordCount < opts.minWords) return false
  if (hamming(a.hash, b.hash) > opts.maxHamming) return false
  return similarity(a.counts, b.counts) >= opts.threshold
}
