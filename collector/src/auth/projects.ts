/**
 * @module auth/projects
 * API keys → projects, for every receiver (HTTP and gRPC). With keys configured, a request must
 * carry one, as `Authorization: Bearer <key>` or as the password of Basic auth (how the Langfuse
 * SDK sends its secret key); without, everything belongs to the project `default`. Pure.
 */

export const DEFAULT_PROJECT = 'default'

/** Which project an Authorization header opens, or null. */
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
