/**
 * Loading, empty and error states, the same in every view.
 */
import { useState } from 'react'
import { ApiError } from '../api/client.ts'

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" /> {what}…
    </div>
  )
}

export function ErrorState({ error }: { error: unknown }) {
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error)
  return (
    <div className="state state-error" role="alert">
      <strong>Something went wrong.</strong> {message}
    </div>
  )
}

/** The empty state that teaches: where to point an exporter. */
export function NoData({ title = 'No traces yet' }: { title?: string }) {
  const origin = typeof window === 'undefined' ? 'http://localhost:4318' : window.location.origin
  const snippet = `export OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${origin}/v1/traces\nexport OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf`
  const [copied, setCopied] = useState(false)
  return (
    <div className="state state-empty">
      <h2>{title}</h2>
      <p>
        Point an OpenTelemetry exporter at <code>{origin}/v1/traces</code> (OTLP/HTTP) or port 4317 (OTLP/gRPC), then
        run your agent.
      </p>
      <pre className="snippet">{snippet}</pre>
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(snippet)
          setCopied(true)
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  )
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="state state-empty-small">{children}</div>
}
