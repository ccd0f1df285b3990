/**
 * @module ingest/body
 * Reads a request body under a byte limit and undoes Content-Encoding, with the same limit on
 * the decompressed size so that a gzip bomb stops at the limit instead of exhausting memory.
 */
import { promisify } from 'node:util'
import { gunzip, inflate } from 'node:zlib'

const gunzipAsync = promisify(gunzip)
const inflateAsync = promisify(inflate)

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 400 | 413 | 415; message: string }

export async function readBody(
  stream: ReadableStream<Uint8Array> | null,
  contentLength: string | undefined,
  limit: number,
): Promise<BodyResult> {
  if (contentLength !== undefined && Number(contentLength) > limit) {
    return {
      ok: false,
      status: 413,
      message: `request body of ${contentLength} bytes exceeds the limit of ${limit} bytes`,
    }
  }
  if (stream === null) return { ok: true, body: Buffer.alloc(0) }
  const chunks: Buffer[] = []
  let total = 0
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel()
      return { ok: false, status: 413, message: `request body exceeds the limit of ${limit} bytes` }
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
  }
  return { ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) }
}

export async function decodeContentEncoding(
  body: Buffer,
  contentEncoding: string | undefined,
  limit: number,
): Promise<BodyResult> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase()
  if (encoding === 'identity' || encoding === '') return { ok: true, body }
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    return { ok: false, status: 415, message: `unsupported Content-Encoding "${encoding}": send gzip, deflate or none` }
  }
  try {
    const inflated =
      encoding === 'gzip'
        ? await gunzipAsync(body, { maxOutputLength: limit })
        : await inflateAsync(body, { maxOutputLength: limit })
    return { ok: true, body: inflated }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return { ok: false, status: 413, message: `decompressed body exceeds the limit of ${limit} bytes` }
    }
    return { ok: false, status: 400, message: `body is not valid ${encoding}: ${(err as Error).message}` }
  }
}
