/**
 * @module bench/ingest-load
 * The load of `bench:ingest`, for spans and logs alike: `clients` concurrent clients POST
 * pre-built OTLP/protobuf bodies to one path for a window, each pass over the bodies with new
 * trace ids; only acknowledged (stored) records count. And the environment every collector of the
 * bench gets.
 */
import http from 'node:http'
import { withGeneration } from './agent-spans.ts'
import { post } from './collector-io.ts'

export interface Load {
  /** records acknowledged */
  records: number
  /** per acknowledged request, ms */
  latencies: number[]
  /** requests not acknowledged */
  errors: number
  elapsedS: number
  /** the bench's own CPU during the window, user + system */
  clientCpuS: number
}

/**
 * Sends `bodies` round and round to `path` for `durationS`; body i holds `records[i]` records and
 * its trace ids at `offsets[i]`. Every pass over the bodies sends new traces (fresh trace ids), so
 * the settler settles them inside the window as it would in production.
 */
export async function drive(
  url: URL,
  path: string,
  work: { bodies: readonly Uint8Array[]; offsets: readonly number[][]; records: readonly number[] },
  durationS: number,
  clients: number,
): Promise<Load> {
  const { bodies, offsets, records } = work
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
  const latencies: number[] = []
  let acked = 0
  let errors = 0
  const deadline = performance.now() + durationS * 1000
  const started = performance.now()
  const clientCpu0 = process.cpuUsage()
  let sent = 0
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const n = sent++
        const i = n % bodies.length
        const body = withGeneration(bodies[i]!, offsets[i]!, Math.floor(n / bodies.length) + 1)
        const t0 = performance.now()
        const status = await post(url, agent, body, path)
        if (status === 200) {
          latencies.push(performance.now() - t0)
          acked += records[i]!
        } else errors++
      }
    }),
  )
  const elapsedS = (performance.now() - started) / 1000
  const clientCpu = process.cpuUsage(clientCpu0)
  agent.destroy()
  return { records: acked, latencies, errors, elapsedS, clientCpuS: (clientCpu.user + clientCpu.system) / 1e6 }
}

/** The collector's environment: any LOUPE_* variable of the bench's own (e.g. LOUPE_BATCH_MAX_SPANS=20000), then `own`. */
export function collectorEnv(own: Record<string, string>): Record<string, string> {
  const passed = Object.entries(process.env).filter(
    (e): e is [string, string] => e[0].startsWith('LOUPE_') && e[1] !== undefined,
  )
  return { ...Object.fromEntries(passed), ...own }
}

/** The collector's node flags (BENCH_NODE_ARGS), for example to profile it. */
export const collectorNodeArgs = () => process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean)

export interface Backlog {
  /** traces waiting to settle at the end of the window, and how many of them overdue */
  pendingTraces: number
  overdueTraces: number
  /** traces followed as running at the end of the window */
  runningTraces: number
  /** how long the backlog took to settle after the window, s */
  drainS: number
}

/**
 * Waits for the traces still pending to settle, up to 120 s (not at all when the settle delay is
 * over a minute: settling is kept out of the window then). They must settle within the settle
 * delay plus a little, or settling lags ingest.
 */
export async function settleBacklog(collectorUrl: string, settleMs: number): Promise<Backlog> {
  const health = async () =>
    (await (await fetch(`${collectorUrl}/api/health`)).json()) as {
      pendingTraces: number
      overdueTraces: number
      runningTraces?: number
    }
  const { pendingTraces, overdueTraces, runningTraces } = await health()
  const drainStart = performance.now()
  while (settleMs <= 60_000 && (await health()).pendingTraces > 0 && performance.now() - drainStart < 120_000)
    await new Promise((r) => setTimeout(r, 250))
  return {
    pendingTraces,
    overdueTraces,
    runningTraces: runningTraces ?? 0,
    drainS: (performance.now() - drainStart) / 1000,
  }
}
