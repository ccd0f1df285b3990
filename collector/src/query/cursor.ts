/**
 * @module query/cursor
 * Opaque keyset cursors: the sort value and id of the last row of a page, plus the sort they
 * belong to, base64url-encoded JSON. The next page starts strictly after that (value, id) pair, so
 * pages neither skip nor repeat rows however the data changes between them.
 */
import { BadQueryError } from './bad-query.ts'

export interface Cursor {
  sort: string
  order: 'asc' | 'desc'
  value: string
  id: string
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.order, c.value, c.id])).toString('base64url')
}

export function decodeCursor(text: string, sort: string, order: 'asc' | 'desc'): Cursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    throw new BadQueryError('cursor is not one this API returned')
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || !parsed.every((x) => typeof x === 'string')) {
    throw new BadQueryError('cursor is not one this API returned')
  }
  const [s, o, value, id] = parsed as [string, string, string, string]
  if (s !== sort || o !== order) {
    throw new BadQueryError(`cursor belongs to sort=${s}&order=${o}, not sort=${sort}&order=${order}`)
  }
  return { sort: s, order: o, value, id }
}
