/**
 * @module views/TraceList/page-trail-store
 * Where the lists keep their page trails (model/page-trail) for the life of the tab: module state
 * rather than component state, so coming back from a trace to page 3 still offers "Previous".
 * One trail per list (`scope`), since cursors of different lists never mix.
 */
import { pageNumber, previousPage, withNextPage, type PageTrail } from '../../model/page-trail.ts'

const trails = new Map<string, PageTrail>()

const trailOf = (scope: string): PageTrail => trails.get(scope) ?? new Map()

export function recordNextPage(scope: string, current: string | undefined, next: string): void {
  trails.set(scope, withNextPage(trailOf(scope), current, next))
}

export function pagePosition(
  scope: string,
  cursor: string | undefined,
): { page: number | null; previous: { cursor: string | undefined } | null } {
  const trail = trailOf(scope)
  return { page: pageNumber(trail, cursor), previous: previousPage(trail, cursor) }
}
