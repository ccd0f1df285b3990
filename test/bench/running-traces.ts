/**
 * @module bench/running-traces
 * Traces that stay running on the collector under test, sent over OTLP as agents exporting as they
 * go would send them: each agent's first steps at once, then, while `trickle` runs, one more step
 * for every agent each `stepEveryMs`, so the live refresh keeps rewriting their provisional
 * versions. The roots are never sent. The collector must follow running traces (live state on) and
 * settle them only after a delay longer than the bench.
 */
import http from 'node:http'
import type { TraceListResponse } from '@loupe/schema'
import { startCollector } from '../utils/collector.ts'
import { until } from '../utils/until.ts'
import { RunningAgents } from './agent-spans.ts'
import { getJson, paced, post } from './collector-io.ts'

export const RUNNING_SERVICE = 'running-agents'
/** Agents stepped together in one request. */
const AGENTS_PER_REQUEST = 20
const FIRST_STEPS = 3

export interface RunningTraffic {
  /** how long the collector took to list every trace as running, ms */
  listedMs: number
  /** the running traces' ids */
  traceIds: readonly string[]
  /** Steps every agent every `stepEveryMs` until the returned stop is called. */
  trickle: (stepEveryMs: number) => () => Promise<void>
  close: () => Promise<void>
}

export async function startRunningTraces(baseUrl: string, count: number): Promise<RunningTraffic> {
  const url = new URL(baseUrl)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 })
  const agents = new RunningAgents(RUNNING_SERVICE, count)
  const send = async () => {
    const batch = agents.take()
    if (batch === null) return
    const status = await post(url, agent, batch.body)
    if (status !== 200) throw new Error(`POST /v1/traces → ${status}`)
  }
  const started = performance.now()
  for (let first = 0; first < count; first += AGENTS_PER_REQUEST) {
    for (let i = first; i < Math.min(count, first + AGENTS_PER_REQUEST); i++)
      for (let s = 0; s < FIRST_STEPS; s++) agents.step(i)
    await send()
  }
  await until(
    () => getJson<TraceListResponse>(`${baseUrl}/api/traces?state=running&service=${RUNNING_SERVICE}&limit=1000`),
    (r) => r.traces.length >= Math.min(count, 1000),
    { timeoutMs: 120_000, intervalMs: 250, what: `${count} traces listed as running` },
  )
  const listedMs = performance.now() - started
  return {
    listedMs,
    traceIds: agents.traceIds,
    trickle(stepEveryMs) {
      let going = true
      let next = 0
      const done = paced(
        (stepEveryMs * AGENTS_PER_REQUEST) / count,
        () => going,
        async () => {
          for (let k = 0; k < AGENTS_PER_REQUEST; k++) agents.step(next++ % count)
          await send()
        },
      )
      return async () => {
        going = false
        await done
      }
    },
    async close() {
      agent.destroy()
      await agents.shutdown()
    },
  }
}

/**
 * Settles the running traces of a kept data directory: a collector with a short settle delay
 * picks them up on start (they were written minutes before) and settles them, so a reuse of the
 * directory starts with none.
 */
export async function settleRunning(dataDir: string, env: Record<string, string>): Promise<void> {
  const collector = await startCollector({ dataDir, env: { ...env, LOUPE_SETTLE_MS: '1000' } })
  try {
    await until(
      async () => {
        const health = await getJson<{ pendingTraces: number }>(`${collector.url}/api/health`)
        const list = await getJson<TraceListResponse>(`${collector.url}/api/traces?state=running&limit=1`)
        return health.pendingTraces + list.traces.length
      },
      (left) => left === 0,
      { timeoutMs: 120_000, intervalMs: 500, what: 'the running traces of the kept data settled' },
    )
  } finally {
    await collector.stop()
  }
}
