/**
 * The drift report's error rates, measured over many seeded random draws through the report
 * itself (its options, its Benjamini-Hochberg step): with nothing shifted, features are flagged at
 * about the significance level or less; with a real shift, almost always.
 * Tolerance: a false-alarm fraction over N draws has standard deviation √(α(1−α)/N), so the bound
 * is α + 3σ (exceeded by chance about once in 700 runs of a correctly sized test; fixed seeds make
 * each run the same anyway).
 */
import type { DriftFeature, DriftGroup } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { buildDriftReport, type CallWindowSample, type TraceWindowSample } from './report.ts'
import { logNormals, mulberry32, poissons, successes } from './testing.ts'

const ALPHA = 0.05
const DRAWS = 300
const N = 200
const BOUND = ALPHA + 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / DRAWS)

type Rand = () => number

interface Shift {
  latency?: number
  errorRate?: number
  n?: number
}

function callSample(rand: Rand, window: 'ref' | 'cur', s: Shift = {}): CallWindowSample {
  const n = s.n ?? N
  return {
    window,
    agentName: 'agent',
    model: 'gpt-4o',
    // latencies log-normal around 800 ms (log-scale sd 0.4); tokens log-normal, rounded
    latencyMs: logNormals(rand, n, 800 * (s.latency ?? 1), 0.4),
    inputTokens: logNormals(rand, n, 1200, 0.5).map(Math.round),
    outputTokens: logNormals(rand, n, 150, 0.5).map(Math.round),
    calls: n,
    errors: successes(rand, n, s.errorRate ?? 0.05),
  }
}

function traceSample(rand: Rand, window: 'ref' | 'cur'): TraceWindowSample {
  return {
    window,
    agentName: 'agent',
    costUsd: logNormals(rand, N, 0.02, 0.6),
    steps: poissons(rand, N, 6),
    retries: poissons(rand, N, 0.2),
    traces: N,
    errors: successes(rand, N, 0.05),
  }
}

/** `DRAWS` reports, each from fresh random samples. */
function draws(seed: number, build: (rand: Rand) => DriftGroup[]): DriftGroup[][] {
  const rand = mulberry32(seed)
  return Array.from({ length: DRAWS }, () => build(rand))
}

const fraction = (reports: DriftGroup[][], hit: (groups: DriftGroup[]) => boolean): number =>
  reports.filter(hit).length / DRAWS

const feature = (groups: DriftGroup[], id: DriftFeature['feature']): DriftFeature =>
  groups.flatMap((g) => g.features).find((f) => f.feature === id)!

const callsOnly = (shift: Shift) => (rand: Rand) =>
  buildDriftReport(
    { calls: [callSample(rand, 'ref', { n: shift.n }), callSample(rand, 'cur', shift)], traces: [] },
    { alpha: ALPHA },
  )

describe('false alarms and power over repeated random draws', () => {
  it('KS (latency): unshifted windows are rejected at about alpha, and flagged no more often', () => {
    const reports = draws(1, callsOnly({}))
    const rejected = fraction(reports, (g) => feature(g, 'latency-ms').pValue! < ALPHA)
    const flagged = fraction(reports, (g) => feature(g, 'latency-ms').drifted)
    expect(rejected).toBeLessThanOrEqual(BOUND)
    // the asymptotic KS p-value is slightly conservative, not useless
    expect(rejected).toBeGreaterThanOrEqual(0.01)
    expect(flagged).toBeLessThanOrEqual(rejected)
  })

  it('KS (latency): a +30% shift is flagged in at least 95% of draws', () => {
    expect(
      fraction(draws(2, callsOnly({ latency: 1.3 })), (g) => feature(g, 'latency-ms').drifted),
    ).toBeGreaterThanOrEqual(0.95)
  })

  it('two-proportion (call errors): an unchanged 5% rate is rejected at about alpha', () => {
    const reports = draws(3, callsOnly({}))
    const rejected = fraction(reports, (g) => feature(g, 'call-error-rate').pValue! < ALPHA)
    expect(rejected).toBeLessThanOrEqual(BOUND)
    expect(rejected).toBeGreaterThanOrEqual(0.01)
    expect(fraction(reports, (g) => feature(g, 'call-error-rate').drifted)).toBeLessThanOrEqual(rejected)
  })

  it('two-proportion (call errors): 5% → 15% over 400 calls per window is flagged in at least 95% of draws', () => {
    expect(
      fraction(draws(4, callsOnly({ errorRate: 0.15, n: 400 })), (g) => feature(g, 'call-error-rate').drifted),
    ).toBeGreaterThanOrEqual(0.95)
  })

  it('whole report with nothing shifted: some feature of the eight flagged in at most about alpha of the draws', () => {
    const build = (rand: Rand) =>
      buildDriftReport(
        {
          calls: [callSample(rand, 'ref'), callSample(rand, 'cur')],
          traces: [traceSample(rand, 'ref'), traceSample(rand, 'cur')],
        },
        { alpha: ALPHA },
      )
    // Benjamini-Hochberg controls the family-wise rate at alpha when every null is true
    expect(fraction(draws(5, build), (g) => g.some((x) => x.drifted))).toBeLessThanOrEqual(BOUND)
  })
})
