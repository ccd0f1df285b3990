/**
 * No findings: says so, and teaches what the detectors look for so an empty page reads as good
 * news rather than as a broken one.
 */
import { DETECTOR_IDS } from '@loupe/schema'
import { DETECTOR_INFO } from '../../model/findings-view.ts'
import { setParams } from '../../router.ts'

export function FindingsEmpty({ filtered }: { filtered: boolean }) {
  return (
    <div className="state state-empty fv-empty" data-testid="findings-empty">
      <h2>No loops found in this range{filtered ? ' with these filters' : ''}</h2>
      <p>
        Once a trace has been quiet for a moment, Loupe checks its LLM and tool steps for repetition that wastes tokens.
        It looks for:
      </p>
      <ul className="fv-detectors">
        {DETECTOR_IDS.map((d) => (
          <li key={d}>
            <strong>{DETECTOR_INFO[d].label}</strong>: {DETECTOR_INFO[d].explain}.
          </li>
        ))}
      </ul>
      {filtered && (
        <button
          type="button"
          onClick={() => setParams({ detector: undefined, severity: undefined, service: undefined, agent: undefined })}
        >
          Clear filters
        </button>
      )}
    </div>
  )
}
