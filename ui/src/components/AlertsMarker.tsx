/**
 * The navigation's sign that alerts fire: a red dot and the count of firing rules beside
 * "Alerts", on every page. It asks `/api/alerts/rules` (an answer from memory, no storage read)
 * every `POLL_MS`, and shows nothing when no rule fires, when alerts are not set up, or when the
 * request fails: the Alerts page itself says why.
 */
import { useAlertRules } from '../hooks/queries.ts'
import { firingMarker } from '../model/alerts-view.ts'

/** A trace rule fires about a second after the crossing; a few seconds more to see it is fine. */
const POLL_MS = 5000

export function AlertsMarker() {
  const rules = useAlertRules({ refetchInterval: POLL_MS })
  const marker = firingMarker(rules.data)
  if (marker === null) return null
  return (
    <span className="nav-marker" data-testid="alerts-firing-marker" title={marker.title}>
      <span className="nav-marker-dot" aria-hidden />
      <span aria-hidden>{marker.count}</span>
      <span className="sr-only">, {marker.label}</span>
    </span>
  )
}
