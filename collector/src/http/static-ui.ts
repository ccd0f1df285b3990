/**
 * @module http/static-ui
 * Serves the built UI (`ui/dist`) at `/`: hashed assets with a long cache, and every other GET
 * that is not API or OTLP falls back to index.html, so deep links load the app. A strict
 * Content-Security-Policy backs up the UI's rule that span content is never HTML: no inline or
 * foreign script can run even if some were injected.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Hono } from 'hono'
import type { AppEnv } from './app-env.ts'

const UI_DIST = fileURLToPath(new URL('../../../ui/dist/', import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

export function mountUi(app: Hono<AppEnv>, dist = UI_DIST): void {
  const index = join(dist, 'index.html')
  app.get('*', (c, next) => {
    const path = c.req.path
    if (path.startsWith('/api/') || path.startsWith('/v1/')) return next()
    const headers: Record<string, string> = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' }
    if (!existsSync(index)) {
      return c.text(
        'The Loupe UI is not built: run `npm run build -w @loupe/ui` (npm start does it for you).',
        503,
        headers,
      )
    }
    const file = normalize(join(dist, decodeURIComponent(path)))
    if (file.startsWith(dist) && file !== dist && !file.endsWith(sep) && existsSync(file) && statSync(file).isFile()) {
      headers['content-type'] = TYPES[extname(file)] ?? 'application/octet-stream'
      headers['cache-control'] = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'
      return c.body(readFileSync(file), 200, headers)
    }
    headers['content-type'] = TYPES['.html']!
    headers['cache-control'] = 'no-cache'
    return c.body(readFileSync(index), 200, headers)
  })
}
