/**
 * @module http/auth
 * The HTTP side of API keys (auth/projects.ts): every request under `/v1` and `/api` opens its
 * project, or gets 401 with a `WWW-Authenticate` challenge.
 */
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { DEFAULT_PROJECT, projectForAuthorization } from '../auth/projects.ts'
import type { AppEnv } from './app-env.ts'

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
