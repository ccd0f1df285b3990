/**
 * Cursor pagination under a list: Previous (when the trail knows it), Back to first page, Next.
 * The URL's `cursor` is the page; each move is a history entry, so the browser's back button
 * pages back too. Shared by the trace and session lists.
 */
import { setParams } from '../../router.ts'
import { pagePosition, recordNextPage } from './page-trail-store.ts'
import './Pager.css'

export function Pager({
  scope,
  cursor,
  nextCursor,
  shown,
  noun,
}: {
  scope: string
  cursor: string | undefined
  nextCursor: string | null
  shown: number
  noun: string
}) {
  const { page, previous } = pagePosition(scope, cursor)
  const go = (c: string | undefined) => {
    setParams({ cursor: c })
    window.scrollTo({ top: 0 })
  }
  if (cursor === undefined && nextCursor === null)
    return (
      <p className="tl-pager-note">
        {shown} {noun}
      </p>
    )
  return (
    <nav className="tl-pager" aria-label="Pagination">
      <span className="tl-pager-note">
        {page === null ? 'A later page' : `Page ${page}`} · {shown} {noun}
      </span>
      <span className="tl-pager-buttons">
        {cursor !== undefined && (
          <button type="button" data-testid="first-page" onClick={() => go(undefined)}>
            Back to first page
          </button>
        )}
        {previous !== null && previous.cursor !== undefined && (
          <button type="button" data-testid="prev-page" onClick={() => go(previous.cursor)}>
            ← Previous
          </button>
        )}
        <button
          type="button"
          data-testid="next-page"
          disabled={nextCursor === null}
          onClick={() => {
            if (nextCursor === null) return
            recordNextPage(scope, cursor, nextCursor)
            go(nextCursor)
          }}
        >
          Next →
        </button>
      </span>
    </nav>
  )
}
