/**
 * @module test/utils/until
 * Waiting for an event by polling, never by a fixed sleep. On timeout it fails with the last value
 * it read (or the last error), so a test that gives up says what it saw instead of timing out blind.
 */

export interface UntilOptions {
  /** default 20 s */
  timeoutMs?: number
  /** default 100 ms */
  intervalMs?: number
  /** what is awaited, for the failure message */
  what?: string
}

const show = (v: unknown): string => {
  const text = v instanceof Error ? `${v.name}: ${v.message}` : JSON.stringify(v)
  return text === undefined ? String(v) : text.length > 2000 ? `${text.slice(0, 2000)}…` : text
}

/** Reads until `done` holds for what was read, and returns that. */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  opts: UntilOptions = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000)
  let last: { value: T } | { error: unknown } | undefined
  for (;;) {
    try {
      const value = await read()
      if (done(value)) return value
      last = { value }
    } catch (error) {
      last = { error }
    }
    if (Date.now() >= deadline) break
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 100))
  }
  const seen = last === undefined ? 'nothing' : 'error' in last ? `the error ${show(last.error)}` : show(last.value)
  throw new Error(
    `timed out after ${opts.timeoutMs ?? 20_000} ms waiting for ${opts.what ?? 'the condition'}; last saw ${seen}`,
  )
}

/**
 * Waits until the collector has settled everything it stored: `GET /api/health` reports no pending
 * traces. Call it once every export has been acknowledged (an acknowledged span's trace is pending
 * until it settles), so lists, reports and findings then hold every trace sent.
 */
export async function waitSettled(url: string, opts: UntilOptions = {}): Promise<void> {
  await until(
    async () => ((await (await fetch(`${url}/api/health`)).json()) as { pendingTraces?: number }).pendingTraces,
    (pending) => pending === 0,
    { what: 'no trace pending settlement', ...opts },
  )
}
