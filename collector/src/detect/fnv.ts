/**
 * @module detect/fnv
 * 32-bit FNV-1a: the word hash of SimHash and the first lane of the fingerprints' short hash.
 */
export const FNV_OFFSET_32 = 0x811c9dc5
export const FNV_PRIME_32 = 0x01000193

/** FNV-1a over UTF-16 code units: a fast, well-spread 32-bit hash of a short string. */
export function fnv1a(s: string): number {
  let h = FNV_OFFSET_32
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, FNV_PRIME_32)
  }
  return h >>> 0
}
