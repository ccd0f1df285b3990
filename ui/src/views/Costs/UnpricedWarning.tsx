/**
 * Calls whose model has no price add nothing to the cost, so the totals understate the spend.
 * Say so where the totals are, name the models, and say how to fix it.
 */
export function UnpricedWarning({ calls, models }: { calls: number; models: Array<{ model: string; calls: number }> }) {
  return (
    <section className="panel cost-warning" data-testid="unpriced-warning" role="status">
      <strong>
        {calls.toLocaleString('en-US')} LLM {calls === 1 ? 'call has' : 'calls have'} no price, so the cost shown leaves{' '}
        {calls === 1 ? 'it' : 'them'} out.
      </strong>
      {models.length > 0 && (
        <ul className="unpriced-models">
          {models.map((m) => (
            <li key={m.model}>
              <code>{m.model}</code> · {m.calls.toLocaleString('en-US')} {m.calls === 1 ? 'call' : 'calls'}
            </li>
          ))}
        </ul>
      )}
      <p>
        Add {models.length === 1 ? 'this model' : 'these models'} to a JSON price file in the format of the bundled
        table (<code>collector/src/cost/prices.json</code>) and start the collector with <code>LOUPE_PRICES_FILE</code>{' '}
        pointing at it. Spans are priced when they arrive, so the new prices apply to calls received after the restart.
      </p>
    </section>
  )
}
