/**
 * @module detect/detect
 * Entry point of the loop and runaway detectors: one trace's spans in, findings out. Pure and
 * deterministic: the same spans in any order give the same findings in the same order (detector
 * order of `DETECTORS`, then first step, then message).
 */
import { detectCostWithoutProgress } from './cost-without-progress.ts'
import { detectCycles } from './cycle.ts'
import { detectNearDuplicateLlm } from './near-duplicate-llm.ts'
import { detectNoProgress } from './no-progress.ts'
import { detectRepeatedErrors } from './repeated-error.ts'
import { detectRepeatedToolCalls } from './repeated-tool-call.ts'
import { detectStepBudget } from './step-budget.ts'
import { buildSteps, stepIndex } from './steps.ts'
import {
  DEFAULT_DETECTOR_CONFIG,
  DETECTORS,
  type DetectSpan,
  type DetectorConfig,
  type Finding,
  type StepHistory,
} from './types.ts'

/**
 * @param spans one trace's normalised spans, in any order
 * @param config overrides of `DEFAULT_DETECTOR_CONFIG`
 * @param history per agent name, its step-count statistics over the last 7 days
 */
export function detectFindings(
  spans: readonly DetectSpan[],
  config: Partial<DetectorConfig> = {},
  history?: ReadonlyMap<string, StepHistory>,
): Finding[] {
  const c: DetectorConfig = Object.assign({}, DEFAULT_DETECTOR_CONFIG, config)
  const steps = buildSteps(spans)
  const byId = stepIndex(steps)
  const findings = [
    ...detectRepeatedToolCalls(steps, byId, c),
    ...detectRepeatedErrors(steps, byId, c),
    ...detectNoProgress(steps, byId, c),
    ...detectCycles(steps, byId, c),
    ...detectNearDuplicateLlm(steps, c),
    ...detectStepBudget(spans, steps, c, history),
    ...detectCostWithoutProgress(steps, c),
  ]
  const position = (id: string) => byId.get(id)?.index ?? -1
  return findings.sort(
    (a, b) =>
      DETECTORS.indexOf(a.detector) - DETECTORS.indexOf(b.detector) ||
      position(a.firstSpanId) - position(b.firstSpanId) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  )
}
