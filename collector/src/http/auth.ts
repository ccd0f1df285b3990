/**
 * @module http/auth
 * API keys → projects. With keys configured, every request must carry one, as
 * `Authorization: Bearer <key>` or as the password of Basic auth (how the Langfuse SDK sends its
 * secret key); without, everything belongs to the project `default`.
 */
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from './app-env.ts'

export const DEFAULT_PROJECT = 'default'

/** Pure: which project an Authorization header opens, or null. */
export function projectForAuthorization(header: string | undefined, keys: ReadonlyMap<string, string>): string | null {
  if (!header) return null
  const space = header.indexOf(' ')
  if (space < 0) return null
  const scheme = header.slice(0, space).toLowerCase()
  const value = header.slice(space + 1).trim()
  if (scheme === 'bearer') return keys.get(value) ?? null
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    return colon < 0 ? null : (keys.get(decoded.slice(colon + 1)) ?? null)
  }
  return null
}

export function authMiddleware(keys: ReadonlyMap<string, string> | null) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (keys === null) {
      c.set('projectId', DEFAULT_PROJECT)
      return next()
    }
    const header = c.req.header('authorization')
    const project = projectForAuthorization(header, keys)
    if (project === null) {
      throw new HTTPException(401, {
        message: header ? 'the API key is not valid' : 'an API key is required: send Authorization: Bearer <key>',
        res: new Response(null, { headers: { 'WWW-Authenticate': 'Bearer realm="loupe"' } }),
      })
    }
    c.set('projectId', project)
    return next()
  })
}
