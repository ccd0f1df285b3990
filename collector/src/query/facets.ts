/**
 * @module query/facets
 * Distinct values in the range, for filter dropdowns.
 *
 * Read without FINAL: a span's versions (a retried export, the settler's rewrite) differ only in
 * fields the rewrite fills in (an inherited agent name where there was none) or that are not read
 * here (the rollup flag), so an older version adds either the same value or '' — which is
 * skipped — and the distinct sets are the same. FINAL would merge every span key of the 30 days:
 * at 10M spans with 4 parts a day, 1.39 s with it against 0.53 s without (docs/benchmarks.md).
 */
import { SCAN_WHERE, scanParams, type TimeRange } from './time-range.ts'
import type { BuiltQuery } from './traces.ts'

const LIMIT = 1000

export function facetsQuery(table: string, settings: string, projectId: string, range: TimeRange): BuiltQuery {
  const top = (col: string) => `arraySort(arraySlice(groupUniqArrayIf(${col}, ${col} != ''), 1, ${LIMIT}))`
  return {
    sql: `SELECT ${top('service_name')} AS services, ${top('agent_name')} AS agents, ${top('model')} AS models,
        ${top('provider')} AS providers, ${top('user_id')} AS users, ${top('tool_name')} AS tools
      FROM ${table}
      WHERE ${SCAN_WHERE} AND start_time >= fromUnixTimestamp64Milli({fromMs: Int64}) AND start_time < fromUnixTimestamp64Milli({toMs: Int64})
      ${settings}`,
    params: { projectId, ...scanParams(range) },
  }
}
