/**
 * @module detect/cost-without-progress
 * Money spent while nothing new happens: over a trailing window of steps, few tool calls bring a new
 * fingerprint or a new result, while the window costs real money (an absolute floor, or a large
 * share of the whole trace). LLM steps carry the cost; tool steps carry the evidence of progress.
 *
 * Wasted: the stretch's steps after the first occurrences, i.e. all but the tool calls that brought
 * something new and the LLM turns that requested them.
 */
import { formatUsd } from '@loupe/schema'
import { spanIdsOf, spanWaste, type Step } from './steps.ts'
import type { DetectorConfig, Finding } from './types.ts'

/** Below this many tool calls a window says nothing about progress (near-duplicate-llm covers pure LLM runs). */
const MIN_TOOL_CALLS = 3

/** For each step: null for LLM steps; for tool steps whether the call or its result was new to the trace. */
function novelty(steps: readonly Step[]): Array<boolean | null> {
  const seenCalls = new Set<string>()
  const seenResults = new Set<string>()
  return steps.map((s) => {
    if (s.kind !== 'tool') return null
    const result = `${s.fingerprint}\u0000${s.resultHash}`
    const novel = !seenCalls.has(s.fingerprint) || !seenResults.has(result)
    seenCalls.add(s.fingerprint)
    seenResults.add(result)
    return novel
  })
}

function cost(steps: readonly Step[]): number {
  return spanWaste(steps.map((s) => s.span)).wastedCostUsd
}

function noveltyRatio(flags: ReadonlyArray<boolean | null>): { ratio: number; tools: number; novel: number } {
  const tools = flags.filter((f) => f !== null).length
  const novel = flags.filter((f) => f === true).length
  return { ratio: tools === 0 ? 1 : novel / tools, tools, novel }
}

export function detectCostWithoutProgress(steps: readonly Step[], config: DetectorConfig): Finding[] {
  const w = config.costWindow
  if (steps.length < w) return []
  const flags = novelty(steps)
  const traceCost = cost(steps)
  // flagged windows, merged into stretches [from, to] when they overlap
  const stretches: Array<[number, number]> = []
  for (let end = w; end <= steps.length; end++) {
    const windowFlags = flags.slice(end - w, end)
    const { ratio, tools } = noveltyRatio(windowFlags)
    const windowCost = cost(steps.slice(end - w, end))
    const expensive = windowCost >= config.costWindowUsd || windowCost >= config.costWindowTraceShare * traceCost
    if (tools < MIN_TOOL_CALLS || ratio >= config.costNoveltyBelow || windowCost <= 0 || !expensive) continue
    const last = stretches[stretches.length - 1]
    if (last && last[1] >= end - w) last[1] = end
    else stretches.push([end - w, end])
  }
  return stretches.map(([from, to]) => {
    const stretch = steps.slice(from, to)
    const { novel, tools } = noveltyRatio(flags.slice(from, to))
    const stretchCost = cost(stretch)
    // the first occurrences are not waste: a new call or result, and the LLM turn that asked for it
    const productive = new Set(
      stretch.flatMap((st, i) => (flags[from + i] === true && st.turnId !== null ? [st.turnId] : [])),
    )
    const wasted = stretch.filter((st, i) => flags[from + i] !== true && !productive.has(st.span.spanId))
    const spanIds = spanIdsOf(stretch)
    return {
      detector: 'cost-without-progress' as const,
      severity:
        stretchCost >= config.costWindowUsd * config.costCriticalFactor ? ('critical' as const) : ('warning' as const),
      message: `${stretch.length} steps cost ${formatUsd(stretchCost)} with only ${novel} of ${tools} tool calls bringing a new call or result`,
      spanIds,
      firstSpanId: spanIds[0] ?? '',
      lastSpanId: spanIds[spanIds.length - 1] ?? '',
      count: stretch.length,
      ...spanWaste(wasted.map((s) => s.span)),
    }
  })
}
