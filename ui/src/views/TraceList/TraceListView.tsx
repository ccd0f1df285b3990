/** Placeholder: replaced by the real view. */
export function TraceListView(_props: Record<string, unknown>) {
  return <div className="state">TraceListView</div>
}
