/**
 * @module api/client
 * The UI's only HTTP code. Every response is parsed with the zod schema of the route it came
 * from; a non-OK answer throws ApiError with the server's message.
 */
import type { z } from 'zod'

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export type Params = Record<string, string | number | boolean | undefined | null>

export function apiUrl(path: string, params: Params = {}): string {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v))
  const s = search.toString()
  return path + (s ? `?${s}` : '')
}

export function apiGet<S extends z.ZodType>(
  path: string,
  params: Params,
  schema: S,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  return request('GET', path, params, schema, signal)
}

/** A POST whose parameters ride in the query string, as the API's actions take them (no body). */
export function apiPost<S extends z.ZodType>(path: string, params: Params, schema: S): Promise<z.infer<S>> {
  return request('POST', path, params, schema)
}

async function request<S extends z.ZodType>(
  method: 'GET' | 'POST',
  path: string,
  params: Params,
  schema: S,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  let res: Response
  try {
    res = await fetch(apiUrl(path, params), { method, signal, headers: { accept: 'application/json' } })
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    throw new ApiError(0, 'cannot reach the Loupe collector')
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`
    try {
      const body = (await res.json()) as { error?: string }
      if (body.error) message = body.error
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, message)
  }
  const parsed = schema.safeParse(await res.json())
  if (!parsed.success)
    throw new ApiError(res.status, `unexpected response from ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return parsed.data
}
