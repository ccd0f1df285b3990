import { describe, expect, it } from 'vitest'
import { parseRoute, routePath, type Route } from './router.ts'

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['/', { name: 'traces' }],
    ['/traces', { name: 'traces' }],
    ['/traces/0af7651916cd43dd8448eb211c80319c', { name: 'trace', traceId: '0af7651916cd43dd8448eb211c80319c' }],
    ['/sessions', { name: 'sessions' }],
    ['/sessions/chat%2042', { name: 'session', sessionId: 'chat 42' }],
    ['/costs', { name: 'costs' }],
    ['/findings', { name: 'findings' }],
    ['/findings/x', { name: 'notFound', path: '/findings/x' }],
    ['/readiness', { name: 'readiness' }],
    ['/readiness/', { name: 'readiness' }],
    ['/drift', { name: 'drift' }],
    ['/drift/latency', { name: 'notFound', path: '/drift/latency' }],
    ['/alerts', { name: 'alerts' }],
    ['/alerts/runaway', { name: 'notFound', path: '/alerts/runaway' }],
    ['/nope/x/y', { name: 'notFound', path: '/nope/x/y' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route)
  })
  it.each<Route>([
    { name: 'session', sessionId: 'a/b c' },
    { name: 'readiness' },
    { name: 'drift' },
    { name: 'alerts' },
  ])('round-trips $name through routePath', (r) => {
    expect(parseRoute(routePath(r))).toEqual(r)
  })
})
