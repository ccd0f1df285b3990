/**
 * @module ids
 * Identifier and timestamp schemas shared by the collector and the UI.
 * Invariant: ids travel as lowercase hex (32 chars for traces, 16 for spans) and
 * timestamps as decimal strings of Unix nanoseconds, because they pass 2^53.
 */
import { z } from 'zod'

export const TraceId = z.string().regex(/^[0-9a-f]{32}$/, 'a trace id is 32 lowercase hex characters')
export const SpanId = z.string().regex(/^[0-9a-f]{16}$/, 'a span id is 16 lowercase hex characters')
export const UnixNano = z.string().regex(/^\d{1,20}$/, 'a timestamp is a decimal string of Unix nanoseconds')

/**
 * Whole seconds since the epoch of a decimal Unix-nanosecond time: the digits before the last
 * nine (exact as a number), so no BigInt per span.
 */
export function secondsOf(unixNano: string): number {
  return unixNano.length > 9 ? Number(unixNano.slice(0, -9)) : 0
}

/** Days since the epoch of a decimal Unix-nanosecond time. */
export function dayOf(unixNano: string): number {
  return Math.floor(secondsOf(unixNano) / 86_400)
}

/**
 * Order of two decimal Unix-nanosecond strings, as numbers. Strings of one length (nearly always:
 * every time since 2001 has 19 digits) compare as text, with no BigInt; sorting a trace's spans
 * calls this a few dozen times per trace.
 */
export function compareUnixNano(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0
  const d = BigInt(a) - BigInt(b)
  return d < 0n ? -1 : d > 0n ? 1 : 0
}
