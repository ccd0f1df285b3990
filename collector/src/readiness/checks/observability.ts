/**
 * @module readiness/checks/observability
 * Can you debug this agent from its traces? Three shares over the agent's spans:
 * - LLM calls that name their model and report token usage (input + output > 0; a failed call
 *   may have none: providers bill no tokens for a 429 or a 500);
 * - tool calls that record their arguments and their result (a failed call's error stands in for
 *   the result);
 * - orphan spans, whose parent never arrived (the root's upstream parent excepted).
 *
 * Thresholds: pass when every measurable share is at least 95% and no span is an orphan; fail when a
 * share is below 80% or more than 5% of spans are orphans (the trees are broken); warn in between.
 * Unknown when there are neither LLM nor tool calls nor orphans to measure.
 */
import { fmtPct, makeCheck, plural, rankTraces, share, type CheckFn } from '../check.ts'
import { llmCallsOf, orphansOf, toolCallsOf } from '../trace-view.ts'
import type { ReadinessSpan } from '../types.ts'

const COVERAGE_PASS = 0.95
const COVERAGE_FAIL = 0.8
const ORPHAN_FAIL_SHARE = 0.05

const llmComplete = (s: ReadinessSpan): boolean =>
  s.model !== null && s.model !== '' && (s.inputTokens + s.outputTokens > 0 || s.status === 'error')
const toolComplete = (s: ReadinessSpan): boolean => s.hasToolArguments && (s.hasToolResult || s.status === 'error')

export const observability: CheckFn = (view) => {
  let llm = 0
  let llmOk = 0
  let tool = 0
  let toolOk = 0
  let orphans = 0
  const gaps: Array<{ traceId: string; score: number }> = []
  for (const t of view.traces) {
    const l = llmCallsOf(t.spans)
    const tc = toolCallsOf(t.spans)
    const lOk = l.filter(llmComplete).length
    const tOk = tc.filter(toolComplete).length
    const o = orphansOf(t).length
    llm += l.length
    llmOk += lOk
    tool += tc.length
    toolOk += tOk
    orphans += o
    const missing = l.length - lOk + tc.length - tOk + o
    if (missing > 0) gaps.push({ traceId: t.traceId, score: missing })
  }
  const llmShare = share(llmOk, llm)
  const toolShare = share(toolOk, tool)
  const orphanShare = share(orphans, view.spanCount) ?? 0
  const figures = {
    llmCalls: llm,
    llmWithModelAndTokens: llmOk,
    llmCoverage: llmShare,
    toolCalls: tool,
    toolWithArgsAndResult: toolOk,
    toolCoverage: toolShare,
    orphanSpans: orphans,
    orphanShare,
  }
  const examples = rankTraces(gaps)
  const parts = [
    llmShare === null ? null : `${fmtPct(llmShare)} of ${plural(llm, 'LLM call')} with model and tokens`,
    toolShare === null ? null : `${fmtPct(toolShare)} of ${plural(tool, 'tool call')} with arguments and result`,
    plural(orphans, 'orphan span'),
  ]
    .filter((p) => p !== null)
    .join(', ')
  const shares = [llmShare, toolShare].filter((s): s is number => s !== null)
  if (shares.length === 0 && orphans === 0) {
    return makeCheck('observability', {
      verdict: 'unknown',
      figures,
      summary: 'No LLM or tool calls in the window, so there is no instrumentation to measure.',
    })
  }
  const worst = Math.min(...shares, 1)
  const verdict =
    worst < COVERAGE_FAIL || orphanShare > ORPHAN_FAIL_SHARE
      ? 'fail'
      : worst < COVERAGE_PASS || orphans > 0
        ? 'warn'
        : 'pass'
  const hint =
    verdict === 'pass'
      ? ''
      : orphans > 0 && worst >= COVERAGE_PASS
        ? ' (spans arrive without their parents: check context propagation and that every service exports)'
        : ' (instrument the missing fields: model and token usage on LLM calls, arguments and results on tools)'
  return makeCheck('observability', { verdict, figures, examples, summary: `${parts}${hint}.` })
}
