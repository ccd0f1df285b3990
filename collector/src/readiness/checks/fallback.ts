/**
 * @module readiness/checks/fallback
 * After an LLM call fails, does the run get an answer from a model? For each failed LLM call of
 * the agent, the first successful LLM call of the agent that starts after it in the trace decides:
 * another model or provider is a fallback, the same one a retry; none is unrecovered.
 * Unknown without LLM errors; pass when none is unrecovered; fail when none recovered; warn between.
 */
import { makeCheck, plural, rankTraces, type CheckFn } from '../check.ts'
import { llmCallsOf } from '../trace-view.ts'
import type { ReadinessSpan } from '../types.ts'

type Outcome = 'fallback' | 'retry' | 'unrecovered'

const modelOf = (s: ReadinessSpan): string => s.model ?? '(unknown model)'

export const fallback: CheckFn = (view) => {
  const errors: Array<{ traceId: string; model: string; outcome: Outcome; to: string | null }> = []
  let llm = 0
  const models = new Set<string>()
  for (const t of view.traces) {
    const calls = llmCallsOf(t.spans)
    llm += calls.length
    for (const c of calls) models.add(modelOf(c))
    for (const [i, s] of calls.entries()) {
      if (s.status !== 'error') continue
      const next = calls.slice(i + 1).find((n) => n.status !== 'error' && n.startMs >= s.startMs)
      const outcome: Outcome =
        next === undefined
          ? 'unrecovered'
          : next.model !== s.model || next.provider !== s.provider
            ? 'fallback'
            : 'retry'
      errors.push({ traceId: t.traceId, model: modelOf(s), outcome, to: next === undefined ? null : modelOf(next) })
    }
  }
  const count = (o: Outcome): number => errors.filter((e) => e.outcome === o).length
  const [fellBack, retried, unrecovered] = [count('fallback'), count('retry'), count('unrecovered')]
  const figures = { llmCalls: llm, llmErrors: errors.length, fellBack, retried, unrecovered, modelsUsed: models.size }
  const failedModels = [...new Set(errors.map((e) => e.model))].sort()
  const table = {
    columns: ['failed model', 'errors', 'fell back', 'retried', 'unrecovered', 'fallback models'],
    rows: failedModels.map((m) => {
      const mine = errors.filter((e) => e.model === m)
      const to = [...new Set(mine.filter((e) => e.outcome === 'fallback').map((e) => e.to ?? ''))].sort().join(', ')
      return [
        m,
        mine.length,
        ...(['fallback', 'retry', 'unrecovered'] as const).map((o) => mine.filter((e) => e.outcome === o).length),
        to || null,
      ]
    }),
  }
  const ranked = (o: Outcome): string[] => {
    const n = new Map<string, number>()
    for (const e of errors) if (e.outcome === o) n.set(e.traceId, (n.get(e.traceId) ?? 0) + 1)
    return rankTraces([...n].map(([traceId, score]) => ({ traceId, score })))
  }
  const examples = [...ranked('unrecovered'), ...ranked('fallback'), ...ranked('retry')]
  if (errors.length === 0) {
    return makeCheck('fallback', {
      verdict: 'unknown',
      figures,
      summary: `No LLM errors in the window${llm > 0 ? ` (${plural(llm, 'LLM call')})` : ''}, so no fallback or retry could be seen.`,
    })
  }
  const how = `${fellBack} fell back to another model or provider, ${retried} retried the same model`
  if (unrecovered === 0) {
    return makeCheck('fallback', {
      verdict: 'pass',
      figures,
      table,
      examples,
      summary: `Every one of ${plural(errors.length, 'LLM error')} was followed by a successful call: ${how}.`,
    })
  }
  return makeCheck('fallback', {
    verdict: unrecovered === errors.length ? 'fail' : 'warn',
    figures,
    table,
    examples,
    summary: `${unrecovered} of ${plural(errors.length, 'LLM error')} had no successful LLM call after them in the trace (${how}).`,
  })
}
