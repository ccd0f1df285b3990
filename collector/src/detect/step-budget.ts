/**
 * @module detect/step-budget
 * Runaway length: more LLM + tool steps than a fixed cap for the trace, or than an agent usually
 * takes (above max(3 × its 7-day median, its p99)); and the step-limit errors agent frameworks raise
 * when they stop a runaway themselves, which are always critical.
 */
import { byAgent, compareSpans, spanIdsOf, spanWaste, type Step } from './steps.ts'
import type { DetectSpan, DetectorConfig, Finding, StepHistory } from './types.ts'

/** Framework step-limit errors, recognised from error type, status message or error output. */
const FRAMEWORK_LIMITS: ReadonlyArray<{ framework: string; pattern: RegExp }> = [
  { framework: 'LangGraph recursion limit', pattern: /GraphRecursionError|Recursion limit of \d+ reached/i },
  { framework: 'OpenAI Agents max turns', pattern: /MaxTurnsExceeded|max turns? \(?\d*\)? ?exceeded/i },
  { framework: 'CrewAI max iterations', pattern: /max(?:imum)?[ _]iter(?:ation)?s?\b/i },
]

export function frameworkLimit(
  s: Pick<DetectSpan, 'status' | 'errorType' | 'statusMessage' | 'output'>,
): string | null {
  const texts = [s.errorType ?? '', s.statusMessage, s.status === 'error' ? (s.output ?? '') : '']
  for (const { framework, pattern } of FRAMEWORK_LIMITS) if (texts.some((t) => pattern.test(t))) return framework
  return null
}

function overBudget(steps: readonly Step[], limit: number, what: string, severityFactor: number): Finding | null {
  if (steps.length <= limit) return null
  const over = steps.slice(limit)
  const spanIds = spanIdsOf(over)
  return {
    detector: 'step-budget',
    severity: steps.length > limit * severityFactor ? 'critical' : 'warning',
    message: `${what} took ${steps.length} steps, over the budget of ${limit}`,
    spanIds,
    firstSpanId: spanIds[0] ?? '',
    lastSpanId: spanIds[spanIds.length - 1] ?? '',
    count: steps.length,
    ...spanWaste(over.map((s) => s.span)),
  }
}

/** The step count above which an agent is running away, from its history. */
export function historyLimit(h: StepHistory, factor: number): number {
  return Math.max(factor * h.median, h.p99)
}

/**
 * `spanIds` of a budget finding are the steps past the budget; wasted counts them. A framework
 * limit finding lists the spans that carry the error and claims no waste: the budget was the
 * framework's and we cannot tell which steps were useful.
 */
export function detectStepBudget(
  spans: readonly DetectSpan[],
  steps: readonly Step[],
  config: DetectorConfig,
  history?: ReadonlyMap<string, StepHistory>,
): Finding[] {
  const findings: Finding[] = []
  if (config.maxSteps !== null) {
    const f = overBudget(steps, config.maxSteps, 'the trace', 2)
    if (f) findings.push(f)
  }
  if (history) {
    for (const [agent, agentSteps] of byAgent(steps)) {
      const h = agent ? history.get(agent) : undefined
      if (!h) continue
      const f = overBudget(agentSteps, historyLimit(h, config.historyMedianFactor), `agent ${agent}`, 2)
      if (f) findings.push({ ...f, message: `${f.message} (7-day median ${h.median}, p99 ${h.p99})` })
    }
  }
  const limited = spans.filter((s) => frameworkLimit(s) !== null).sort(compareSpans)
  const first = limited[0]
  if (first) {
    const spanIds = limited.map((s) => s.spanId)
    const detail = first.errorType ?? (first.statusMessage || 'step-limit error')
    findings.push({
      detector: 'step-budget',
      severity: 'critical',
      message: `${frameworkLimit(first)} reached (${detail}) after ${steps.length} steps`,
      spanIds,
      firstSpanId: spanIds[0] ?? '',
      lastSpanId: spanIds[spanIds.length - 1] ?? '',
      count: steps.length,
      wastedTokens: 0,
      wastedCostUsd: 0,
      wastedSpanIds: [],
    })
  }
  return findings
}
