/**
 * Model, token breakdown and cost of one span. Token counts follow OTel: input includes cached
 * tokens and output includes reasoning tokens, so the parts are shown inside their totals.
 */
import type { Span, TraceSpan } from '@loupe/schema'
import { usePrice } from '../../hooks/queries.ts'
import { formatCost } from '../../model/format.ts'

const n = (v: number) => v.toLocaleString('en-US')

const COST_SOURCE: Record<NonNullable<Span['costSource']>, string> = {
  reported: 'reported by the instrumentation',
  computed: 'computed from the price table',
  unpriced: 'unpriced — add this model to LOUPE_PRICES_FILE',
}

export function LlmUsage({ span: s }: { span: TraceSpan }) {
  const uncached = Math.max(0, s.inputTokens - s.cacheReadTokens - s.cacheWriteTokens)
  const visibleOut = Math.max(0, s.outputTokens - s.reasoningTokens)
  const total = s.inputTokens + s.outputTokens
  const pct = (v: number) => `${total > 0 ? (v / total) * 100 : 0}%`
  return (
    <section className="sp-section">
      <h3>Model and usage</h3>
      <dl className="sp-grid">
        <div className="sp-item">
          <dt>Model</dt>
          <dd>{s.model ?? <span className="td-muted">unknown</span>}</dd>
        </div>
        <div className="sp-item">
          <dt>Provider</dt>
          <dd>{s.provider ?? <span className="td-muted">unknown</span>}</dd>
        </div>
        <div className="sp-item">
          <dt>Cost</dt>
          <dd>
            <span className={s.isRollup ? 'td-muted' : ''}>
              {s.costSource === 'unpriced' ? '—' : formatCost(s.costUsd)}
            </span>
            {s.costSource !== null && (
              <span className={s.costSource === 'unpriced' ? 'sp-cost-source unpriced' : 'sp-cost-source'}>
                {' '}
                {COST_SOURCE[s.costSource]}
              </span>
            )}
          </dd>
        </div>
      </dl>
      {s.costSource === 'computed' && s.model !== null && <PricedAs span={s} model={s.model} />}
      {s.isRollup && s.countedIn === null && (
        <p className="td-muted sp-note">
          Rollup: this span repeats the usage of the spans below it, so it is not added to the trace totals.
        </p>
      )}
      {total > 0 && (
        <>
          <div className="sp-token-bar" aria-hidden>
            <span className="tok-in" style={{ width: pct(uncached) }} />
            <span className="tok-cached" style={{ width: pct(s.cacheReadTokens + s.cacheWriteTokens) }} />
            <span className="tok-out" style={{ width: pct(visibleOut) }} />
            <span className="tok-reasoning" style={{ width: pct(s.reasoningTokens) }} />
          </div>
          <table className="sp-tokens">
            <tbody>
              <tr>
                <th scope="row">Input</th>
                <td className="num">{n(s.inputTokens)}</td>
              </tr>
              <tr className="sub">
                <th scope="row">
                  <i className="sw tok-in" />
                  uncached
                </th>
                <td className="num">{n(uncached)}</td>
              </tr>
              <tr className="sub">
                <th scope="row">
                  <i className="sw tok-cached" />
                  cache read
                </th>
                <td className="num">{n(s.cacheReadTokens)}</td>
              </tr>
              {s.cacheWriteTokens > 0 && (
                <tr className="sub">
                  <th scope="row">
                    <i className="sw tok-cached" />
                    cache write
                  </th>
                  <td className="num">{n(s.cacheWriteTokens)}</td>
                </tr>
              )}
              <tr>
                <th scope="row">Output</th>
                <td className="num">{n(s.outputTokens)}</td>
              </tr>
              <tr className="sub">
                <th scope="row">
                  <i className="sw tok-reasoning" />
                  reasoning
                </th>
                <td className="num">{n(s.reasoningTokens)}</td>
              </tr>
              <tr className="total">
                <th scope="row">Total</th>
                <td className="num">{n(total)}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}

const rate = (v: number) => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`

/**
 * The price-table entry a computed cost came from, with the rates this call paid: a cost that
 * looks too high is often a long-context tier or peak hours, and this says which.
 */
function PricedAs({ span: s, model }: { span: Span; model: string }) {
  const atMs = Math.floor(Number(s.startTimeUnixNano) / 1e6)
  const inputTokens = Math.max(s.inputTokens, s.cacheReadTokens + s.cacheWriteTokens)
  const { data } = usePrice({ model, at: atMs, inputTokens })
  const m = data?.match
  if (!m) return null
  const { rates, aboveInputTokens, peak } = m.ratesAt
  const why = [
    aboveInputTokens === null
      ? null
      : `long-context rate, over ${aboveInputTokens.toLocaleString('en-US')} input tokens`,
    peak ? 'peak-hours rate' : null,
  ].filter((w) => w !== null)
  return (
    <p className="sp-note sp-priced-as" data-testid="priced-as">
      Priced as <code>{m.model}</code> ({m.origin === 'user' ? 'your price file' : 'bundled table'}): per million tokens{' '}
      {rate(rates.input)} input, {rate(rates.output)} output, {rate(rates.cacheRead)} cache read,{' '}
      {rate(rates.cacheWrite)} cache write
      {why.length > 0 && <strong> · {why.join(', ')}</strong>}.
    </p>
  )
}
