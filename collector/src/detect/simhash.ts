/**
 * @module detect/simhash
 * Cheap near-duplicate text test: a 64-bit SimHash over word counts rules most pairs out, and a
 * weighted Jaccard over word counts (sum of min counts / sum of max counts) decides the rest.
 * Word order is ignored on purpose: a model repeating itself rarely repeats word for word, and one
 * changed word in twenty still scores 0.9.
 */
import { fnv1a } from './fnv.ts'

const WORD = /[\p{L}\p{N}_]+/gu

export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? []
}

export function wordCounts(ws: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const w of ws) counts.set(w, (counts.get(w) ?? 0) + 1)
  return counts
}

/** murmur3's 32-bit finaliser: every input bit flips about half the output bits. */
function fmix32(x: number): number {
  let h = x ^ (x >>> 16)
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Per-bit weights, reused: simhash runs synchronously and often, so it allocates none. */
const bitWeights = new Float64Array(64)

/**
 * 64-bit SimHash of word counts, as a bigint. Each word's 64 bits are two 32-bit halves (FNV-1a,
 * then mixed again for the high half), computed with integer arithmetic: this runs on every LLM
 * span when a trace is read or settled, so no digest and no BigInt per word. A bit of the result
 * is set when the words with that bit set outweigh the rest, i.e. weigh more than half the total;
 * only set bits are visited, half the work of adding ±n for every bit.
 */
export function simhash(counts: ReadonlyMap<string, number>): bigint {
  const weights = bitWeights.fill(0)
  let total = 0
  for (const [w, n] of counts) {
    total += n
    const lo = fnv1a(w)
    const hi = fmix32(lo ^ 0x9e3779b9)
    for (let x = lo; x !== 0; x &= x - 1) weights[31 - Math.clz32(x & -x)]! += n
    for (let x = hi; x !== 0; x &= x - 1) weights[63 - Math.clz32(x & -x)]! += n
  }
  let lo = 0
  let hi = 0
  for (let bit = 0; bit < 32; bit++) {
    if (2 * weights[bit]! > total) lo |= 1 << bit
    if (2 * weights[bit + 32]! > total) hi |= 1 << bit
  }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)
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
  counts: ReadonlyMap<string, number>
  hash: bigint
}

const NO_COUNTS: ReadonlyMap<string, number> = new Map()

/**
 * The fingerprint of `text`. Below `minWords` words a text never counts as a near duplicate (see
 * `nearDuplicate`), so its counts and hash are skipped: most texts in an agent's tool-calling turns
 * are that short, and counting their words was most of the detector's time.
 */
export function textPrint(text: string, minWords = 0): TextPrint {
  const ws = words(text)
  if (ws.length < minWords) return { wordCount: ws.length, counts: NO_COUNTS, hash: 0n }
  const counts = wordCounts(ws)
  return { wordCount: ws.length, counts, hash: simhash(counts) }
}

/**
 * True when both texts have at least `minWords` words and are at least `threshold` similar;
 * the SimHash distance is checked first so most unrelated pairs cost one XOR.
 */
export function nearDuplicate(
  a: TextPrint,
  b: TextPrint,
  opts: { minWords: number; threshold: number; maxHamming: number },
): boolean {
  if (a.wordCount < opts.minWords || b.wordCount < opts.minWords) return false
  if (hamming(a.hash, b.hash) > opts.maxHamming) return false
  return similarity(a.counts, b.counts) >= opts.threshold
}
