/**
 * @module detect/repeated-error
 * The same call failing with the same error several times in a row (counting only calls with that
 * fingerprint, so other tools in between do not break the run). A run that ends in a success of the
 * same call is a retry that worked and is reported only when it is long (`succeededRetryRun`).
 */
import { callLabel, groupBy, occurrences, spanIdsOf, waste, type Occurrence, type Step } from './steps.ts'
import type { DetectorConfig, Finding } from './types.ts'

function runFinding(
  run: readonly Occurrence[],
  byId: ReadonlyMap<string, Step>,
  config: DetectorConfig,
): Finding | null {
  const head = run[0]?.steps[0]
  if (!head) return null
  const spanIds = spanIdsOf(run.flatMap((o) => o.steps))
  const firstTurn = new Set(run[0]?.steps.flatMap((s) => (s.turnId === null ? [] : [s.turnId])) ?? [])
  const error = head.span.errorType ?? (head.span.statusMessage || 'an error')
  return {
    detector: 'repeated-error',
    severity: run.length >= config.errorRunCritical ? 'critical' : 'warning',
    message: `${callLabel(head)} failed ${run.length} times in a row with ${error}`,
    spanIds,
    firstSpanId: spanIds[0] ?? '',
    lastSpanId: spanIds[spanIds.length - 1] ?? '',
    count: run.length,
    ...waste(run.slice(1), byId, firstTurn),
  }
}

export function detectRepeatedErrors(
  steps: readonly Step[],
  byId: ReadonlyMap<string, Step>,
  config: DetectorConfig,
): Finding[] {
  const findings: Finding[] = []
  for (const group of groupBy(
    steps.filter((s) => s.kind === 'tool'),
    (s) => s.fingerprint,
  ).values()) {
    const occ = occurrences(group)
    let run: Occurrence[] = []
    const close = (succeeded: boolean) => {
      const needed = succeeded ? Math.max(config.errorRunWarning, config.succeededRetryRun) : config.errorRunWarning
      if (run.length >= needed) {
        const f = runFinding(run, byId, config)
        if (f) findings.push(f)
      }
      run = []
    }
    for (const o of occ) {
      const head = o.steps[0]
      if (!head) continue
      if (!head.failed) close(true)
      else if (run.length > 0 && run[0]?.steps[0]?.errorKey !== head.errorKey) {
        close(false)
        run.push(o)
      } else run.push(o)
    }
    close(false)
  }
  return findings
}
