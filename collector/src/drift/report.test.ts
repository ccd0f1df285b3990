import { DriftGroup } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { benjaminiHochberg } from './bh.ts'
import { buildDriftReport, countBins, type CallWindowSample, type TraceWindowSample } from './report.ts'
import { logNormals, mulberry32, poissons, successes } from './testing.ts'

type Rand = () => number

function calls(
  rand: Rand,
  window: 'ref' | 'cur',
  agentName: string,
  model: string,
  n: number,
  o: { latency?: number; errorRate?: number } = {},
): CallWindowSample {
  return {
    window,
    agentName,
    model,
    latencyMs: logNormals(rand, n, o.latency ?? 800, 0.35),
    inputTokens: logNormals(rand, n, 1200, 0.5).map(Math.round),
    outputTokens: logNormals(rand, n, 150, 0.5).map(Math.round),
    calls: n,
    errors: successes(rand, n, o.errorRate ?? 0.02),
  }
}

function traces(
  rand: Rand,
  window: 'ref' | 'cur',
  agentName: string,
  n: number,
  o: { steps?: number } = {},
): TraceWindowSample {
  return {
    window,
    agentName,
    costUsd: logNormals(rand, n, 0.02, 0.6),
    steps: poissons(rand, n, o.steps ?? 6),
    retries: poissons(rand, n, 0.1),
    traces: n,
    errors: successes(rand, n, 0.03),
  }
}

const feature = (groups: DriftGroup[], agent: string, model: string, id: string) =>
  groups.find((g) => g.agentName === agent && g.model === model)!.features.find((f) => f.feature === id)!

describe('buildDriftReport', () => {
  const rand = mulberry32(2024)
  const groups = buildDriftReport(
    {
      calls: [
        calls(rand, 'ref', 'steady', 'gpt-4o', 400),
        calls(rand, 'cur', 'steady', 'gpt-4o', 400),
        calls(rand, 'ref', 'slowed', 'gpt-4o', 400),
        calls(rand, 'cur', 'slowed', 'gpt-4o', 400, { latency: 1600, errorRate: 0.2 }),
        calls(rand, 'ref', 'rare', 'gpt-4o', 60),
        calls(rand, 'cur', 'rare', 'gpt-4o', 300),
        calls(rand, 'cur', 'steady', 'gpt-5', 200),
      ],
      traces: [
        traces(rand, 'ref', 'steady', 300),
        traces(rand, 'cur', 'steady', 300),
        traces(rand, 'ref', 'slowed', 300),
        traces(rand, 'cur', 'slowed', 300, { steps: 10 }),
      ],
    },
    { alpha: 0.05 },
  )

  it('matches the response contract: every number finite, NaN turned into null', () => {
    for (const g of groups) expect(() => DriftGroup.parse(g)).not.toThrow()
  })

  it('flags a doubled latency with its KS statistics, percentiles and log histogram', () => {
    const f = feature(groups, 'slowed', 'gpt-4o', 'latency-ms')
    expect(f).toMatchObject({ test: 'ks', status: 'ok', nRef: 400, nCur: 400, threshold: 0.1, drifted: true })
    expect(f.statistic).toBe(f.effectSize)
    expect(f.statistic!).toBeGreaterThan(0.5)
    expect(f.pAdjusted!).toBeLessThan(1e-6)
    expect(f.relativeMedianShift!).toBeCloseTo(1, 0)
    expect(f.quantiles.cur!.p50 / f.quantiles.ref!.p50).toBeGreaterThan(1.6)
    expect(f.histogram!.scale).toBe('log')
    expect(f.histogram!.edges).toHaveLength(f.histogram!.ref.length + 1)
    expect(f.histogram!.ref.reduce((a, b) => a + b, 0)).toBe(400)
    expect(f.histogram!.cur.reduce((a, b) => a + b, 0)).toBe(400)
  })

  it('flags a higher error rate with the two-proportion test', () => {
    const f = feature(groups, 'slowed', 'gpt-4o', 'call-error-rate')
    expect(f).toMatchObject({
      test: 'two-proportion',
      drifted: true,
      histogram: null,
      quantiles: { ref: null, cur: null },
      relativeMedianShift: null,
    })
    expect(f.rateCur! - f.rateRef!).toBeCloseTo(f.effectSize!, 12)
    expect(f.statistic!).toBeGreaterThan(4)
  })

  it('flags more steps per trace with chi-square, Jensen-Shannon effect and category histogram', () => {
    const f = feature(groups, 'slowed', '', 'steps-per-trace')
    expect(f).toMatchObject({ test: 'chi-square', drifted: true, nRef: 300, nCur: 300, threshold: 0.01 })
    expect(f.effectSize!).toBeGreaterThan(0.1)
    expect(f.effectSize!).toBeLessThanOrEqual(1)
    const h = f.histogram!
    expect(h.scale).toBe('categories')
    expect(h.labels).toHaveLength(h.ref.length)
    expect(h.edges).toHaveLength(h.ref.length + 1)
    expect(h.cur.reduce((a, b) => a + b, 0)).toBe(300)
    expect(f.quantiles.ref!.p50).toBe(6)
    expect(f.quantiles.cur!.p50).toBe(10)
  })

  it('does not flag unchanged features', () => {
    const steady = groups.filter((g) => g.agentName === 'steady' && g.model !== 'gpt-5')
    expect(steady).toHaveLength(2)
    for (const g of steady) {
      expect(g.drifted).toBe(false)
      for (const f of g.features) expect(f.status).toBe('ok')
    }
  })

  it('reports insufficient data below 100 samples in either window: never drifted, no p-values', () => {
    const rare = groups.find((g) => g.agentName === 'rare')!
    expect(rare.features.map((f) => f.status)).toEqual([
      'insufficient-data',
      'insufficient-data',
      'insufficient-data',
      'insufficient-data',
    ])
    for (const f of rare.features) {
      expect(f).toMatchObject({
        nRef: 60,
        nCur: 300,
        drifted: false,
        pValue: null,
        pAdjusted: null,
        statistic: null,
        effectSize: null,
      })
    }
    const f = feature(groups, 'rare', 'gpt-4o', 'latency-ms')
    expect(f.quantiles.ref).not.toBeNull()
    expect(f.histogram!.ref.reduce((a, b) => a + b, 0)).toBe(60)
    // a model seen only in the current window: an empty reference, null reference percentiles
    const fresh = feature(groups, 'steady', 'gpt-5', 'latency-ms')
    expect(fresh).toMatchObject({ status: 'insufficient-data', nRef: 0, nCur: 200, quantiles: { ref: null } })
    expect(feature(groups, 'steady', 'gpt-5', 'call-error-rate').rateRef).toBeNull()
  })

  it('adjusts with Benjamini-Hochberg across every tested feature of the whole report', () => {
    const tested = groups.flatMap((g) => g.features).filter((f) => f.status === 'ok')
    expect(tested).toHaveLength(2 * 4 + 2 * 4)
    const { adjusted } = benjaminiHochberg(tested.map((f) => f.pValue!))
    tested.forEach((f, i) => {
      expect(f.pAdjusted).toBeCloseTo(adjusted[i]!, 14)
      expect(f.pAdjusted!).toBeGreaterThanOrEqual(f.pValue!)
      expect(f.drifted).toBe(f.pAdjusted! < 0.05 && Math.abs(f.effectSize!) >= f.threshold)
    })
  })

  it('puts groups with a drifted feature first, then orders by agent and model', () => {
    expect(groups.map((g) => [g.agentName, g.model, g.drifted])).toEqual([
      ['slowed', '', true],
      ['slowed', 'gpt-4o', true],
      ['rare', 'gpt-4o', false],
      ['steady', '', false],
      ['steady', 'gpt-4o', false],
      ['steady', 'gpt-5', false],
    ])
    expect(groups[0]!.features.map((f) => f.feature)).toEqual([
      'cost-per-trace-usd',
      'steps-per-trace',
      'retries-per-trace',
      'trace-error-rate',
    ])
    expect(groups[1]!.features.map((f) => f.feature)).toEqual([
      'latency-ms',
      'input-tokens-per-call',
      'output-tokens-per-call',
      'call-error-rate',
    ])
  })

  it('returns no groups for no samples', () => {
    expect(buildDriftReport({ calls: [], traces: [] }, { alpha: 0.05 })).toEqual([])
  })

  it('gives a null relative median shift when the reference median is 0', () => {
    const zero = (window: 'ref' | 'cur'): CallWindowSample => ({
      window,
      agentName: 'a',
      model: 'm',
      latencyMs: new Array(150).fill(0),
      inputTokens: new Array(150).fill(0),
      outputTokens: new Array(150).fill(0),
      calls: 150,
      errors: 0,
    })
    const [g] = buildDriftReport({ calls: [zero('ref'), zero('cur')], traces: [] }, { alpha: 0.05 })
    expect(g!.features[0]!.relativeMedianShift).toBeNull()
    expect(g!.features[0]!.histogram!.scale).toBe('linear')
    expect(() => DriftGroup.parse(g)).not.toThrow()
  })
})

describe('countBins', () => {
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i)
  it.each([
    ['all zero (retries)', new Array(100).fill(0), ['0', '1'], [0, 1, 2]],
    ['zero or one', [...new Array(90).fill(0), ...new Array(10).fill(1)], ['0', '1'], [0, 1, 2]],
    ['a few values', range(3, 8), ['3', '4', '5', '6', '7', '8'], [3, 4, 5, 6, 7, 8, 9]],
  ])('%s', (_, values, labels, edges) => {
    const bins = countBins(values, values)
    expect(bins.labels).toEqual(labels)
    expect(bins.edges).toEqual(edges)
  })

  it('groups a wide range into at most 13 integer bins, open at the ends', () => {
    const values = range(0, 100)
    const bins = countBins(values, [])
    // pooled 5th and 95th percentiles: 5 and 95, a span of 90 → bins of 8
    expect(bins.labels).toEqual([
      '≤12',
      '13–20',
      '21–28',
      '29–36',
      '37–44',
      '45–52',
      '53–60',
      '61–68',
      '69–76',
      '77–84',
      '85–92',
      '≥93',
    ])
    expect(bins.edges).toEqual([0, 13, 21, 29, 37, 45, 53, 61, 69, 77, 85, 93, 101])
    expect([0, 5, 12, 13, 92, 93, 100].map(bins.index)).toEqual([0, 0, 0, 1, 10, 11, 11])
  })
})
