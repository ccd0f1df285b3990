/** Placeholder: replaced by the real view. */
export function SessionDetailView(_props: Record<string, unknown>) {
  return <div className="state">SessionDetailView</div>
}
