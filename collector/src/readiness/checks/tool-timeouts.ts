/**
 * @module readiness/checks/tool-timeouts
 * Are tool calls bounded in time? Per tool: calls, p95 and max duration, calls that ran longer than
 * the timeout, and timeout errors (error spans whose type or message says timeout / timed out /
 * deadline).
 *
 * A call that ran past the timeout and then failed with a timeout error was stopped by a timeout
 * (timers have slack), so it counts as a timeout error, not as a call over the timeout. Fail when any
 * other call ran past the timeout: nothing enforces it. Pass when none did; timeout errors are
 * then the evidence that a limit fires. Unknown without tool calls.
 */
import { fmtMs, makeCheck, plural, rankTraces, round, spread, type CheckFn } from '../check.ts'
import { toolCallsOf, toolNameOf } from '../trace-view.ts'
import type { ReadinessSpan } from '../types.ts'

const TIMEOUT_ERROR = /timeout|timed out|deadline/i

export function isTimeoutError(s: ReadinessSpan): boolean {
  return s.status === 'error' && (TIMEOUT_ERROR.test(s.errorType ?? '') || TIMEOUT_ERROR.test(s.statusMessage))
}

interface Call {
  traceId: string
  span: ReadinessSpan
  over: boolean
  timeoutError: boolean
}

export const toolTimeouts: CheckFn = (view, policy) => {
  const timeoutMs = policy.toolTimeoutMs
  const calls: Call[] = view.traces.flatMap((t) =>
    toolCallsOf(t.spans).map((span) => {
      const timeoutError = isTimeoutError(span)
      return { traceId: t.traceId, span, timeoutError, over: !timeoutError && span.durationMs > timeoutMs }
    }),
  )
  const byTool = new Map<string, Call[]>()
  for (const c of calls) {
    const name = toolNameOf(c.span)
    const list = byTool.get(name)
    if (list) list.push(c)
    else byTool.set(name, [c])
  }
  const rows = [...byTool]
    .map(([tool, cs]) => {
      const { p95, max } = spread(cs.map((c) => c.span.durationMs))
      return [
        tool,
        cs.length,
        round(p95),
        round(max),
        cs.filter((c) => c.over).length,
        cs.filter((c) => c.timeoutError).length,
      ] as const
    })
    .sort((a, b) => b[4] - a[4] || (b[3] ?? 0) - (a[3] ?? 0) || (a[0] < b[0] ? -1 : 1))
  const { p95, max } = spread(calls.map((c) => c.span.durationMs))
  const over = calls.filter((c) => c.over)
  const timeoutErrors = calls.filter((c) => c.timeoutError)
  const figures = {
    toolCalls: calls.length,
    durationP95Ms: round(p95),
    durationMaxMs: round(max),
    timeoutMs,
    callsOverTimeout: over.length,
    timeoutErrors: timeoutErrors.length,
  }
  const table = {
    columns: ['tool', 'calls', 'p95 ms', 'max ms', 'over timeout', 'timeout errors'],
    rows: rows.map((r) => [...r]),
  }
  const slowest = rankTraces(calls.map((c) => ({ traceId: c.traceId, score: c.span.durationMs })))
  if (calls.length === 0) {
    return makeCheck('tool-timeouts', {
      verdict: 'unknown',
      figures,
      summary: 'No tool calls in the window, so there is nothing to time.',
    })
  }
  if (over.length > 0) {
    const worst = rows[0]
    return makeCheck('tool-timeouts', {
      verdict: 'fail',
      figures,
      table,
      examples: rankTraces(over.map((c) => ({ traceId: c.traceId, score: c.span.durationMs }))),
      summary: `${plural(over.length, 'tool call')} ran longer than the ${fmtMs(timeoutMs)} timeout without being stopped (longest ${fmtMs(max)}${worst ? `, ${worst[0]}` : ''}), so no timeout is enforced.`,
    })
  }
  const evidence =
    timeoutErrors.length > 0
      ? `; ${plural(timeoutErrors.length, 'timeout error')} ${timeoutErrors.length === 1 ? 'shows' : 'show'} the limit fires`
      : ''
  return makeCheck('tool-timeouts', {
    verdict: 'pass',
    figures,
    table,
    examples: [...rankTraces(timeoutErrors.map((c) => ({ traceId: c.traceId, score: c.span.durationMs }))), ...slowest],
    summary: `No tool call ran longer than the ${fmtMs(timeoutMs)} timeout (p95 ${fmtMs(p95)}, max ${fmtMs(max)})${evidence}.`,
  })
}
