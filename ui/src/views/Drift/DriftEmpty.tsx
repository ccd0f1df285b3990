/**
 * No groups to compare: says what the drift report needs, so an empty page reads as "send more"
 * rather than "broken".
 */
import { setParams } from '../../router.ts'

export function DriftEmpty({ filtered, minSamples }: { filtered: boolean; minSamples: number }) {
  return (
    <div className="state state-empty dv-empty" data-testid="drift-empty">
      <h2>Nothing to compare{filtered ? ' with these filters' : ''}</h2>
      <p>
        Drift compares each agent and model between the reference and the current window. It needs LLM calls (spans with{' '}
        <code>gen_ai.request.model</code>, <code>gen_ai.usage.input_tokens</code> and{' '}
        <code>gen_ai.usage.output_tokens</code>) under an agent (<code>gen_ai.agent.name</code>) in both windows, and at
        least {minSamples} calls or traces in each window before a feature is tested.
      </p>
      <p>
        It compares latency, tokens per call, the call error rate, cost per trace, steps and retries per trace, and the
        trace error rate.
      </p>
      {filtered && (
        <button
          type="button"
          onClick={() => setParams({ service: undefined, agent: undefined, model: undefined, open: undefined })}
        >
          Clear filters
        </button>
      )}
    </div>
  )
}
