/** Placeholder: replaced by the real view. */
export default function CostsView() {
  return <div className="state">CostsView</div>
}
