/**
 * @module model/page-trail
 * Keyset cursors only go forward, so "previous page" and "page N" need memory: the trail records,
 * for each cursor reached with Next, the cursor of the page before it. The URL keeps only the
 * current `cursor` (enough to reproduce the page); a deep link to a later page simply has no
 * trail, and then only "Back to first page" is offered. Pure: every function returns a new trail.
 *
 * Invariant: following `prev` from any recorded cursor ends at '' (the first page) within
 * `size` steps; a cycle can only come from a replayed cursor and is cut off by that bound.
 */

/** cursor → the cursor of the page before it ('' for the first page). */
export type PageTrail = ReadonlyMap<string, string>

/** Old entries are dropped past this many: a session of paging should never get near it. */
const MAX_ENTRIES = 1000

export function withNextPage(trail: PageTrail, current: string | undefined, next: string): PageTrail {
  const out = new Map(trail)
  out.delete(next) // re-insert at the end so it is the newest
  out.set(next, current ?? '')
  while (out.size > MAX_ENTRIES) out.delete(out.keys().next().value as string)
  return out
}

/**
 * The page before `cursor`: `{cursor: undefined}` is the first page; null when there is none
 * (on the first page) or when it is not known (a deep link).
 */
export function previousPage(trail: PageTrail, cursor: string | undefined): { cursor: string | undefined } | null {
  if (cursor === undefined) return null
  const prev = trail.get(cursor)
  if (prev === undefined) return null
  return { cursor: prev === '' ? undefined : prev }
}

/** 1-based page number of `cursor`, or null when the trail does not reach back to page 1. */
export function pageNumber(trail: PageTrail, cursor: string | undefined): number | null {
  let n = 1
  let c = cursor
  while (c !== undefined && c !== '') {
    const prev = trail.get(c)
    if (prev === undefined || n > trail.size) return null
    c = prev
    n++
  }
  return n
}
