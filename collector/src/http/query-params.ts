/**
 * @module http/query-params
 * Query strings through zod: a bad value or an unknown parameter is a 400 that names it.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { z } from 'zod'

export function parseQuery<S extends z.ZodObject>(c: Context, schema: S): z.infer<S> {
  const raw = c.req.query()
  const known = new Set(Object.keys(schema.shape))
  const unknown = Object.keys(raw).filter((k) => !known.has(k))
  if (unknown.length > 0) {
    throw new HTTPException(400, {
      message: `unknown query parameter ${unknown.join(', ')}; this endpoint takes ${[...known].join(', ')}`,
    })
  }
  const parsed = schema.safeParse(raw)
  if (parsed.success) return parsed.data
  const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')
  throw new HTTPException(400, { message: `invalid query parameter ${detail}`, cause: parsed.error })
}
