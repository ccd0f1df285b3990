/**
 * @module readiness/checks/step-limit
 * Is the agent's run length bounded? Steps are LLM + tool calls that are not rollups, counted per
 * trace over this agent's spans only.
 *
 * Evidence of a limit, strongest first:
 * - the team's own `maxSteps`: pass if no trace went past it, fail if one did;
 * - framework step-limit errors (LangGraph recursion limit, OpenAI Agents max turns, CrewAI max
 *   iterations) on the agent's spans or on a span enclosing them: the limit fires;
 * - a hard cap in the distribution (see `inferCap`).
 * Without any of them: fail when the longest run is a runaway (over 3 × the median and over 20
 * steps), else warn that nothing shows a cap.
 */
import { frameworkLimit } from '../../detect/step-budget.ts'
import { fmtNum, makeCheck, plural, rankTraces, round, spread, type CheckFn } from '../check.ts'
import { ancestorIds, stepsOf, type TraceView } from '../trace-view.ts'
import type { ReadinessSpan } from '../types.ts'

const RUNAWAY_MEDIAN_FACTOR = 3
const RUNAWAY_MIN_STEPS = 20

const isLimitError = (s: ReadinessSpan): boolean =>
  frameworkLimit({ status: s.status, errorType: s.errorType, statusMessage: s.statusMessage, output: null }) !== null

/** The agent's spans, or the spans enclosing them, carry a framework step-limit error. */
function hitLimit(t: TraceView, steps: readonly ReadinessSpan[]): boolean {
  if (t.spans.some(isLimitError)) return true
  const above = ancestorIds(t, steps)
  return t.all.some((s) => above.has(s.spanId) && isLimitError(s))
}

/**
 * A hard cap: runs pile up at exactly the maximum, which sits well above the typical run.
 * - at least 2 traces, and at least 5% of them, end at exactly the maximum;
 * - the pile is no smaller than the count at the next lower length seen (a natural tail thins out);
 * - the maximum is at least 1.5 × the median and 3 steps above it, so a small agent that always
 *   takes the same few steps is not mistaken for one that is cut off.
 * Nothing exceeds the maximum by definition, so the cap is the maximum.
 */
export function inferCap(counts: readonly number[]): number | null {
  const { p50, max } = spread(counts)
  if (p50 === null || max === null) return null
  const atMax = counts.filter((c) => c === max).length
  const below = counts.filter((c) => c < max)
  const next = below.length === 0 ? null : below.reduce((m, c) => Math.max(m, c))
  const atNext = next === null ? 0 : below.filter((c) => c === next).length
  const piled = atMax >= 2 && atMax >= 0.05 * counts.length && atMax >= atNext
  return piled && max >= Math.max(1.5 * p50, p50 + 3) ? max : null
}

export const stepLimit: CheckFn = (view, policy) => {
  const runs = view.traces
    .map((t) => {
      const steps = stepsOf(t.spans)
      return { traceId: t.traceId, score: steps.length, limit: hitLimit(t, steps) }
    })
    .filter((r) => r.score > 0 || r.limit)
  const counts = runs.map((r) => r.score)
  const { p50, p95, max } = spread(counts)
  const limited = runs.filter((r) => r.limit)
  const cap = inferCap(counts)
  const maxSteps = policy.maxSteps
  const over = maxSteps === null ? [] : runs.filter((r) => r.score > maxSteps)
  const figures = {
    traces: runs.length,
    stepsP50: round(p50, 1),
    stepsP95: round(p95, 1),
    stepsMax: max,
    tracesAtMax: max === null ? 0 : counts.filter((c) => c === max).length,
    limitErrors: limited.length,
    inferredCap: cap,
    maxSteps,
  }
  const longest = rankTraces(runs)
  const dist = `p50 ${fmtNum(p50)}, p95 ${fmtNum(p95)}, max ${fmtNum(max)} steps`
  if (runs.length === 0) {
    return makeCheck('step-limit', {
      verdict: 'unknown',
      summary: 'No LLM or tool calls in the window, so there are no runs to measure.',
      figures,
    })
  }
  if (maxSteps !== null) {
    return over.length > 0
      ? makeCheck('step-limit', {
          verdict: 'fail',
          figures,
          examples: rankTraces(over),
          summary: `${plural(over.length, 'trace')} of ${runs.length} went past the configured limit of ${maxSteps} steps (${dist}).`,
        })
      : makeCheck('step-limit', {
          verdict: 'pass',
          figures,
          examples: longest,
          summary: `No run went past the configured limit of ${maxSteps} steps (${dist}).`,
        })
  }
  if (limited.length > 0) {
    return makeCheck('step-limit', {
      verdict: 'pass',
      figures,
      examples: [...rankTraces(limited), ...longest],
      summary: `The framework step limit fired in ${plural(limited.length, 'trace')} of ${runs.length}, so runs are bounded (${dist}).`,
    })
  }
  if (cap !== null) {
    return makeCheck('step-limit', {
      verdict: 'pass',
      figures,
      examples: longest,
      summary: `${dist}: ${figures.tracesAtMax} of ${plural(runs.length, 'trace')} stop at exactly ${cap} steps — a hard cap.`,
    })
  }
  if (max !== null && p50 !== null && max > RUNAWAY_MEDIAN_FACTOR * p50 && max > RUNAWAY_MIN_STEPS) {
    return makeCheck('step-limit', {
      verdict: 'fail',
      figures,
      examples: longest,
      summary: `A runaway with no sign of a cap: the longest run took ${max} steps, over ${RUNAWAY_MEDIAN_FACTOR}× the median of ${fmtNum(p50)}; set a step limit (and maxSteps in LOUPE_POLICY_FILE).`,
    })
  }
  return makeCheck('step-limit', {
    verdict: 'warn',
    figures,
    examples: longest,
    summary: `No sign of a step limit (${dist}): no limit errors and no pile-up at the maximum; set maxSteps in LOUPE_POLICY_FILE if the agent has one.`,
  })
}
