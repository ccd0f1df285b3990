/**
 * @module bench/collector-io
 * How the benches load and watch a collector process: OTLP/protobuf posts over a keep-alive
 * node:http agent, a JSON GET, and the process's CPU time and resident memory from Linux /proc.
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'

/**
 * One OTLP/protobuf POST (to /v1/traces, or `path`) over a keep-alive node:http agent; resolves
 * to the status code. The clients share the collector's two cores, and node:http costs them about
 * a third less CPU than fetch, so less of the machine goes to load.
 */
export function post(url: URL, agent: http.Agent, body: Uint8Array, path = '/v1/traces'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** GET a JSON body; throws on anything but 200. */
export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url)
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status} ${(await res.text()).slice(0, 160)}`)
  return (await res.json()) as T
}

/** User + system CPU seconds a process has used, all its threads (Linux /proc). */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Resident memory of a process in MiB, the embedded engine's caches included (Linux /proc). */
export function residentMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))
  return line === undefined ? Number.NaN : Number(line.split(/\s+/)[1]) / 1024
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Calls `send(k)` every `intervalMs`, k = 0, 1, …, while `going()` holds, without waiting for
 * the previous call (an exporter's queue does not wait for the acknowledgement either), up to
 * `maxInFlight` calls at once; past that, or when a call is late, the stream slows down rather than
 * bursting to catch up. Resolves once every call has finished.
 */
export async function paced(
  intervalMs: number,
  going: () => boolean,
  send: (k: number) => Promise<void>,
  maxInFlight = 4,
): Promise<void> {
  const inFlight = new Set<Promise<void>>()
  let next = performance.now()
  for (let k = 0; going(); k++) {
    const wait = next - performance.now()
    if (wait > 0) await sleep(wait)
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight)
    if (!going()) break
    const call = send(k).finally(() => inFlight.delete(call))
    inFlight.add(call)
    next = Math.max(next + intervalMs, performance.now())
  }
  await Promise.all(inFlight)
}
