/**
 * @module query/facets
 * Distinct values in the range, for filter dropdowns.
 */
import { SCAN_WHERE, scanParams, type TimeRange } from './time-range.ts'
import type { BuiltQuery } from './traces.ts'

const LIMIT = 1000

export function facetsQuery(table: string, settings: string, projectId: string, range: TimeRange): BuiltQuery {
  const top = (col: string) => `arraySort(arraySlice(groupUniqArrayIf(${col}, ${col} != ''), 1, ${LIMIT}))`
  return {
    sql: `SELECT ${top('service_name')} AS services, ${top('agent_name')} AS agents, ${top('model')} AS models,
        ${top('provider')} AS providers, ${top('user_id')} AS users, ${top('tool_name')} AS tools
      FROM ${table} FINAL
      WHERE ${SCAN_WHERE} AND start_time >= fromUnixTimestamp64Milli({fromMs: Int64}) AND start_time < fromUnixTimestamp64Milli({toMs: Int64})
      ${settings}`,
    params: { projectId, ...scanParams(range) },
  }
}
