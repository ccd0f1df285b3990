/**
 * Routes → views. The costs, findings, readiness, drift and alerts views are loaded on demand to keep the first
 * load small.
 */
import { lazy, Suspense } from 'react'
import { Shell } from './components/Shell.tsx'
import { Loading } from './components/States.tsx'
import { useLocation } from './router.ts'
import { SessionDetailView } from './views/Sessions/SessionDetailView.tsx'
import { SessionListView } from './views/Sessions/SessionListView.tsx'
import { TraceDetailView } from './views/TraceDetail/TraceDetailView.tsx'
import { TraceListView } from './views/TraceList/TraceListView.tsx'

const CostsView = lazy(() => import('./views/Costs/CostsView.tsx'))
const FindingsView = lazy(() => import('./views/Findings/FindingsView.tsx'))
const ReadinessView = lazy(() => import('./views/Readiness/ReadinessView.tsx'))
const DriftView = lazy(() => import('./views/Drift/DriftView.tsx'))
const AlertsView = lazy(() => import('./views/Alerts/AlertsView.tsx'))

export function App() {
  const { route } = useLocation()
  let view: React.ReactNode
  switch (route.name) {
    case 'traces':
      view = <TraceListView />
      break
    case 'trace':
      view = <TraceDetailView traceId={route.traceId} />
      break
    case 'sessions':
      view = <SessionListView />
      break
    case 'session':
      view = <SessionDetailView sessionId={route.sessionId} />
      break
    case 'costs':
      view = (
        <Suspense fallback={<Loading what="Loading costs" />}>
          <CostsView />
        </Suspense>
      )
      break
    case 'findings':
      view = (
        <Suspense fallback={<Loading what="Loading findings" />}>
          <FindingsView />
        </Suspense>
      )
      break
    case 'readiness':
      view = (
        <Suspense fallback={<Loading what="Loading readiness" />}>
          <ReadinessView />
        </Suspense>
      )
      break
    case 'drift':
      view = (
        <Suspense fallback={<Loading what="Loading drift" />}>
          <DriftView />
        </Suspense>
      )
      break
    case 'alerts':
      view = (
        <Suspense fallback={<Loading what="Loading alerts" />}>
          <AlertsView />
        </Suspense>
      )
      break
    case 'notFound':
      view = (
        <div className="state">
          No page at <code>{route.path}</code>.
        </div>
      )
      break
  }
  return <Shell>{view}</Shell>
}
