/**
 * The marks of live data, the same in every view: a trace still receiving spans (a pulsing dot
 * and "running"), its figures that count up once a second, a finding that settling may still
 * change, and the top bar's sign that a page follows now.
 */
import type { TraceSummary } from '@loupe/schema'
import { useNow } from '../hooks/useNow.ts'
import { formatDuration } from '../model/format.ts'
import { formatAgo, runningDurationMs, sinceLastSpanMs } from '../model/running.ts'
import { formatElapsed } from '../model/session-turns.ts'
import './Running.css'

type Extent = Pick<TraceSummary, 'startTimeUnixNano' | 'durationMs' | 'running'>

/** "running" on a trace; with `count`, "2 running" on what groups traces (a session). */
export function RunningBadge({ count }: { count?: number }) {
  return (
    <span
      className="running-badge"
      data-testid="running-badge"
      title="Still receiving spans: this is what has arrived so far, settled once the agent goes quiet"
    >
      <span className="live-dot" aria-hidden />
      {count === undefined ? 'running' : `${count} running`}
    </span>
  )
}

/** A trace's duration; a running one counts up from its first span's start, in whole seconds. */
export function TraceDuration({ trace }: { trace: Extent }) {
  return trace.running ? <RunningDuration trace={trace} /> : <>{formatDuration(trace.durationMs)}</>
}

function RunningDuration({ trace }: { trace: Extent }) {
  const now = useNow()
  return (
    <span data-testid="running-duration" title="So far: since the first span started">
      {formatElapsed(runningDurationMs(trace, now))}
    </span>
  )
}

/** "last span 3 s ago": how long the running trace has been quiet. */
export function LastSpanAgo({ trace }: { trace: Extent }) {
  const now = useNow()
  return (
    <span className="last-span" data-testid="last-span" title="When the latest span that arrived ended">
      last span {formatAgo(sinceLastSpanMs(trace, now))}
    </span>
  )
}

export function ProvisionalBadge() {
  return (
    <span
      className="provisional-badge"
      data-testid="provisional-badge"
      title="Found on a trace that is still running: settling may confirm, update or drop it"
    >
      provisional
    </span>
  )
}

/** In the top bar, in place of the auto-refresh select, on a page that follows now. */
export function LiveIndicator() {
  return (
    <span
      className="live-indicator"
      data-testid="live-indicator"
      title="The range ends now: this page updates every second while the tab is visible"
    >
      <span className="live-dot" aria-hidden />
      Live
    </span>
  )
}
