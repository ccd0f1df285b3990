/**
 * @module store/step-history
 * Each agent's usual number of steps (LLM plus tool calls per trace) over the last 7 days, from
 * settled trace summaries: what the step-budget detector compares a run with. Agents with fewer
 * than MIN_TRACES traces have no history yet. A trace with several agents counts for each.
 */
import type { StepHistory } from '../detect/types.ts'
import type { SpanStore } from './span-store.ts'
import { READ_SETTINGS } from './sql.ts'

const MIN_TRACES = 20
const CACHE_MS = 60_000

function stepHistoryQuery(
  summaries: string,
  projectId: string,
  nowMs: number,
): { sql: string; params: Record<string, unknown> } {
  return {
    sql: `SELECT agent, quantileExact(0.5)(steps) AS median, quantileExact(0.99)(steps) AS p99, count() AS traces
      FROM (
        SELECT arrayJoin(agent_names) AS agent, llm_calls + tool_calls AS steps
        FROM ${summaries} FINAL
        WHERE project_id = {projectId: String} AND start_time >= fromUnixTimestamp64Milli({sinceMs: Int64}) AND NOT running
      )
      GROUP BY agent HAVING traces >= {minTraces: UInt32} ${READ_SETTINGS}`,
    params: { projectId, sinceMs: nowMs - 7 * 86_400_000, minTraces: MIN_TRACES },
  }
}

async function loadStepHistory(
  store: SpanStore,
  summaries: string,
  projectId: string,
  nowMs = Date.now(),
): Promise<Map<string, StepHistory>> {
  const q = stepHistoryQuery(summaries, projectId, nowMs)
  const rows = await store.select<{ agent: string; median: number; p99: number }>(q.sql, q.params)
  return new Map(rows.map((r) => [r.agent, { median: Number(r.median), p99: Number(r.p99) }]))
}

/**
 * The same, cached per project for `ttlMs` (a minute by default): trace detail asks on every
 * request, and the settler on every batch.
 */
export function cachedStepHistory(store: SpanStore, summaries: string, now: () => number = Date.now, ttlMs = CACHE_MS) {
  const cache = new Map<string, { at: number; value: Promise<Map<string, StepHistory>> }>()
  return (projectId: string): Promise<Map<string, StepHistory>> => {
    const t = now()
    const hit = cache.get(projectId)
    if (hit && t - hit.at < ttlMs) return hit.value
    const value = loadStepHistory(store, summaries, projectId, t).catch((err: unknown) => {
      cache.delete(projectId)
      throw err
    })
    cache.set(projectId, { at: t, value })
    return value
  }
}
