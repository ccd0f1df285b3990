/**
 * The entry point on a whole looping trace:
 *
 *   root  invoke_agent planner (rollup)
 *   ├─ llm → get_weather({"city":"Paris"}) → "sunny"      × 6, each LLM call $0.12
 *   └─ llm (final answer)
 */
import { describe, expect, it } from 'vitest'
import { detectFindings } from './detect.ts'
import { TraceBuilder } from './testing.ts'
import { DEFAULT_DETECTOR_CONFIG, DETECTORS, type DetectorConfig } from './types.ts'

function loopingTrace(): TraceBuilder {
  const b = new TraceBuilder()
  b.other({
    spanId: 'root000000000000',
    parentSpanId: null,
    kind: 'agent',
    isRollup: true,
    inputTokens: 99_000,
    costUsd: 9,
  })
  for (let i = 0; i < 6; i++)
    b.turn('get_weather', { city: 'Paris' }, 'sunny', {}, { costUsd: 0.12, output: `call get_weather ${i}` })
  b.llm({ output: 'It is sunny in Paris.' })
  return b
}

describe('detectFindings', () => {
  it('reports a looping trace through every detector that applies, in detector order', () => {
    const findings = detectFindings(loopingTrace().spans)
    expect(findings.map((f) => [f.detector, f.severity, f.count])).toEqual([
      ['repeated-tool-call', 'critical', 6],
      ['cost-without-progress', 'warning', 13],
    ])
    expect(findings[0]?.message).toBe(
      'get_weather({"city":"Paris"}) called 6 times with identical arguments and the same result',
    )
    expect(findings[0]).toMatchObject({ wastedTokens: 5 * 1100, wastedCostUsd: 0.6 })
  })

  const ANSWER =
    'I could not find any flights from Paris to Tokyo on that date, so please try another date or airport and I will search again for you'
  /** `first`: how many spans open the trace as its first occurrence (an LLM call and the tool call it asked for, say). */
  it.each<[string, number, (b: TraceBuilder) => void, Partial<DetectorConfig>]>([
    ['repeated-tool-call', 2, (b) => b.repeat(6, 'get_weather', { city: 'Paris' }, 'sunny'), {}],
    [
      'repeated-error',
      2,
      (b) => b.repeat(5, 'get_weather', { city: 'Paris' }, null, { status: 'error', errorType: 'Timeout' }),
      {},
    ],
    [
      'no-progress',
      2,
      (b) => {
        for (let i = 0; i < 6; i++) b.turn('search', { q: `paris ${i}` }, [])
      },
      {},
    ],
    [
      'cycle',
      4,
      (b) => {
        for (let i = 0; i < 4; i++) {
          b.turn('open', { id: 1 }, `o${i}`)
          b.turn('close', { id: 1 }, `c${i}`)
        }
      },
      {},
    ],
    [
      'near-duplicate-llm',
      1,
      (b) => {
        for (let i = 0; i < 4; i++) b.llm({ output: ANSWER })
      },
      {},
    ],
    ['cost-without-progress', 2, (b) => b.repeat(8, 'get_status', { job: 1 }, 'pending'), { costWindowUsd: 0.05 }],
    [
      'step-budget',
      4,
      (b) => {
        for (let i = 0; i < 20; i++) b.turn('search', { q: i }, `r${i}`)
      },
      { maxSteps: 4 },
    ],
  ])(
    '%s counts only what came after the first occurrence (the first %i spans) as waste',
    (detector, first, build, config) => {
      const b = new TraceBuilder()
      build(b)
      const found = detectFindings(b.spans, config).filter((f) => f.detector === detector)
      expect(found.length).toBeGreaterThan(0)
      const byId = new Map(b.spans.map((s) => [s.spanId, s]))
      for (const f of found) {
        for (const s of b.spans.slice(0, first)) expect(f.wastedSpanIds).not.toContain(s.spanId)
        expect(f.wastedSpanIds.length).toBeGreaterThan(0)
        // the figures are those of the spans named, each once
        const named = f.wastedSpanIds.map((id) => byId.get(id)!)
        expect(new Set(f.wastedSpanIds).size).toBe(f.wastedSpanIds.length)
        expect(f.wastedTokens).toBe(named.reduce((n, s) => n + s.inputTokens + s.outputTokens, 0))
        expect(f.wastedCostUsd).toBeCloseTo(
          named.reduce((n, s) => n + (s.costUsd ?? 0), 0),
          9,
        )
      }
    },
  )

  it("keeps every finding's span ids in step order, from first to last", () => {
    for (const f of detectFindings(loopingTrace().spans)) {
      expect(f.spanIds[0]).toBe(f.firstSpanId)
      expect(f.spanIds[f.spanIds.length - 1]).toBe(f.lastSpanId)
      expect(new Set(f.spanIds).size).toBe(f.spanIds.length)
    }
  })

  it('gives the same findings whatever order the spans arrive in', () => {
    const spans = loopingTrace().spans
    const reversed = [...spans].reverse()
    const shuffled = spans
      .map((s, i) => ({ s, k: (i * 7919) % spans.length }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.s)
    expect(detectFindings(reversed)).toEqual(detectFindings(spans))
    expect(detectFindings(shuffled)).toEqual(detectFindings(spans))
  })

  it('applies config overrides over the defaults', () => {
    const spans = loopingTrace().spans
    expect(detectFindings(spans, { repeatWarning: 7 }).map((f) => f.detector)).not.toContain('repeated-tool-call')
    expect(detectFindings(spans, { maxSteps: 5 }).map((f) => f.detector)).toContain('step-budget')
  })

  it.each([
    ['an empty trace', []],
    [
      'a healthy trace',
      (() => {
        const b = new TraceBuilder()
        b.turn('search', { q: 'flights' }, ['AF1'])
        b.turn('book', { flight: 'AF1' }, 'ok')
        b.llm({ output: 'Booked.' })
        return b.spans
      })(),
    ],
  ])('finds nothing in %s', (_, spans) => {
    expect(detectFindings(spans)).toEqual([])
  })

  it('has a default for every threshold and lists every detector once', () => {
    expect(Object.values(DEFAULT_DETECTOR_CONFIG).every((v) => v === null || Number.isFinite(v))).toBe(true)
    expect(new Set(DETECTORS).size).toBe(7)
  })
})
