/**
 * @module readiness/checks/guardrails
 * Are guardrails in the loop, and what do they decide? A guardrail span is of kind guardrail
 * (OpenInference GUARDRAIL), or is named like one (apply_guardrail, *guardrail*, guard), or
 * carries gen_ai.guardrail.* attributes. It counts for an agent when it is the agent's own or
 * belongs to no agent in a trace the agent ran in (a run-level input or output guardrail).
 *
 * Decision, from the span's attributes: a decision / action / result / verdict / outcome value as
 * written; else a passed / allowed flag (true: pass, false: block); else a blocked / triggered /
 * tripwire / flagged / intervened flag (true: block, false: pass); else `error` for a failed span
 * and `unknown` otherwise. Pass when guardrail spans are present; warn when there are none.
 */
import { makeCheck, plural, rankTraces, share, type CheckFn } from '../check.ts'
import type { ReadinessSpan } from '../types.ts'

const GUARD_NAME = /guardrail|(^|[^a-z])guard([^a-z]|$)/i
const DECISION_KEY = /decision|action|result|verdict|outcome/i
const PASS_FLAG = /(^|[._])(passed|allowed|is_safe|safe)$/i
const BLOCK_FLAG = /blocked|triggered|tripwire|flagged|intervened|intervention/i
const INTERVENED = /block|den(y|ied)|reject|fail|flag|interven|trigger|redact|mask|modif|refus/i

export function isGuardrail(s: ReadinessSpan): boolean {
  return (
    s.kind === 'guardrail' ||
    GUARD_NAME.test(s.name) ||
    Object.keys(s.attributes).some((k) => k.toLowerCase().startsWith('gen_ai.guardrail.'))
  )
}

export function guardrailDecision(s: ReadinessSpan): string {
  const entries = Object.entries(s.attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const flag = (v: string): boolean | null =>
    /^(true|1|yes)$/i.test(v.trim()) ? true : /^(false|0|no)$/i.test(v.trim()) ? false : null
  for (const [k, v] of entries) {
    if (DECISION_KEY.test(k) && !k.toLowerCase().includes('status_code') && v.trim() !== '' && flag(v) === null)
      return v.trim().toLowerCase().slice(0, 40)
  }
  for (const [k, v] of entries) {
    const f = flag(v)
    if (f !== null && PASS_FLAG.test(k)) return f ? 'pass' : 'block'
  }
  for (const [k, v] of entries) {
    const f = flag(v)
    if (f !== null && BLOCK_FLAG.test(k)) return f ? 'block' : 'pass'
  }
  return s.status === 'error' ? 'error' : 'unknown'
}

export const guardrails: CheckFn = (view) => {
  const tally = new Map<string, { guardrail: string; decision: string; spans: number }>()
  const withGuardrails: Array<{ traceId: string; score: number }> = []
  let spans = 0
  let interventions = 0
  for (const t of view.traces) {
    const candidates = new Set<ReadinessSpan>([...t.spans, ...t.all.filter((s) => s.agentName === null)])
    const found = [...candidates].filter(isGuardrail)
    if (found.length === 0) continue
    let intervened = 0
    for (const s of found) {
      const decision = guardrailDecision(s)
      if (INTERVENED.test(decision)) intervened += 1
      const key = JSON.stringify([s.name, decision])
      const row = tally.get(key) ?? { guardrail: s.name, decision, spans: 0 }
      row.spans += 1
      tally.set(key, row)
    }
    spans += found.length
    interventions += intervened
    withGuardrails.push({ traceId: t.traceId, score: intervened })
  }
  const unknown = [...tally.values()].filter((r) => r.decision === 'unknown').reduce((n, r) => n + r.spans, 0)
  const figures = {
    guardrailSpans: spans,
    tracesWithGuardrails: withGuardrails.length,
    guardrailTraceShare: share(withGuardrails.length, view.traces.length),
    interventions,
    unknownDecisions: unknown,
  }
  if (spans === 0) {
    return makeCheck('guardrails', {
      verdict: 'warn',
      figures,
      summary: `No guardrail spans in ${plural(view.traces.length, 'trace')}: no input or output guardrail is traced (OpenInference GUARDRAIL, apply_guardrail, gen_ai.guardrail.*).`,
    })
  }
  const rows = [...tally.values()].sort(
    (a, b) => b.spans - a.spans || (a.guardrail + a.decision < b.guardrail + b.decision ? -1 : 1),
  )
  return makeCheck('guardrails', {
    verdict: 'pass',
    figures,
    examples: rankTraces(withGuardrails),
    table: { columns: ['guardrail', 'decision', 'spans'], rows: rows.map((r) => [r.guardrail, r.decision, r.spans]) },
    summary: `${plural(spans, 'guardrail span')} in ${withGuardrails.length} of ${plural(view.traces.length, 'trace')}, ${plural(interventions, 'intervention')}${unknown > 0 ? `, ${unknown} with no recorded decision` : ''}.`,
  })
}
