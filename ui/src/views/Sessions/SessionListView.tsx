/** Placeholder: replaced by the real view. */
export function SessionListView(_props: Record<string, unknown>) {
  return <div className="state">SessionListView</div>
}
