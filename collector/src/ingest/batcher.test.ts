import { describe, expect, it } from 'vitest'
import { Batcher } from './batcher.ts'

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

describe('Batcher', () => {
  it('groups small requests into one insert and resolves each after the write', async () => {
    const r = recorder()
    const b = new Batcher(r.write, opts)
    const a = b.enqueue([1])
    const c = b.enqueue([2, 3])
    expect(a.status).toBe('queued')
    if (a.status !== 'queued' || c.status !== 'queued') throw new Error('not queued')
    expect(await a.done).toEqual({ ok: true })
    expect(await c.done).toEqual({ ok: true })
    expect(r.batches).toEqual([[1, 2, 3]])
    expect(b.writtenSpans).toBe(3)
  })

  it('splits at maxBatchSpans without splitting a request', async () => {
    const r = recorder()
    const b = new Batcher(r.write, opts)
    const results = [b.enqueue([1, 2, 3]), b.enqueue([4, 5]), b.enqueue([6])]
    await b.flush()
    for (const x of results) if (x.status === 'queued') expect(await x.done).toEqual({ ok: true })
    expect(r.batches).toEqual([[1, 2, 3], [4, 5, 6]])
  })

  it('answers full when the queue bound would be passed, and accepts again after draining', async () => {
    const r = recorder()
    const b = new Batcher(r.write, { ...opts, maxBatchSpans: 100, lingerMs: 50 })
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
    const poisoned = (writes: number[][], refusal = true) => async (items: number[]) => {
      writes.push(items)
      if (items.some((i) => i < 0)) throw new Error(refusal ? 'CANNOT_PARSE_INPUT' : 'timeout')
    }
    const isRefusal = (e: Error) => e.message.startsWith('CANNOT_PARSE')
    const queued = (b: Batcher<number>, items: number[]) => {
      const r = b.enqueue(items)
      if (r.status !== 'queued') throw new Error('not queued')
      return r.done
    }

    it('writes each request alone, so only the bad one fails, and reports it rejected', async () => {
      const writes: number[][] = []
      const b = new Batcher(poisoned(writes), { ...opts, isRefusal })
      const [a, bad, c] = await Promise.all([queued(b, [1]), queued(b, [-1, 2]), queued(b, [3])])
      expect(a).toEqual({ ok: true })
      expect(c).toEqual({ ok: true })
      expect(bad).toMatchObject({ ok: false, rejected: true })
      expect(writes).toEqual([[1, -1, 2, 3], [1], [-1, 2], [3]])
      expect(b.writtenSpans).toBe(2)
      expect(b.failedSpans).toBe(2)
    })

    it('leaves a failure that does not blame the data to be retried', async () => {
      const writes: number[][] = []
      const b = new Batcher(poisoned(writes, false), { ...opts, isRefusal })
      const [a, bad] = await Promise.all([queued(b, [1]), queued(b, [-1])])
      expect(a).toEqual({ ok: true })
      expect(bad).toMatchObject({ ok: false, rejected: false })
    })

    it('rejects nothing when every request fails alone too (storage is down)', async () => {
      const r = recorder(true)
      const b = new Batcher(r.write, { ...opts, isRefusal: () => true })
      const results = await Promise.all([queued(b, [1]), queued(b, [2])])
      for (const x of results) expect(x).toMatchObject({ ok: false, rejected: false })
      expect(r.batches).toEqual([[1, 2], [1], [2]])
    })

    it('rejects nothing without an isRefusal test', async () => {
      const writes: number[][] = []
      const b = new Batcher(poisoned(writes), opts)
      const [, bad] = await Promise.all([queued(b, [1]), queued(b, [-1])])
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
