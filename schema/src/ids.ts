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
