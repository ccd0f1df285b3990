/**
 * The two windows being compared. The current window is the global time range (the top bar
 * changes it); the reference is the API's default (7 days before the current window), the
 * previous period of the same length, or explicit bounds (`ref=custom&referenceFrom&referenceTo`).
 * The windows shown are the ones the server used, from its answer.
 */
import type { DriftResponse } from '@loupe/schema'
import { windowText, type DriftState, type ReferenceMode } from '../../model/drift-view.ts'
import { setParams } from '../../router.ts'

const toLocal = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16)

export function DriftWindows({
  state,
  current,
  answer,
}: {
  state: DriftState
  /** the global time range, epoch ms */
  current: { from: number; to: number }
  answer: Pick<DriftResponse, 'current' | 'reference' | 'alpha' | 'minSamples'> | undefined
}) {
  const mode = state.reference.mode
  const setMode = (m: ReferenceMode) => {
    if (m !== 'custom')
      return setParams({ ref: m === 'default' ? undefined : m, referenceFrom: undefined, referenceTo: undefined })
    // start from the reference in use, so switching to custom changes nothing until edited
    const from = answer ? Date.parse(answer.reference.from) : current.from - 7 * 86_400_000
    const to = answer ? Date.parse(answer.reference.to) : current.from
    setParams({ ref: 'custom', referenceFrom: String(from), referenceTo: String(to) })
  }
  return (
    <section className="panel dv-windows" aria-label="Windows compared" data-testid="drift-windows">
      <div className="dv-window">
        <span className="dv-label">Reference window</span>
        <strong data-testid="drift-reference">{answer ? windowText(answer.reference) : '…'}</strong>
        <div className="dv-controls">
          <select
            aria-label="Reference window"
            data-testid="drift-reference-mode"
            value={mode}
            onChange={(e) => setMode(e.target.value as ReferenceMode)}
          >
            <option value="default">7 days before the current window</option>
            <option value="previous">Previous period (same length)</option>
            <option value="custom">Custom…</option>
          </select>
          {state.reference.mode === 'custom' && (
            <span className="dv-custom">
              <input
                type="datetime-local"
                aria-label="Reference from"
                value={toLocal(state.reference.fromMs)}
                onChange={(e) => {
                  const v = Date.parse(e.target.value)
                  if (!Number.isNaN(v)) setParams({ referenceFrom: String(v) })
                }}
              />
              <span aria-hidden>→</span>
              <input
                type="datetime-local"
                aria-label="Reference to"
                value={toLocal(state.reference.toMs)}
                onChange={(e) => {
                  const v = Date.parse(e.target.value)
                  if (!Number.isNaN(v)) setParams({ referenceTo: String(v) })
                }}
              />
            </span>
          )}
        </div>
      </div>
      <div className="dv-vs" aria-hidden>
        vs
      </div>
      <div className="dv-window">
        <span className="dv-label">Current window</span>
        <strong data-testid="drift-current">{answer ? windowText(answer.current) : '…'}</strong>
        <span className="dv-note">the time range at the top of the page</span>
      </div>
      <div className="dv-window dv-settings">
        <label className="dv-field">
          <span className="dv-label">Significance (α, after Benjamini-Hochberg)</span>
          <select
            data-testid="drift-alpha"
            value={String(state.alpha ?? 0.05)}
            onChange={(e) => setParams({ alpha: e.target.value === '0.05' ? undefined : e.target.value })}
          >
            {['0.01', '0.05', '0.1'].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        {answer && (
          <span className="dv-note">features need ≥ {answer.minSamples} samples in each window to be tested</span>
        )}
      </div>
    </section>
  )
}
