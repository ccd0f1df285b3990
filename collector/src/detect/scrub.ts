/**
 * @module detect/scrub
 * Canonical, volatile-free text for tool arguments and results, and the short hash fingerprints
 * are built from. Two calls that differ only by a timestamp, a UUID, a request id or a per-call id
 * (`tool_call_id`, `tool_use_id`: frameworks stamp the model's call id into every result) are the same
 * call for loop detection: agents stamp those on every retry.
 */
import { canonicalJson } from '../normalise/tool.ts'
import { FNV_OFFSET_32, FNV_PRIME_32 } from './fnv.ts'
import type { Json } from '../normalise/attributes.ts'

const ISO_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\w:])/g
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi
/** `request_id=abc`, `"nonce": "x1"` in text that is not JSON */
const VOLATILE_PAIR =
  /\b(request[_-]?id|req[_-]?id|trace[_-]?id|span[_-]?id|nonce|timestamp|idempotency[_-]?key|correlation[_-]?id|tool[_-]?call[_-]?id|tool[_-]?use[_-]?id|function[_-]?call[_-]?id)("?\s*[:=]\s*"?)[^\s",;&}]+/gi
/** Whitespace to collapse to one space: runs, and any single character that is not a space already. */
const WHITESPACE = /\s{2,}|(?! )\s/g

/** Key names (words joined, lowercased) whose values are volatile whatever they hold. */
const VOLATILE_KEYS = new Set([
  'requestid',
  'reqid',
  'xrequestid',
  'traceid',
  'spanid',
  'nonce',
  'timestamp',
  'ts',
  'idempotencykey',
  'correlationid',
  'cachebuster',
  'toolcallid',
  'tooluseid',
  'functioncallid',
])
/** Last words of keys that hold a time, where an epoch number is volatile. */
const TIME_WORDS = new Set(['at', 'time', 'ts', 'timestamp', 'date', 'datetime', 'since', 'until', 'expires', 'expiry'])

export const VOLATILE = '<volatile>'

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

const VOLATILE_KEY = 1
const TIME_KEY = 2
/**
 * What a key name says, memoised: the same few keys recur in every tool call of every trace, and
 * splitting one into words takes three regular expressions. Bounded: cleared past MAX_KEYS.
 */
const keyKinds = new Map<string, number>()
const MAX_KEYS = 10_000

function keyKind(key: string): number {
  let kind = keyKinds.get(key)
  if (kind === undefined) {
    const words = keyWords(key)
    kind =
      (VOLATILE_KEYS.has(words.join('')) ? VOLATILE_KEY : 0) |
      (TIME_WORDS.has(words[words.length - 1] ?? '') ? TIME_KEY : 0)
    if (keyKinds.size >= MAX_KEYS) keyKinds.clear()
    keyKinds.set(key, kind)
  }
  return kind
}

export function isVolatileKey(key: string): boolean {
  return (keyKind(key) & VOLATILE_KEY) !== 0
}

/** Epoch seconds (2001–2286) or milliseconds in the same range. */
function isEpoch(n: number): boolean {
  return Number.isInteger(n) && ((n >= 1e9 && n < 1e10) || (n >= 1e12 && n < 1e13))
}

function isTimeKey(key: string): boolean {
  return (keyKind(key) & TIME_KEY) !== 0
}

/**
 * Text with timestamps, UUIDs and volatile key/value pairs replaced and whitespace collapsed.
 * Each pattern runs only when the text holds a character that pattern needs (every timestamp and
 * UUID has a '-', every volatile pair a ':' or '='): most tool argument values hold neither.
 */
export function scrubText(text: string): string {
  let out = text
  if (out.includes('-')) out = out.replace(ISO_TIMESTAMP, VOLATILE).replace(UUID, VOLATILE)
  if (out.includes(':') || out.includes('=')) out = out.replace(VOLATILE_PAIR, `$1$2${VOLATILE}`)
  return out.replace(WHITESPACE, ' ').trim()
}

function scrubValue(value: unknown, key: string | null): unknown {
  if (key !== null && isVolatileKey(key)) return VOLATILE
  if (typeof value === 'string') return scrubText(value)
  if (typeof value === 'number') return key !== null && isTimeKey(key) && isEpoch(value) ? VOLATILE : value
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, null))
  if (value !== null && typeof value === 'object') {
    // A volatile key is dropped, not blanked: a call with a request id and one without are the
    // same call.
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (!isVolatileKey(k)) out[k] = scrubValue(v, k)
    return out
  }
  return value
}

/**
 * Canonical volatile-free form of a tool argument or result string: parsed and re-serialised when
 * it is JSON, otherwise the text with volatile patterns replaced.
 */
export function scrub(text: string | null): string {
  if (text === null) return ''
  const trimmed = text.trim()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return canonicalJson(scrubValue(JSON.parse(trimmed), null) as Json)
    } catch {
      // not JSON after all: fall through to the text form
    }
  }
  return scrubText(text)
}

/**
 * A 64-bit fingerprint of the parts, as 16 hex digits: two FNV-1a lanes with different primes,
 * fused in one loop over the text (so the first lane is `fnv1a`'s arithmetic, not a call to it).
 * Collisions are irrelevant at one trace's scale (fingerprints are only compared within a trace),
 * and it costs a fraction of a SHA-256 digest, which ran on every tool call settled.
 */
export function shortHash(...parts: string[]): string {
  let a = FNV_OFFSET_32
  let b = 0xcbf29ce4
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i)
      a = Math.imul(a ^ c, FNV_PRIME_32)
      b = Math.imul(b ^ c, 0x5bd1e995)
    }
    // a separator, so ('ab', 'c') and ('a', 'bc') differ
    a = Math.imul(a ^ 0xffff, FNV_PRIME_32)
    b = Math.imul(b ^ 0xffff, 0x5bd1e995)
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0')
}
