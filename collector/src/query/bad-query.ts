/**
 * @module query/bad-query
 * A query the API cannot run as asked (a foreign cursor, an empty range, too many buckets).
 * The HTTP edge answers it with 400 and this message.
 */
export class BadQueryError extends Error {
  override readonly name = 'BadQueryError'
}
