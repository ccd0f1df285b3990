/**
 * @module detect/no-progress
 * One tool returning the identical result over and over though its arguments change: polling that
 * never changes, or a search reworded without ever finding anything new. Counted over consecutive
 * recorded results of that tool. Runs of one fingerprint are `repeated-tool-call`'s to report.
 */
import { callLabel, groupBy, occurrences, spanIdsOf, waste, type Step } from './steps.ts'
import type { DetectorConfig, Finding } from './types.ts'

function runFinding(run: readonly Step[], byId: ReadonlyMap<string, Step>, config: DetectorConfig): Finding | null {
  const occ = occurrences(run)
  const head = run[0]
  if (!head || occ.length < config.noProgressWarning) return null
  if (new Set(run.map((s) => s.fingerprint)).size < 2) return null
  const spanIds = spanIdsOf(run)
  const firstTurn = new Set(occ[0]?.steps.flatMap((s) => (s.turnId === null ? [] : [s.turnId])) ?? [])
  return {
    detector: 'no-progress',
    severity: occ.length >= config.noProgressCritical ? 'critical' : 'warning',
    message: `${head.toolName} returned the same result ${occ.length} times in a row with changing arguments, starting with ${callLabel(head)}`,
    spanIds,
    firstSpanId: spanIds[0] ?? '',
    lastSpanId: spanIds[spanIds.length - 1] ?? '',
    count: occ.length,
    ...waste(occ.slice(1), byId, firstTurn),
  }
}

/**
 * A run is the consecutive recorded calls of one tool sharing a result hash; it counts its
 * occurrences, so calls made in parallel in one turn count once.
 */
export function detectNoProgress(
  steps: readonly Step[],
  byId: ReadonlyMap<string, Step>,
  config: DetectorConfig,
): Finding[] {
  const findings: Finding[] = []
  const recorded = steps.filter((s) => s.kind === 'tool' && s.hasResult)
  for (const group of groupBy(recorded, (s) => s.toolName).values()) {
    let run: Step[] = []
    for (const s of group) {
      if (run.length > 0 && run[0]?.resultHash !== s.resultHash) {
        const f = runFinding(run, byId, config)
        if (f) findings.push(f)
        run = []
      }
      run.push(s)
    }
    const f = runFinding(run, byId, config)
    if (f) findings.push(f)
  }
  return findings
}
