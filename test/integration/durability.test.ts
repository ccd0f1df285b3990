/**
 * A 200 means stored: requests are sent concurrently, the collector is killed with SIGKILL the
 * moment the last acknowledgement arrives (others may still be in flight), and after a restart on
 * the same data directory every acknowledged span is there.
 */
import { describe, expect, it } from 'vitest'
import { removeDataDir, startCollector } from '../utils/collector.ts'
import { hexId, otlpJson } from '../utils/otlp-body.ts'

describe('durability', () => {
  it('keeps every acknowledged span across a crash', async () => {
    const first = await startCollector()
    const requests = Array.from({ length: 40 }, () => {
      const traceId = hexId(16)
      return { traceId, spans: Array.from({ length: 25 }, () => ({ traceId, spanId: hexId(8) })) }
    })
    const acknowledged: typeof requests = []
    let inFlight = requests.length
    await new Promise<void>((resolve) => {
      for (const r of requests) {
        fetch(`${first.url}/v1/traces`, {
          method: 'POST',
          body: otlpJson(r.spans),
          headers: { 'content-type': 'application/json' },
        })
          .then((res) => {
            if (res.status === 200) acknowledged.push(r)
          })
          .catch(() => {})
          .finally(() => {
            inFlight--
            // kill as soon as most are acknowledged, while the rest may still be in flight
            if (acknowledged.length >= 30 || inFlight === 0) resolve()
          })
      }
    })
    await first.kill()
    expect(acknowledged.length).toBeGreaterThanOrEqual(30)

    const second = await startCollector({ dataDir: first.dataDir })
    try {
      for (const r of acknowledged) {
        const res = await fetch(`${second.url}/api/traces/${r.traceId}`)
        expect(res.status).toBe(200)
        const { spans } = (await res.json()) as { spans: Array<{ spanId: string }> }
        expect(new Set(spans.map((s) => s.spanId))).toEqual(new Set(r.spans.map((s) => s.spanId)))
      }
    } finally {
      await second.stop()
      removeDataDir(first.dataDir)
    }
  })
})
