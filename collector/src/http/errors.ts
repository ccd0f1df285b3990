/**
 * @module http/errors
 * One renderer for every error that reaches the HTTP edge: HTTPException keeps its status,
 * storage failures become 503 with Retry-After (exporters and clients retry on it), anything else
 * is a logged 500. The body is always `{ "error": message }`.
 */
import type { ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ZodType } from 'zod'
import { log } from '../log.ts'
import { BadQueryError } from '../query/bad-query.ts'
import { StorageError } from '../store/storage-error.ts'

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof HTTPException) {
    const headers = new Headers(err.res?.headers)
    headers.set('content-type', 'application/json')
    return new Response(JSON.stringify({ error: err.message }), { status: err.status, headers })
  }
  if (err instanceof BadQueryError) return c.json({ error: `invalid query: ${err.message}` }, 400)
  if (err instanceof StorageError) {
    log.warn('storage unavailable', { error: err.message })
    return c.json({ error: err.message }, 503, { 'retry-after': '5' })
  }
  log.error('unhandled error', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  return c.json({ error: 'internal error' }, 500)
}

/** Validates one value with zod or throws a 400 that names it. */
export function parseOr400<T>(schema: ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const detail = parsed.error.issues.map((i) => i.message).join('; ')
  throw new HTTPException(400, { message: `invalid ${name}: ${detail}`, cause: parsed.error })
}
