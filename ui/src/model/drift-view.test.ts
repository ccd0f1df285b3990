import type { DriftFeature, DriftGroup } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import {
  featureKey,
  featureRow,
  featureVerdict,
  formatP,
  groupViews,
  histogramBins,
  parseDriftState,
  referenceParams,
  relativeChange,
  spanText,
  windowText,
  type DriftState,
} from './drift-view.ts'

function feature(over: Partial<DriftFeature> & Pick<DriftFeature, 'feature' | 'test'>): DriftFeature {
  return {
    status: 'ok',
    nRef: 150,
    nCur: 140,
    statistic: 0.05,
    pValue: 0.6,
    pAdjusted: 0.8,
    effectSize: 0.05,
    threshold: 0.1,
    drifted: false,
    quantiles: { ref: null, cur: null },
    histogram: null,
    rateRef: null,
    rateCur: null,
    relativeMedianShift: null,
    ...over,
  }
}

const slowLatency = feature({
  feature: 'latency-ms',
  test: 'ks',
  statistic: 0.93,
  pValue: 1e-40,
  pAdjusted: 3e-39,
  effectSize: 0.93,
  drifted: true,
  quantiles: { ref: { p50: 400, p95: 620, p99: 700 }, cur: { p50: 800, p95: 1240, p99: 1400 } },
  histogram: {
    edges: [100, 200, 400, 800, 1600],
    labels: [],
    ref: [10, 100, 40, 0],
    cur: [0, 5, 95, 40],
    scale: 'log',
  },
  relativeMedianShift: 1,
})
const errors = feature({
  feature: 'call-error-rate',
  test: 'two-proportion',
  statistic: -0.4,
  effectSize: -0.004,
  threshold: 0.02,
  rateRef: 0.02,
  rateCur: 0.016,
})
const steps = feature({
  feature: 'steps-per-trace',
  test: 'chi-square',
  status: 'insufficient-data',
  nRef: 30,
  nCur: 12,
  statistic: null,
  pValue: null,
  pAdjusted: null,
  effectSize: null,
  threshold: 0.01,
  quantiles: { ref: { p50: 3, p95: 5, p99: 5 }, cur: { p50: 3, p95: 4.5, p99: 5 } },
  histogram: { edges: [], labels: ['0', '1', '≥2'], ref: [0, 10, 20], cur: [0, 6, 6], scale: 'categories' },
})

describe('parseDriftState', () => {
  it.each<[string, DriftState]>([
    ['', { filters: {}, reference: { mode: 'default' } }],
    [
      'agent=%20planner%20&model=gpt-4o&service=',
      { filters: { agent: 'planner', model: 'gpt-4o' }, reference: { mode: 'default' } },
    ],
    ['ref=previous', { filters: {}, reference: { mode: 'previous' } }],
    [
      'ref=custom&referenceFrom=1000&referenceTo=5000',
      { filters: {}, reference: { mode: 'custom', fromMs: 1000, toMs: 5000 } },
    ],
    ['ref=custom&referenceFrom=5000&referenceTo=1000', { filters: {}, reference: { mode: 'default' } }],
    ['ref=custom&referenceFrom=x', { filters: {}, reference: { mode: 'default' } }],
    [
      'alpha=0.01&open=a%7C%7Clatency-ms',
      { filters: {}, reference: { mode: 'default' }, alpha: 0.01, open: 'a||latency-ms' },
    ],
    ['alpha=2', { filters: {}, reference: { mode: 'default' } }],
  ])('%s', (search, want) => {
    expect(parseDriftState(new URLSearchParams(search))).toEqual(want)
  })
})

describe('referenceParams', () => {
  const current = { from: 10_000, to: 13_000 }
  it.each<[DriftState['reference'], object]>([
    [{ mode: 'default' }, {}],
    [{ mode: 'previous' }, { referenceFrom: 7_000, referenceTo: 10_000 }],
    [
      { mode: 'custom', fromMs: 1, toMs: 2 },
      { referenceFrom: 1, referenceTo: 2 },
    ],
  ])('%j', (reference, want) => {
    expect(referenceParams({ filters: {}, reference }, current)).toEqual(want)
  })
})

describe('featureRow', () => {
  const g = { agentName: 'slow', model: 'gpt-4o' }
  it('reads a drifted continuous feature: p, effect against threshold, percentiles ref → cur', () => {
    const r = featureRow(g, slowLatency)
    expect(r).toMatchObject({
      key: 'slow|gpt-4o|latency-ms',
      label: 'Latency',
      test: 'KS',
      statistic: '0.930',
      pAdjusted: '< 0.0001',
      effect: '0.930',
      threshold: '0.100',
      large: true,
      verdict: 'drifted',
      rates: null,
      chartable: true,
    })
    expect(r.quantiles).toEqual([
      { q: 'p50', ref: '400ms', cur: '800ms', change: '+100%' },
      { q: 'p95', ref: '620ms', cur: '1.24s', change: '+100%' },
      { q: 'p99', ref: '700ms', cur: '1.40s', change: '+100%' },
    ])
  })
  it('reads a stable rate as percentages', () => {
    const r = featureRow(g, errors)
    expect(r).toMatchObject({ verdict: 'stable', effect: '-0.4%', threshold: '2.0%', large: false, quantiles: [] })
    expect(r.rates).toEqual({ ref: '2.0%', cur: '1.6%', change: '−20%' })
  })
  it('marks insufficient data without figures', () => {
    const r = featureRow({ agentName: '', model: '' }, steps)
    expect(r).toMatchObject({ verdict: 'insufficient', pAdjusted: '—', statistic: '—', effect: '—', large: false })
    expect(r.quantiles[1]).toEqual({ q: 'p95', ref: '5', cur: '4.5', change: '−10%' })
  })
  it.each<[Pick<DriftFeature, 'status' | 'drifted'>, string]>([
    [{ status: 'ok', drifted: true }, 'drifted'],
    [{ status: 'ok', drifted: false }, 'stable'],
    [{ status: 'insufficient-data', drifted: false }, 'insufficient'],
  ])('%j → %s', (f, v) => {
    expect(featureVerdict(f)).toBe(v)
  })
})

describe('groupViews', () => {
  const steady: DriftGroup = {
    agentName: 'steady',
    model: 'gpt-4o',
    drifted: false,
    features: [errors, { ...slowLatency, drifted: false }],
  }
  const slow: DriftGroup = { agentName: 'slow', model: 'gpt-4o', drifted: true, features: [errors, slowLatency] }
  const perTrace: DriftGroup = { agentName: '', model: '', drifted: false, features: [steps] }
  it('puts drifted groups first, untested ones last, and features in report order', () => {
    const v = groupViews({ groups: [perTrace, steady, slow] })
    expect(v.map((x) => x.label)).toEqual(['slow · gpt-4o', 'steady · gpt-4o', '(no agent) · per trace, all models'])
    expect(v[0]!.rows.map((r) => r.feature)).toEqual(['latency-ms', 'call-error-rate'])
    expect(v[0]).toMatchObject({ driftedCount: 1, insufficientCount: 0, tested: true })
    expect(v[2]).toMatchObject({ driftedCount: 0, insufficientCount: 1, tested: false })
  })
  it('keys features uniquely even with separators in names', () => {
    expect(featureKey({ agentName: 'a|b', model: 'm' }, 'latency-ms')).not.toBe(
      featureKey({ agentName: 'a', model: 'b|m' }, 'latency-ms'),
    )
  })
})

describe('histogramBins', () => {
  it('labels log bins by their edges and gives each window its shares', () => {
    const bins = histogramBins(slowLatency)
    expect(bins.map((b) => b.label)).toEqual(['100ms', '200ms', '400ms', '800ms'])
    expect(bins[2]).toEqual({
      label: '400ms',
      range: '400ms – 800ms',
      refCount: 40,
      curCount: 95,
      refShare: 40 / 150,
      curShare: 95 / 140,
    })
  })
  it('uses category labels for counts features', () => {
    expect(histogramBins(steps).map((b) => [b.label, b.refCount, b.curCount])).toEqual([
      ['0', 0, 0],
      ['1', 10, 6],
      ['≥2', 20, 6],
    ])
  })
  it('is empty without a histogram, and has no shares for an empty window', () => {
    expect(histogramBins(errors)).toEqual([])
    const empty = histogramBins({
      feature: 'latency-ms',
      histogram: { edges: [0, 1], labels: [], ref: [0], cur: [3], scale: 'linear' },
    })
    expect(empty).toEqual([{ label: '0ms', range: '0ms – 1.0ms', refCount: 0, curCount: 3, refShare: 0, curShare: 1 }])
  })
})

describe('text', () => {
  it.each<[number, number, string | null]>([
    [400, 800, '+100%'],
    [100, 91.5, '−8.5%'],
    [0, 0, '0%'],
    [0, 5, null],
    [10, 10, '0%'],
    [-10, -5, '+50%'],
  ])('%d → %d is %s', (a, b, s) => {
    expect(relativeChange(a, b)).toBe(s)
  })
  it.each<[number | null, string]>([
    [null, '—'],
    [0.00001, '< 0.0001'],
    [0.0042, '0.0042'],
    [0.049, '0.049'],
    [0.5, '0.500'],
  ])('p %s → %s', (p, s) => {
    expect(formatP(p)).toBe(s)
  })
  it.each([
    [30 * 60_000, '30 min'],
    [3_600_000, '1 h'],
    [36 * 3_600_000, '36 h'],
    [7 * 86_400_000, '7 days'],
    [1.5 * 86_400_000 * 2, '3 days'],
  ])('%d ms → %s', (ms, s) => {
    expect(spanText(ms)).toBe(s)
  })
  it('writes a window with its length', () => {
    expect(windowText({ from: '2026-11-01T10:00:00.000Z', to: '2026-11-08T10:00:00.000Z' })).toMatch(/→ .*\(7 days\)$/)
    expect(windowText({ from: 'x', to: 'y' })).toBe('x → y')
  })
})
