/**
 * @module router
 * A small URL router: every view and its state (filters, sort, selected span, time range) live in
 * the URL, so any screen is a shareable deep link and back/forward work. `parseRoute` is pure.
 */
import { useSyncExternalStore } from 'react'

export type Route =
  | { name: 'traces' }
  | { name: 'trace'; traceId: string }
  | { name: 'sessions' }
  | { name: 'session'; sessionId: string }
  | { name: 'costs' }
  | { name: 'findings' }
  | { name: 'readiness' }
  | { name: 'drift' }
  | { name: 'alerts' }
  | { name: 'notFound'; path: string }

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent)
  if (parts.length === 0 || (parts[0] === 'traces' && parts.length === 1)) return { name: 'traces' }
  if (parts[0] === 'traces' && parts.length === 2) return { name: 'trace', traceId: parts[1]! }
  if (parts[0] === 'sessions' && parts.length === 1) return { name: 'sessions' }
  if (parts[0] === 'sessions' && parts.length === 2) return { name: 'session', sessionId: parts[1]! }
  if (parts[0] === 'costs' && parts.length === 1) return { name: 'costs' }
  if (parts[0] === 'findings' && parts.length === 1) return { name: 'findings' }
  if (parts[0] === 'readiness' && parts.length === 1) return { name: 'readiness' }
  if (parts[0] === 'drift' && parts.length === 1) return { name: 'drift' }
  if (parts[0] === 'alerts' && parts.length === 1) return { name: 'alerts' }
  return { name: 'notFound', path: pathname }
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'traces':
      return '/traces'
    case 'trace':
      return `/traces/${encodeURIComponent(route.traceId)}`
    case 'sessions':
      return '/sessions'
    case 'session':
      return `/sessions/${encodeURIComponent(route.sessionId)}`
    case 'costs':
      return '/costs'
    case 'findings':
      return '/findings'
    case 'readiness':
      return '/readiness'
    case 'drift':
      return '/drift'
    case 'alerts':
      return '/alerts'
    case 'notFound':
      return route.path
  }
}

/** Query parameters that follow the user from view to view. */
const GLOBAL_PARAMS = ['range', 'from', 'to', 'refresh'] as const

const listeners = new Set<() => void>()
const notify = () => listeners.forEach((l) => l())
if (typeof window !== 'undefined') window.addEventListener('popstate', notify)

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

const snapshot = () => window.location.pathname + window.location.search

export function useLocation(): { route: Route; params: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/')
  const url = new URL(href, 'http://x')
  return { route: parseRoute(url.pathname), params: url.searchParams }
}

/** Goes to a path; `keepGlobal` carries the time range and refresh along. */
export function navigate(
  path: string,
  params: Record<string, string | undefined> = {},
  opts: { replace?: boolean; keepGlobal?: boolean } = {},
): void {
  const current = new URLSearchParams(window.location.search)
  const next = new URLSearchParams()
  if (opts.keepGlobal !== false)
    for (const k of GLOBAL_PARAMS) {
      const v = current.get(k)
      if (v !== null) next.set(k, v)
    }
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') next.set(k, v)
  const search = next.toString()
  const href = path + (search ? `?${search}` : '')
  if (href === snapshot()) return
  if (opts.replace) window.history.replaceState(null, '', href)
  else window.history.pushState(null, '', href)
  notify()
}

/** Replaces some query parameters of the current view (undefined or '' removes one). */
export function setParams(changes: Record<string, string | undefined>, opts: { replace?: boolean } = {}): void {
  const next = new URLSearchParams(window.location.search)
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') next.delete(k)
    else next.set(k, v)
  }
  const search = next.toString()
  const href = window.location.pathname + (search ? `?${search}` : '')
  if (href === snapshot()) return
  if (opts.replace) window.history.replaceState(null, '', href)
  else window.history.pushState(null, '', href)
  notify()
}

/** Href for links (keeps the global params). */
export function hrefFor(path: string, params: Record<string, string | undefined> = {}): string {
  const current = typeof window === 'undefined' ? new URLSearchParams() : new URLSearchParams(window.location.search)
  const next = new URLSearchParams()
  for (const k of GLOBAL_PARAMS) {
    const v = current.get(k)
    if (v !== null) next.set(k, v)
  }
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') next.set(k, v)
  const search = next.toString()
  return path + (search ? `?${search}` : '')
}
