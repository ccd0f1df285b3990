/**
 * @module detect/repeated-tool-call
 * The same call (fingerprint) returning the same result, or no recorded result, again and again in
 * one trace. Calls of other tools in between do not reset the count; parallel identical calls in
 * one turn count once. Failures are left to `repeated-error`, so a failing call is reported once.
 */
import { callLabel, groupBy, occurrences, spanIdsOf, waste, type Occurrence, type Step } from './steps.ts'
import type { DetectorConfig, Finding } from './types.ts'

/**
 * The occurrences that repeat one result: the largest group of recorded results plus every
 * occurrence with no recorded result (which cannot be told apart from a repeat). An occurrence's
 * result is its first call's.
 */
function repeatedOccurrences(occ: readonly Occurrence[]): Occurrence[] {
  const recorded = occ.filter((o) => o.steps[0]?.hasResult)
  const unrecorded = occ.filter((o) => !o.steps[0]?.hasResult)
  let best: Occurrence[] = []
  for (const group of groupBy(recorded, (o) => o.steps[0]?.resultHash ?? '').values())
    if (group.length > best.length) best = group
  const chosen = new Set([...best, ...unrecorded])
  return occ.filter((o) => chosen.has(o))
}

export function detectRepeatedToolCalls(
  steps: readonly Step[],
  byId: ReadonlyMap<string, Step>,
  config: DetectorConfig,
): Finding[] {
  const calls = steps.filter((s) => s.kind === 'tool' && !s.failed)
  const findings: Finding[] = []
  for (const group of groupBy(calls, (s) => s.fingerprint).values()) {
    const repeated = repeatedOccurrences(occurrences(group))
    if (repeated.length < config.repeatWarning) continue
    const [first, ...rest] = repeated
    const involved = repeated.flatMap((o) => o.steps)
    const spanIds = spanIdsOf(involved)
    const head = first?.steps[0]
    if (!head) continue
    const firstTurn = new Set(first.steps.flatMap((s) => (s.turnId === null ? [] : [s.turnId])))
    const resultNote = head.hasResult ? 'the same result' : 'no recorded result'
    findings.push({
      detector: 'repeated-tool-call',
      severity: repeated.length >= config.repeatCritical ? 'critical' : 'warning',
      message: `${callLabel(head)} called ${repeated.length} times with identical arguments and ${resultNote}`,
      spanIds,
      firstSpanId: spanIds[0] ?? '',
      lastSpanId: spanIds[spanIds.length - 1] ?? '',
      count: repeated.length,
      ...waste(rest, byId, firstTurn),
    })
  }
  return findings
}
