/**
 * @module cli/client
 * The CLI's only I/O with the collector: one GET per command, over fetch. Every failure becomes
 * one typed error: UnreachableError when no HTTP answer came, ServerError for a 4xx/5xx answer
 * (with the server's `{error}` message), SchemaError for a 2xx answer that is not what the API
 * contract in `@loupe/schema` says.
 */
import { ErrorResponse } from '@loupe/schema'
import type { ZodType } from 'zod'
import type { Connection } from './args.ts'
import { SchemaError, ServerError, UnreachableError } from './errors.ts'

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>

/** GET `path` and parse the JSON answer with `schema`. */
export async function getJson<T>(
  conn: Connection,
  path: string,
  params: Record<string, string>,
  schema: ZodType<T>,
  fetchFn: FetchFn = fetch,
): Promise<T> {
  const res = await get(conn, path, params, 'application/json', fetchFn)
  const text = await readBody(conn, res)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new SchemaError(
      `GET ${path}: the answer is not JSON (${res.headers.get('content-type') ?? 'no content-type'}): ${excerpt(text)}`,
    )
  }
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
  const more = parsed.error.issues.length > 3 ? `; and ${parsed.error.issues.length - 3} more` : ''
  throw new SchemaError(`GET ${path}: the answer does not match the API schema: ${issues.join('; ')}${more}`)
}

/** GET `path` for a text format (CSV); an answer in JSON is a SchemaError. */
export async function getText(
  conn: Connection,
  path: string,
  params: Record<string, string>,
  accept: string,
  fetchFn: FetchFn = fetch,
): Promise<string> {
  const res = await get(conn, path, params, accept, fetchFn)
  const type = res.headers.get('content-type') ?? ''
  const text = await readBody(conn, res)
  if (type.includes('json'))
    throw new SchemaError(`GET ${path}: expected ${accept}, the answer is ${type}: ${excerpt(text)}`)
  return text
}

async function get(
  conn: Connection,
  path: string,
  params: Record<string, string>,
  accept: string,
  fetchFn: FetchFn,
): Promise<Response> {
  const url = `${conn.baseUrl}${path}?${new URLSearchParams(params).toString()}`
  const headers: Record<string, string> = { accept }
  if (conn.apiKey !== null) headers['authorization'] = `Bearer ${conn.apiKey}`
  let res: Response
  try {
    res = await fetchFn(url, { headers, signal: AbortSignal.timeout(conn.timeoutMs) })
  } catch (err) {
    // fetch rejects with a TypeError for network failures and a DOMException for the timeout
    if (!(err instanceof TypeError || err instanceof DOMException)) throw err
    throw new UnreachableError(`cannot reach ${conn.baseUrl}: ${networkReason(err, conn.timeoutMs)}`)
  }
  if (!res.ok) throw await serverError(conn, path, res)
  return res
}

async function readBody(conn: Connection, res: Response): Promise<string> {
  try {
    return await res.text()
  } catch (err) {
    throw new UnreachableError(`${conn.baseUrl} stopped answering mid-response: ${networkReason(err, conn.timeoutMs)}`)
  }
}

async function serverError(conn: Connection, path: string, res: Response): Promise<ServerError> {
  const text = await res.text().catch(() => '')
  let message = excerpt(text) || '(no message)'
  try {
    const parsed = ErrorResponse.safeParse(JSON.parse(text))
    if (parsed.success) message = parsed.data.error
  } catch {
    // not JSON (a proxy's error page, say): show the start of the text instead
  }
  const status = `${res.status}${res.statusText ? ` ${res.statusText}` : ''}`
  return new ServerError(res.status, `${conn.baseUrl} answered ${status}: ${message}${hint(conn, path, res.status)}`)
}

function hint(conn: Connection, path: string, status: number): string {
  if (status === 401) {
    return conn.apiKey === null ? ' (pass --api-key or set LOUPE_API_KEY)' : ' (check --api-key or LOUPE_API_KEY)'
  }
  if (status === 404) return ` (is ${conn.baseUrl} a Loupe collector that serves ${path}?)`
  return ''
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the collector running?)',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'the connection broke',
}

/** fetch reports network failures as `TypeError('fetch failed')` with the real reason in `cause`. */
export function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000}s`
  const cause =
    err instanceof Error
      ? (err.cause as { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } | undefined)
      : undefined
  const code = cause?.code ?? cause?.errors?.[0]?.code
  if (typeof code === 'string' && NETWORK_CODES[code]) return NETWORK_CODES[code]
  if (typeof cause?.message === 'string' && cause.message) return cause.message
  return err instanceof Error ? err.message : String(err)
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat
}
