/**
 * @module detect/cycle
 * The tail of a step sequence repeating with a short period (A→B→A→B→A→B), checked over each
 * agent's tool fingerprints and over the trace's agent hand-offs. Period 1 is a plain repeat and is
 * left to `repeated-tool-call`; a period is only reported in its primitive form (ABAB is period 2,
 * never period 4).
 */
import { byAgent, callLabel, spanIdsOf, spanWaste, waste, type Step } from './steps.ts'
import type { DetectorConfig, Finding } from './types.ts'

export interface TailCycle {
  period: number
  /** elements at the end of the sequence that follow the cycle (a whole number of periods or more) */
  length: number
  repeats: number
}

/** True when `unit` is not itself a repetition of a shorter unit. */
function isPrimitive(unit: readonly string[]): boolean {
  const p = unit.length
  for (let d = 1; d < p; d++) {
    if (p % d === 0 && unit.every((k, i) => i < d || k === unit[i - d])) return false
  }
  return true
}

/** The shortest period whose cycle covers the sequence's tail at least `minRepeats` times. */
export function tailCycle(
  keys: readonly string[],
  minPeriod: number,
  maxPeriod: number,
  minRepeats: number,
): TailCycle | null {
  const n = keys.length
  for (let p = Math.max(2, minPeriod); p <= maxPeriod; p++) {
    if (n < p * minRepeats || !isPrimitive(keys.slice(n - p))) continue
    let length = p
    while (length < n && keys[n - 1 - length] === keys[n - 1 - length + p]) length++
    const repeats = Math.floor(length / p)
    if (repeats >= minRepeats) return { period: p, length, repeats }
  }
  return null
}

function severity(repeats: number, config: DetectorConfig): 'warning' | 'critical' {
  return repeats >= config.cycleCriticalRepeats ? 'critical' : 'warning'
}

/** Tool calls of one agent, parallel duplicates in one turn folded into the first. */
function toolSequence(steps: readonly Step[]): Step[] {
  const out: Step[] = []
  for (const s of steps) {
    if (s.kind !== 'tool') continue
    const prev = out[out.length - 1]
    if (prev && prev.fingerprint === s.fingerprint && prev.turnId !== null && prev.turnId === s.turnId) continue
    out.push(s)
  }
  return out
}

function toolCycles(steps: readonly Step[], byId: ReadonlyMap<string, Step>, config: DetectorConfig): Finding[] {
  const findings: Finding[] = []
  for (const [agent, agentSteps] of byAgent(steps)) {
    const seq = toolSequence(agentSteps)
    const c = tailCycle(
      seq.map((s) => s.fingerprint),
      config.cycleMinPeriod,
      config.cycleMaxPeriod,
      config.cycleMinRepeats,
    )
    if (!c) continue
    const tail = seq.slice(seq.length - c.length)
    const firstPeriod = tail.slice(0, c.period)
    const spanIds = spanIdsOf(tail)
    const unit = firstPeriod.map((s) => callLabel(s, 40)).join(' → ')
    const firstTurns = new Set(firstPeriod.flatMap((s) => (s.turnId === null ? [] : [s.turnId])))
    findings.push({
      detector: 'cycle',
      severity: severity(c.repeats, config),
      message: `${agent ? `agent ${agent}` : 'tool calls'} cycled ${c.repeats} times through ${unit}`,
      spanIds,
      firstSpanId: spanIds[0] ?? '',
      lastSpanId: spanIds[spanIds.length - 1] ?? '',
      count: c.repeats,
      ...waste(
        tail.slice(c.period).map((s) => ({ steps: [s] })),
        byId,
        firstTurns,
      ),
    })
  }
  return findings
}

/** Consecutive steps of one known agent, as one hand-off element each. */
function agentRuns(steps: readonly Step[]): Step[][] {
  const runs: Step[][] = []
  for (const s of steps) {
    if (!s.agent) continue
    const last = runs[runs.length - 1]
    if (last && last[0]?.agent === s.agent) last.push(s)
    else runs.push([s])
  }
  return runs
}

function handOffCycle(steps: readonly Step[], config: DetectorConfig): Finding | null {
  const runs = agentRuns(steps)
  const c = tailCycle(
    runs.map((r) => r[0]?.agent ?? ''),
    config.cycleMinPeriod,
    config.cycleMaxPeriod,
    config.cycleMinRepeats,
  )
  if (!c) return null
  const tail = runs.slice(runs.length - c.length)
  const spanIds = spanIdsOf(tail.flat())
  const unit = tail
    .slice(0, c.period)
    .map((r) => r[0]?.agent ?? '')
    .join(' → ')
  return {
    detector: 'cycle',
    severity: severity(c.repeats, config),
    message: `agents handed off in a cycle ${c.repeats} times: ${unit}`,
    spanIds,
    firstSpanId: spanIds[0] ?? '',
    lastSpanId: spanIds[spanIds.length - 1] ?? '',
    count: c.repeats,
    ...spanWaste(
      tail
        .slice(c.period)
        .flat()
        .map((s) => s.span),
    ),
  }
}

export function detectCycles(
  steps: readonly Step[],
  byId: ReadonlyMap<string, Step>,
  config: DetectorConfig,
): Finding[] {
  const handOff = handOffCycle(steps, config)
  return [...toolCycles(steps, byId, config), ...(handOff ? [handOff] : [])]
}
