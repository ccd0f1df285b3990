/**
 * @module readiness/checks/tool-allowlist
 * Tools seen against the configured allowlist (exact names, or globs with `*`; case-sensitive, as
 * tool names are identifiers). Sandbox denials, tool errors saying denied / not allowed / forbidden /
 * permission / sandbox, show an enforcement layer at work and are reported either way.
 *
 * Unknown without an allowlist (the table lists the tools seen, ready to copy into one) or without
 * tool calls; fail when a call went to a tool outside the list; pass otherwise.
 */
import { makeCheck, plural, rankTraces, type CheckFn } from '../check.ts'
import { toolCallsOf, toolNameOf } from '../trace-view.ts'
import type { ReadinessSpan } from '../types.ts'

const SANDBOX_DENIAL = /denied|not allowed|forbidden|permission|sandbox/i

export function isSandboxDenial(s: ReadinessSpan): boolean {
  return s.status === 'error' && (SANDBOX_DENIAL.test(s.errorType ?? '') || SANDBOX_DENIAL.test(s.statusMessage))
}

/** Exact names and `*` globs, anchored. */
export function allowMatcher(allowed: readonly string[]): (tool: string) => boolean {
  const exact = new Set(allowed.filter((a) => !a.includes('*')))
  const globs = allowed
    .filter((a) => a.includes('*'))
    .map(
      (g) =>
        new RegExp(
          `^${g
            .split('*')
            .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        ),
    )
  return (tool) => exact.has(tool) || globs.some((re) => re.test(tool))
}

export const toolAllowlist: CheckFn = (view, policy) => {
  const allowed = policy.allowedTools
  const isAllowed = allowed === null ? null : allowMatcher(allowed)
  const tools = new Map<string, { calls: number; denials: number; traces: string[] }>()
  const denialTraces: string[] = []
  for (const t of view.traces) {
    for (const s of toolCallsOf(t.spans)) {
      const name = toolNameOf(s)
      const entry = tools.get(name) ?? { calls: 0, denials: 0, traces: [] }
      entry.calls += 1
      entry.traces.push(t.traceId)
      if (isSandboxDenial(s)) {
        entry.denials += 1
        denialTraces.push(t.traceId)
      }
      tools.set(name, entry)
    }
  }
  const names = [...tools.keys()].sort()
  const outside = isAllowed === null ? [] : names.filter((n) => !isAllowed(n))
  const calls = [...tools.values()].reduce((n, e) => n + e.calls, 0)
  const callsOutside = outside.reduce((n, name) => n + (tools.get(name)?.calls ?? 0), 0)
  const denials = denialTraces.length
  const figures = {
    toolCalls: calls,
    tools: names.length,
    toolsOutsideAllowlist: isAllowed === null ? null : outside.length,
    callsOutsideAllowlist: isAllowed === null ? null : callsOutside,
    sandboxDenials: denials,
  }
  const table = {
    columns: ['tool', 'calls', 'sandbox denials', 'allowed'],
    rows: names.map((n) => {
      const e = tools.get(n)
      return [n, e?.calls ?? 0, e?.denials ?? 0, isAllowed === null ? null : isAllowed(n) ? 'yes' : 'no']
    }),
  }
  const denialNote = denials > 0 ? `; ${plural(denials, 'sandbox denial')} recorded` : ''
  const byCount = (ids: readonly string[]): string[] => {
    const n = new Map<string, number>()
    for (const id of ids) n.set(id, (n.get(id) ?? 0) + 1)
    return rankTraces([...n].map(([traceId, score]) => ({ traceId, score })))
  }
  if (calls === 0) {
    return makeCheck('tool-allowlist', {
      verdict: 'unknown',
      figures,
      summary: 'No tool calls in the window, so there are no tools to check.',
    })
  }
  if (isAllowed === null) {
    return makeCheck('tool-allowlist', {
      verdict: 'unknown',
      figures,
      table,
      examples: byCount(denialTraces),
      summary: `No allowlist configured for the ${plural(names.length, 'tool')} seen; set allowedTools in LOUPE_POLICY_FILE${denialNote}.`,
    })
  }
  if (outside.length > 0) {
    const ids = outside.flatMap((n) => tools.get(n)?.traces ?? [])
    return makeCheck('tool-allowlist', {
      verdict: 'fail',
      figures,
      table,
      examples: [...byCount(ids), ...byCount(denialTraces)],
      summary: `${plural(callsOutside, 'call')} went to ${plural(outside.length, 'tool')} outside the allowlist (${outside.join(', ')})${denialNote}.`,
    })
  }
  return makeCheck('tool-allowlist', {
    verdict: 'pass',
    figures,
    table,
    examples: byCount(denialTraces),
    summary: `All ${plural(calls, 'tool call')} went to the ${plural(names.length, 'allowed tool')}${denialNote}.`,
  })
}
