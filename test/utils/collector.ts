/**
 * Starts a real collector process for a test: fresh data directory, ports chosen by the OS
 * (port 0, read back from its `listening` log line), loopback only. `stop()` ends it gracefully,
 * `kill()` ends it with SIGKILL, as a crash would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')

export interface RunningCollector {
  url: string
  pid: number
  httpPort: number
  grpcPort: number
  dataDir: string
  logs: () => string
  stop: () => Promise<number | null>
  kill: () => Promise<void>
}

export async function startCollector(
  opts: { dataDir?: string; env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<RunningCollector> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'loupe-test-'))
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'collector/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      LOUPE_HOST: '127.0.0.1',
      LOUPE_HTTP_PORT: '0',
      LOUPE_GRPC_PORT: '0',
      LOUPE_DATA_DIR: dataDir,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  const ports = await new Promise<{ httpPort: number; grpcPort: number }>((resolvePorts, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start in 30 s:\n${output}`)), 30_000)
    child.stderr!.on('data', (d: Buffer) => {
      output += d.toString()
      for (const line of output.split('\n')) {
        if (!line.includes('"listening"')) continue
        const parsed = JSON.parse(line) as { httpPort: number; grpcPort: number }
        clearTimeout(timer)
        resolvePorts(parsed)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`collector exited with ${code} before listening:\n${output}`))
    })
  })
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  return {
    url: `http://127.0.0.1:${ports.httpPort}`,
    pid: child.pid!,
    ...ports,
    dataDir,
    logs: () => output,
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
    kill: async () => {
      child.kill('SIGKILL')
      await exited
    },
  }
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

export type { ChildProcess }
