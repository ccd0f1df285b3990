/**
 * @module detect/near-duplicate-llm
 * Consecutive LLM calls of one agent that say the same thing again, or are fed the same new thing
 * again. "New input" is what a call's input adds to the previous call's input (chat histories
 * grow, so whole inputs are always similar); it is the suffix after the longest common prefix.
 */
import { nearDuplicate, textPrint, type TextPrint } from './simhash.ts'
import { byAgent, spanIdsOf, spanWaste, type Step } from './steps.ts'
import type { DetectorConfig, Finding } from './types.ts'

/** The part of `cur` after the prefix it shares with `prev`. */
export function newText(prev: string, cur: string): string {
  const max = Math.min(prev.length, cur.length)
  let i = 0
  while (i < max && prev.charCodeAt(i) === cur.charCodeAt(i)) i++
  return cur.slice(i)
}

interface Call {
  step: Step
  output: TextPrint
  newInput: TextPrint
}

function calls(llmSteps: readonly Step[], minWords: number): Call[] {
  let prevInput = ''
  return llmSteps.map((step) => {
    const input = step.span.input ?? ''
    const call = {
      step,
      output: textPrint(step.span.output ?? '', minWords),
      newInput: textPrint(newText(prevInput, input), minWords),
    }
    prevInput = input
    return call
  })
}

function runFinding(
  run: readonly Call[],
  reasons: ReadonlySet<string>,
  agent: string,
  config: DetectorConfig,
): Finding {
  const steps = run.map((c) => c.step)
  const spanIds = spanIdsOf(steps)
  const who = agent ? `agent ${agent}` : 'an agent'
  return {
    detector: 'near-duplicate-llm',
    severity: run.length >= config.nearDuplicateCriticalRun ? 'critical' : 'warning',
    message: `${who} made ${run.length} consecutive near-identical LLM calls (${[...reasons].sort().join(' and ')})`,
    spanIds,
    firstSpanId: spanIds[0] ?? '',
    lastSpanId: spanIds[spanIds.length - 1] ?? '',
    count: run.length,
    ...spanWaste(steps.slice(1).map((s) => s.span)),
  }
}

export function detectNearDuplicateLlm(steps: readonly Step[], config: DetectorConfig): Finding[] {
  const opts = {
    minWords: config.nearDuplicateMinWords,
    threshold: config.nearDuplicateSimilarity,
    maxHamming: config.nearDuplicateMaxHamming,
  }
  const findings: Finding[] = []
  for (const [agent, agentSteps] of byAgent(steps)) {
    const cs = calls(
      agentSteps.filter((s) => s.kind === 'llm'),
      opts.minWords,
    )
    let run: Call[] = []
    let reasons = new Set<string>()
    const close = () => {
      if (run.length >= 2) findings.push(runFinding(run, reasons, agent, config))
      run = []
      reasons = new Set()
    }
    for (let i = 0; i < cs.length; i++) {
      const cur = cs[i]
      const prev = i > 0 ? cs[i - 1] : undefined
      if (!cur) continue
      const sameOutput = prev !== undefined && nearDuplicate(prev.output, cur.output, opts)
      const sameInput = prev !== undefined && i > 1 && nearDuplicate(prev.newInput, cur.newInput, opts)
      if (prev && (sameOutput || sameInput)) {
        if (run.length === 0) run.push(prev)
        run.push(cur)
        if (sameOutput) reasons.add('same output')
        if (sameInput) reasons.add('same new input')
      } else close()
    }
    close()
  }
  return findings
}
