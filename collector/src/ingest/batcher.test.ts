import { afterEach, describe, expect, it, vi } from 'vitest'
import { Batcher, type FlushResult } from './batcher.ts'

const opts = { maxBatchSpans: 4, maxQueueSpans: 10, maxConcurrentInserts: 1, lingerMs: 5 }

function recorder(fail = false) {
  const batches: number[][] = []
  let release: (() => void) | null = null
  const write = async (items: number[]) => {
    batches.push(items)
    await new Promise<void>((r) => {
      release = r
      setTimeout(r, 1)
    })
    if (fail) throw new Error('storage down')
  }
  return { batches, write, release: () => release?.() }
}

/** A write that finishes only when the test says so, to hold an insert in flight. */
function gate() {
  const batches: number[][] = []
  const open: Array<() => void> = []
  const write = (items: number[]) => {
    batches.push(items)
    return new Promise<void>((r) => open.push(r))
  }
  /** Finishes the oldest write still in flight, and lets its continuations run. */
  const finish = async () => {
    open.shift()?.()
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
  return { batches, write, finish }
}

function queued<T>(b: Batcher<T>, items: T[]): Promise<FlushResult> {
  const r = b.enqueue(items)
  if (r.status !== 'queued') throw new Error('not queued')
  return r.done
}

describe('Batcher', () => {
  it('groups the requests that arrive during an insert into the next one, and resolves each after its write', async () => {
    const r = recorder()
    const b = new Batcher(r.write, opts)
    const a = b.enqueue([1])
    const c = b.enqueue([2, 3])
    const d = b.enqueue([4])
    expect(a.status).toBe('queued')
    if (a.status !== 'queued' || c.status !== 'queued' || d.status !== 'queued') throw new Error('not queued')
    expect(await a.done).toEqual({ ok: true })
    expect(await c.done).toEqual({ ok: true })
    expect(await d.done).toEqual({ ok: true })
    expect(r.batches).toEqual([[1], [2, 3, 4]])
    expect(b.writtenSpans).toBe(4)
  })

  describe('group commit', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    it('writes a request at once when nothing is being written, without lingering', () => {
      const g = gate()
      const b = new Batcher(g.write, { ...opts, lingerMs: 10_000 })
      b.enqueue([1])
      expect(g.batches).toEqual([[1]])
    })

    it('sends what waited as soon as the insert in flight finishes, not after the linger', async () => {
      const g = gate()
      const b = new Batcher(g.write, { ...opts, lingerMs: 10_000 })
      const first = queued(b, [1])
      const rest = [queued(b, [2]), queued(b, [3])]
      expect(g.batches).toEqual([[1]])
      await g.finish()
      expect(await first).toEqual({ ok: true })
      expect(g.batches).toEqual([[1], [2, 3]])
      await g.finish()
      expect(await Promise.all(rest)).toEqual([{ ok: true }, { ok: true }])
      // idle again: the next request goes alone, at once
      b.enqueue([4])
      expect(g.batches).toEqual([[1], [2, 3], [4]])
    })

    it('lets a waiting request take a spare slot only after the linger', () => {
      vi.useFakeTimers()
      const g = gate()
      const b = new Batcher(g.write, { ...opts, maxConcurrentInserts: 2, lingerMs: 50 })
      b.enqueue([1])
      b.enqueue([2])
      b.enqueue([3])
      vi.advanceTimersByTime(49)
      expect(g.batches).toEqual([[1]])
      vi.advanceTimersByTime(1)
      expect(g.batches).toEqual([[1], [2, 3]])
    })

    it('lets a full batch take a spare slot at once', () => {
      const g = gate()
      const b = new Batcher(g.write, { ...opts, maxConcurrentInserts: 2, lingerMs: 10_000 })
      b.enqueue([1])
      b.enqueue([2, 3])
      expect(g.batches).toEqual([[1]])
      b.enqueue([4, 5])
      expect(g.batches).toEqual([[1], [2, 3, 4, 5]])
    })

    it('does not hurry a later request with the linger of one that an insert already took', async () => {
      vi.useFakeTimers()
      const g = gate()
      const b = new Batcher(g.write, { ...opts, maxConcurrentInserts: 2, lingerMs: 50 })
      b.enqueue([1])
      b.enqueue([2])
      vi.advanceTimersByTime(30)
      await g.finish() // [2] goes out in the freed slot
      expect(g.batches).toEqual([[1], [2]])
      b.enqueue([3])
      vi.advanceTimersByTime(30) // 60 ms after [2] armed the linger, 30 after [3] arrived
      expect(g.batches).toEqual([[1], [2]])
      vi.advanceTimersByTime(20)
      expect(g.batches).toEqual([[1], [2], [3]])
    })
  })

  it('splits at maxBatchSpans without splitting a request', async () => {
    const r = recorder()
    const b = new Batcher(r.write, opts)
    const results = [b.enqueue([1, 2, 3]), b.enqueue([4, 5]), b.enqueue([6])]
    await b.flush()
    for (const x of results) if (x.status === 'queued') expect(await x.done).toEqual({ ok: true })
    expect(r.batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ])
  })

  it('answers full when the queue bound would be passed, and accepts again after draining', async () => {
    const r = recorder()
    const b = new Batcher(r.write, { ...opts, maxBatchSpans: 100, lingerMs: 50 })
    b.enqueue([0]) // in flight, so the next ones wait
    expect(b.enqueue([1, 2, 3, 4, 5, 6, 7, 8]).status).toBe('queued')
    expect(b.enqueue([9, 10, 11]).status).toBe('full')
    expect(b.rejectedFullSpans).toBe(3)
    await b.flush()
    expect(b.enqueue([9, 10, 11]).status).toBe('queued')
    await b.shutdown()
  })

  it('reports a failed insert to every request in it', async () => {
    const r = recorder(true)
    const b = new Batcher(r.write, opts)
    const a = b.enqueue([1])
    if (a.status !== 'queued') throw new Error('not queued')
    const res = await a.done
    expect(res.ok).toBe(false)
    expect(b.failedSpans).toBe(1)
  })

  describe('when an insert of several requests fails', () => {
    /** Refuses any write holding a negative item, as storage refuses a row it cannot parse. */
    const poisoned =
      (writes: number[][], refusal = true) =>
      async (items: number[]) => {
        writes.push(items)
        if (items.some((i) => i < 0)) throw new Error(refusal ? 'CANNOT_PARSE_INPUT' : 'timeout')
      }
    const isRefusal = (e: Error) => e.message.startsWith('CANNOT_PARSE')
    /** Starts an insert of [0], so that the requests enqueued next share the following one. */
    const busy = (b: Batcher<number>) => queued(b, [0])

    it('writes each request alone, so only the bad one fails, and reports it rejected', async () => {
      const writes: number[][] = []
      const b = new Batcher(poisoned(writes), { ...opts, isRefusal })
      const [, a, bad, c] = await Promise.all([busy(b), queued(b, [1]), queued(b, [-1, 2]), queued(b, [3])])
      expect(a).toEqual({ ok: true })
      expect(c).toEqual({ ok: true })
      expect(bad).toMatchObject({ ok: false, rejected: true })
      expect(writes).toEqual([[0], [1, -1, 2, 3], [1], [-1, 2], [3]])
      expect(b.writtenSpans).toBe(3)
      expect(b.failedSpans).toBe(2)
    })

    it('leaves a failure that does not blame the data to be retried', async () => {
      const writes: number[][] = []
      const b = new Batcher(poisoned(writes, false), { ...opts, isRefusal })
      const [, a, bad] = await Promise.all([busy(b), queued(b, [1]), queued(b, [-1])])
      expect(a).toEqual({ ok: true })
      expect(bad).toMatchObject({ ok: false, rejected: false })
    })

    it('rejects nothing when every request fails alone too (storage is down)', async () => {
      const r = recorder(true)
      const b = new Batcher(r.write, { ...opts, isRefusal: () => true })
      const results = await Promise.all([queued(b, [0]), queued(b, [1]), queued(b, [2])])
      for (const x of results) expect(x).toMatchObject({ ok: false, rejected: false })
      expect(r.batches).toEqual([[0], [1, 2], [1], [2]])
    })

    it('rejects nothing without an isRefusal test', async () => {
      const writes: number[][] = []
      const b = new Batcher(poisoned(writes), opts)
      const [, , bad] = await Promise.all([busy(b), queued(b, [1]), queued(b, [-1])])
      expect(bad).toMatchObject({ ok: false, rejected: false })
    })
  })

  it('shutdown writes what is queued, is idempotent, and refuses new spans', async () => {
    const r = recorder()
    const b = new Batcher(r.write, { ...opts, lingerMs: 10_000 })
    b.enqueue([1, 2])
    await b.shutdown()
    await b.shutdown()
    expect(r.batches).toEqual([[1, 2]])
    expect(b.enqueue([3]).status).toBe('closed')
  })
})
