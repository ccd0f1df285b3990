/** Placeholder: replaced by the real view. */
export function TraceDetailView(_props: Record<string, unknown>) {
  return <div className="state">TraceDetailView</div>
}
