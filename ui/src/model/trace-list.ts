/**
 * @module model/trace-list
 * The trace list's view state, as kept in the URL under the API's own parameter names, so a deep
 * link reproduces the view and the URL maps one to one onto `GET /api/traces`. Pure.
 *
 * Invariant: every change to a filter or to the sort drops `cursor`, because a keyset cursor
 * belongs to one filter set and one sort (the API rejects a cursor of another sort).
 */
import { TRACE_SORTS } from '@loupe/schema'

export type TraceSort = (typeof TRACE_SORTS)[number]
type SortOrder = 'asc' | 'desc'

/** URL parameters that narrow the list (everything but sort, order and cursor). */
const TRACE_FILTER_KEYS = [
  'service',
  'agent',
  'model',
  'provider',
  'userId',
  'status',
  'state',
  'q',
  'minCostUsd',
] as const
export type TraceFilterKey = (typeof TRACE_FILTER_KEYS)[number]

export interface TraceListState {
  filters: Partial<Record<TraceFilterKey, string>>
  sort: TraceSort
  order: SortOrder
  cursor: string | undefined
}

const DEFAULT_SORT: TraceSort = 'startTime'
export const PAGE_SIZE = 50

/** A URL-param patch, as `setParams` takes it: undefined removes a key. */
export type ParamChanges = Record<string, string | undefined>

/**
 * Reads the state from the URL. Values the API would reject with a 400 (an unknown sort, a
 * negative cost, `status=ok`, `state=done`) are dropped here, so a mangled link still shows a list.
 */
export function readTraceListState(params: URLSearchParams): TraceListState {
  const filters: TraceListState['filters'] = {}
  for (const key of TRACE_FILTER_KEYS) {
    const raw = params.get(key)?.trim()
    if (!raw) continue
    if (key === 'status' && raw !== 'error') continue
    if (key === 'state' && raw !== 'running' && raw !== 'settled') continue
    if (key === 'minCostUsd' && !isNonNegativeNumber(raw)) continue
    filters[key] = raw.slice(0, 200)
  }
  const sort = params.get('sort')
  const cursor = params.get('cursor')
  return {
    filters,
    sort: (TRACE_SORTS as readonly string[]).includes(sort ?? '') ? (sort as TraceSort) : DEFAULT_SORT,
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    cursor: cursor ? cursor : undefined,
  }
}

function isNonNegativeNumber(s: string): boolean {
  const n = Number(s)
  return s !== '' && Number.isFinite(n) && n >= 0
}

/** The `GET /api/traces` query for a state and a resolved time range. */
export function traceListQuery(
  state: TraceListState,
  range: { from: number; to: number },
  limit = PAGE_SIZE,
): Record<string, string | number> {
  const q: Record<string, string | number> = { ...range, sort: state.sort, order: state.order, limit }
  for (const [k, v] of Object.entries(state.filters)) if (v !== undefined) q[k] = v
  if (state.cursor !== undefined) q['cursor'] = state.cursor
  return q
}

export function hasActiveFilters(state: TraceListState): boolean {
  return Object.keys(state.filters).length > 0
}

/** Sets (or with '' clears) one filter, back on the first page. */
export function filterChange(key: TraceFilterKey, value: string): ParamChanges {
  return { [key]: value.trim() === '' ? undefined : value.trim(), cursor: undefined }
}

export function clearFiltersChange(): ParamChanges {
  const changes: ParamChanges = { cursor: undefined }
  for (const k of TRACE_FILTER_KEYS) changes[k] = undefined
  return changes
}

/**
 * Clicking a column header: the sorted column flips its order; another column starts descending
 * (newest, slowest, dearest, biggest first: what one looks for in a trace list). The default sort
 * is left out of the URL so plain links stay short.
 */
export function sortChange(state: TraceListState, column: TraceSort): ParamChanges {
  const order: SortOrder = state.sort === column ? (state.order === 'desc' ? 'asc' : 'desc') : 'desc'
  const isDefault = column === DEFAULT_SORT && order === 'desc'
  return { sort: isDefault ? undefined : column, order: isDefault ? undefined : order, cursor: undefined }
}

/** How a header shows its sort: `aria-sort` and an arrow. */
export function sortIndicator(
  state: TraceListState,
  column: TraceSort,
): { ariaSort: 'ascending' | 'descending' | 'none'; arrow: string } {
  if (state.sort !== column) return { ariaSort: 'none', arrow: '' }
  return state.order === 'asc' ? { ariaSort: 'ascending', arrow: '↑' } : { ariaSort: 'descending', arrow: '↓' }
}

/**
 * Options for a facet select: the facet's values, plus the selected value when the range does not
 * hold it (a deep link from another range), so the select never silently shows "All".
 */
export function facetOptions(values: readonly string[] | undefined, selected: string | undefined): string[] {
  const list = [...(values ?? [])]
  if (selected !== undefined && !list.includes(selected)) list.unshift(selected)
  return list
}

/** A short text for a list cell: the first `max` values, then "+N" for the rest; '—' for none. */
export function summariseList(values: readonly string[], max = 2): string {
  if (values.length === 0) return '—'
  const shown = values.slice(0, max).join(', ')
  return values.length > max ? `${shown} +${values.length - max}` : shown
}
