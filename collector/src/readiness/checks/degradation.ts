/**
 * @module readiness/checks/degradation
 * When a step fails, does the run still answer? Among traces where one of the agent's non-root,
 * non-rollup spans failed:
 * - recovered: the run's root did not fail and, when roots in this window record output at all,
 *   it produced output;
 * - failed outright: the root failed;
 * - no answer: the root did not fail but produced no output where roots usually do.
 * Unknown without step failures. Pass when at least 80% recovered, warn from 50%, fail below.
 * Runs whose root failed with no step failure are counted (`runsFailed`) but are not evidence
 * about degradation either way.
 */
import { fmtPct, makeCheck, plural, rankTraces, share, type CheckFn } from '../check.ts'

const RECOVERED_PASS = 0.8
const RECOVERED_WARN = 0.5

type Outcome = 'recovered' | 'failed' | 'no-answer'

export const gracefulDegradation: CheckFn = (view) => {
  // output is judged only where this window's roots record it; otherwise the status alone decides
  const outputRecorded = view.traces.some((t) => t.root.hasOutput)
  const runs: Array<{ traceId: string; failures: number; outcome: Outcome }> = []
  let runsFailed = 0
  for (const t of view.traces) {
    const rootFailed = t.root.status === 'error'
    if (rootFailed) runsFailed += 1
    const failures = t.spans.filter((s) => s !== t.root && !s.isRollup && s.status === 'error').length
    if (failures === 0) continue
    const outcome: Outcome = rootFailed ? 'failed' : outputRecorded && !t.root.hasOutput ? 'no-answer' : 'recovered'
    runs.push({ traceId: t.traceId, failures, outcome })
  }
  const of = (o: Outcome): Array<{ traceId: string; score: number }> =>
    runs.filter((r) => r.outcome === o).map((r) => ({ traceId: r.traceId, score: r.failures }))
  const [recovered, failed, noAnswer] = [of('recovered'), of('failed'), of('no-answer')]
  const recoveredShare = share(recovered.length, runs.length)
  const figures = {
    traces: view.traces.length,
    tracesWithStepFailures: runs.length,
    recovered: recovered.length,
    failedOutright: failed.length,
    noAnswer: noAnswer.length,
    recoveredShare,
    runsFailed,
  }
  if (runs.length === 0) {
    return makeCheck('graceful-degradation', {
      verdict: 'unknown',
      figures,
      examples: rankTraces(
        view.traces.filter((t) => t.root.status === 'error').map((t) => ({ traceId: t.traceId, score: 0 })),
      ),
      summary: `No step failed in the window${runsFailed > 0 ? ` (${plural(runsFailed, 'run')} failed at the root)` : ''}, so there is no failure to see the agent recover from.`,
    })
  }
  const ratio = recoveredShare ?? 0
  const verdict = ratio >= RECOVERED_PASS ? 'pass' : ratio >= RECOVERED_WARN ? 'warn' : 'fail'
  const rest = [
    failed.length > 0 ? `${failed.length} failed outright` : null,
    noAnswer.length > 0 ? `${noAnswer.length} ended without an answer` : null,
  ].filter((p) => p !== null)
  return makeCheck('graceful-degradation', {
    verdict,
    figures,
    examples:
      verdict === 'pass'
        ? rankTraces(recovered)
        : [...rankTraces(failed), ...rankTraces(noAnswer), ...rankTraces(recovered)],
    summary: `${recovered.length} of ${plural(runs.length, 'trace')} with a failed step (${fmtPct(recoveredShare)}) still answered${rest.length > 0 ? `; ${rest.join(', ')}` : ''}.`,
  })
}
