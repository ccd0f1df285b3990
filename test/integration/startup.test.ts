/**
 * Start-up behaviour of a real collector process: bad configuration stops it with a message that
 * names the variable, and a user price file prices spans the bundled table does not know.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { removeDataDir, startCollector } from '../utils/collector.ts'
import { hexId, otlpJson } from '../utils/otlp-body.ts'

describe('collector start-up', () => {
  it.each([
    [{ LOUPE_HTTP_PORT: 'eighty' }, /LOUPE_HTTP_PORT/],
    [{ LOUPE_API_KEYS: 'no-colon' }, /LOUPE_API_KEYS/],
    [{ LOUPE_PRICES_FILE: '/does/not/exist.json' }, /LOUPE_PRICES_FILE: cannot read/],
  ])('refuses %o', async (env, message) => {
    await expect(startCollector({ env })).rejects.toThrow(message)
  })

  it('prices a model from LOUPE_PRICES_FILE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-prices-'))
    const file = join(dir, 'prices.json')
    writeFileSync(
      file,
      JSON.stringify({
        updated: '2026-11-01',
        providers: { acme: { source: 'our contract', models: { 'acme-llm-9': { input: 4, output: 8 } } } },
      }),
    )
    const c = await startCollector({ env: { LOUPE_PRICES_FILE: file } })
    try {
      const traceId = hexId(16)
      const res = await fetch(`${c.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: otlpJson([
          {
            traceId,
            spanId: hexId(8),
            name: 'chat acme-llm-9',
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.request.model': 'acme-llm-9',
              'gen_ai.usage.input_tokens': 1000,
              'gen_ai.usage.output_tokens': 500,
            },
          },
        ]),
      })
      expect(res.status).toBe(200)
      const { spans } = (await (await fetch(`${c.url}/api/traces/${traceId}`)).json()) as {
        spans: Array<{ costUsd: number; costSource: string }>
      }
      // 1000 × $4/M + 500 × $8/M = $0.008
      expect(spans[0]!.costSource).toBe('computed')
      expect(spans[0]!.costUsd).toBeCloseTo(0.008, 9)
      // and the price API says where that price came from
      const lookup = (await (await fetch(`${c.url}/api/prices?model=acme-llm-9`)).json()) as {
        match: { origin: string; provider: string }
        updated: { user: string }
      }
      expect(lookup.match).toMatchObject({ origin: 'user', provider: 'acme' })
      expect(lookup.updated.user).toBe('2026-11-01')
    } finally {
      await c.stop()
      removeDataDir(c.dataDir)
      removeDataDir(dir)
    }
  })
})
