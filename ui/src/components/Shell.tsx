/**
 * The frame around every view: navigation, the global time range, auto-refresh and the theme. A
 * page that follows now (model/time-range `followsNow`) updates by itself every second, so there
 * "Live" stands where the auto-refresh select would be. "Alerts" carries a marker while a rule
 * fires, whatever the page.
 */
import { useEffect, useState } from 'react'
import { followsNow, RANGES, RANGE_LABEL, REFRESH } from '../model/time-range.ts'
import { hrefFor, setParams, useLocation, type Route } from '../router.ts'
import { AlertsMarker } from './AlertsMarker.tsx'
import { LiveIndicator } from './Running.tsx'

const NAV: Array<{ label: string; path: string; active: (r: Route) => boolean; Marker?: () => React.ReactNode }> = [
  { label: 'Traces', path: '/traces', active: (r) => r.name === 'traces' || r.name === 'trace' },
  { label: 'Sessions', path: '/sessions', active: (r) => r.name === 'sessions' || r.name === 'session' },
  { label: 'Costs', path: '/costs', active: (r) => r.name === 'costs' },
  { label: 'Findings', path: '/findings', active: (r) => r.name === 'findings' },
  { label: 'Readiness', path: '/readiness', active: (r) => r.name === 'readiness' },
  { label: 'Drift', path: '/drift', active: (r) => r.name === 'drift' },
  { label: 'Alerts', path: '/alerts', active: (r) => r.name === 'alerts', Marker: AlertsMarker },
]

type Theme = 'light' | 'dark'

function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => {
    const saved = localStorage.getItem('loupe-theme')
    if (saved === 'light' || saved === 'dark') return saved
    return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
  })
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme
    localStorage.setItem('loupe-theme', theme)
  }, [theme])
  return [theme, () => setTheme(theme === 'dark' ? 'light' : 'dark')]
}

export function Shell({ children }: { children: React.ReactNode }) {
  const { route, params } = useLocation()
  const [theme, toggleTheme] = useTheme()
  const range = params.get('range') ?? '24h'
  const [customOpen, setCustomOpen] = useState(range === 'custom')
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href={hrefFor('/traces')} onClick={linkClick}>
          <span className="brand-mark" aria-hidden>
            ◎
          </span>{' '}
          Loupe
        </a>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <a
              key={n.label}
              href={hrefFor(n.path)}
              onClick={linkClick}
              className={n.active(route) ? 'nav-link active' : 'nav-link'}
              aria-current={n.active(route) ? 'page' : undefined}
            >
              {n.label}
              {n.Marker && <n.Marker />}
            </a>
          ))}
        </nav>
        <div className="topbar-controls">
          <label className="control">
            <span className="sr-only">Time range</span>
            <select
              aria-label="Time range"
              value={range}
              onChange={(e) => {
                const v = e.target.value
                if (v === 'custom') {
                  setCustomOpen(true)
                  const to = Date.now()
                  setParams({ range: 'custom', from: String(to - 86_400_000), to: String(to) })
                } else {
                  setCustomOpen(false)
                  setParams({ range: v, from: undefined, to: undefined, cursor: undefined })
                }
              }}
            >
              {RANGES.map((r) => (
                <option key={r} value={r}>
                  {RANGE_LABEL[r]}
                </option>
              ))}
              <option value="custom">Custom…</option>
            </select>
          </label>
          {customOpen && range === 'custom' && <CustomRange params={params} />}
          {/* a trace's detail follows its own state (polled while it runs), so neither applies there */}
          {route.name === 'trace' ? null : followsNow(route.name, params) ? (
            <LiveIndicator />
          ) : (
            <label className="control">
              <span className="sr-only">Auto-refresh</span>
              <select
                aria-label="Auto-refresh"
                value={params.get('refresh') ?? 'off'}
                onChange={(e) => setParams({ refresh: e.target.value === 'off' ? undefined : e.target.value })}
              >
                {REFRESH.map((r) => (
                  <option key={r} value={r}>
                    {r === 'off' ? 'Refresh: off' : `Every ${r}`}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button
            type="button"
            className="icon-button"
            onClick={toggleTheme}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
            title="Theme"
          >
            {theme === 'dark' ? '☀' : '☾'}
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  )
}

function CustomRange({ params }: { params: URLSearchParams }) {
  const toLocal = (ms: number) => new Date(ms - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
  const from = Number(params.get('from')) || Date.now() - 86_400_000
  const to = Number(params.get('to')) || Date.now()
  return (
    <span className="custom-range">
      <input
        type="datetime-local"
        aria-label="From"
        value={toLocal(from)}
        onChange={(e) => {
          const v = Date.parse(e.target.value)
          if (!Number.isNaN(v)) setParams({ from: String(v) })
        }}
      />
      <span aria-hidden>→</span>
      <input
        type="datetime-local"
        aria-label="To"
        value={toLocal(to)}
        onChange={(e) => {
          const v = Date.parse(e.target.value)
          if (!Number.isNaN(v)) setParams({ to: String(v) })
        }}
      />
    </span>
  )
}

/** Client-side navigation for plain links (a modified click still opens a new tab). */
export function linkClick(e: React.MouseEvent<HTMLAnchorElement>): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
  e.preventDefault()
  const url = new URL(e.currentTarget.href)
  window.history.pushState(null, '', url.pathname + url.search)
  window.dispatchEvent(new PopStateEvent('popstate'))
}
