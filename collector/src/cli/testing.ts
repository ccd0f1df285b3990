/**
 * @module cli/testing
 * Hand-built readiness and drift reports, shared by the CLI's unit tests. Not used at runtime.
 */
import {
  CHECK_IDS,
  type CheckId,
  type DriftFeature,
  type DriftResponse,
  type ReadinessCheck,
  type ReadinessResponse,
  type Verdict,
} from '@loupe/schema'

/** A valid 32-hex trace id for a small number: tid(1) = '000…01'. */
export const tid = (n: number): string => n.toString(16).padStart(32, '0')

function check(id: CheckId, verdict: Verdict, over: Partial<ReadinessCheck> = {}): ReadinessCheck {
  return {
    id,
    title: `Title of ${id}`,
    verdict,
    summary: `${id} is ${verdict}.`,
    figures: {},
    exampleTraceIds: [],
    ...over,
  }
}

/** Every check passes except the ones given. */
function checks(special: Partial<Record<CheckId, ReadinessCheck>>): ReadinessCheck[] {
  return CHECK_IDS.map((id) => special[id] ?? check(id, 'pass'))
}

/**
 * shop-api / reckless fails step-limit (two example traces), warns on guardrails (none) and cannot
 * be judged on cost-budget; shop-api / careful passes all but cost-budget (unknown).
 */
export const READINESS: ReadinessResponse = {
  from: '2025-01-30T12:00:00.000Z',
  to: '2025-01-31T12:00:00.000Z',
  tracesInRange: 12,
  tracesAnalysed: 12,
  policy: {
    source: null,
    budgetUsd: null,
    toolTimeoutMs: 30_000,
    riskyToolPatterns: ['send'],
    allowedTools: null,
    agents: [],
  },
  agents: [
    {
      serviceName: 'shop-api',
      agentName: 'reckless',
      traces: 8,
      spans: 80,
      verdict: 'fail',
      counts: { pass: 7, warn: 1, fail: 1, unknown: 1 },
      checks: checks({
        'step-limit': check('step-limit', 'fail', {
          title: 'Step limit',
          summary: 'The longest run took 30 steps; the limit is 12.',
          figures: { stepsMax: 30, maxSteps: 12, stepsP95: null },
          exampleTraceIds: [tid(1), tid(2)],
        }),
        'cost-budget': check('cost-budget', 'unknown', { figures: { budgetUsd: null } }),
        guardrails: check('guardrails', 'warn', {
          title: 'Guardrails',
          summary: 'No guardrail spans, in 8 traces.',
          figures: { guardrailSpans: 0 },
        }),
      }),
    },
    {
      serviceName: 'shop-api',
      agentName: 'careful',
      traces: 4,
      spans: 30,
      verdict: 'unknown',
      counts: { pass: 9, warn: 0, fail: 0, unknown: 1 },
      checks: checks({ 'cost-budget': check('cost-budget', 'unknown', { figures: { budgetUsd: null } }) }),
    },
  ],
}

function feature(over: Partial<DriftFeature> & Pick<DriftFeature, 'feature' | 'test'>): DriftFeature {
  return {
    status: 'ok',
    nRef: 400,
    nCur: 120,
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

const q = (p50: number) => ({ p50, p95: p50 * 2, p99: p50 * 3 })

/**
 * planner / gpt-4o: input tokens stable, latency drifted (listed second by the server), call
 * error rate with too few samples; planner / all models: steps stable, trace error rate stable.
 */
export const DRIFT: DriftResponse = {
  current: { from: '2025-01-30T12:00:00.000Z', to: '2025-01-31T12:00:00.000Z' },
  reference: { from: '2025-01-23T12:00:00.000Z', to: '2025-01-30T12:00:00.000Z' },
  alpha: 0.05,
  minSamples: 30,
  groups: [
    {
      agentName: 'planner',
      model: 'gpt-4o',
      drifted: true,
      features: [
        feature({ feature: 'input-tokens-per-call', test: 'ks', quantiles: { ref: q(1000), cur: q(1010) } }),
        feature({
          feature: 'latency-ms',
          test: 'ks',
          statistic: 0.93,
          pValue: 1e-40,
          pAdjusted: 3e-39,
          effectSize: 0.93,
          drifted: true,
          quantiles: { ref: q(800), cur: q(1650) },
          relativeMedianShift: 1.06,
        }),
        feature({
          feature: 'call-error-rate',
          test: 'two-proportion',
          status: 'insufficient-data',
          nRef: 400,
          nCur: 12,
          statistic: null,
          pValue: null,
          pAdjusted: null,
          effectSize: null,
          threshold: 0.02,
          rateRef: 0.01,
          rateCur: null,
        }),
      ],
    },
    {
      agentName: 'planner',
      model: '',
      drifted: false,
      features: [
        feature({
          feature: 'steps-per-trace',
          test: 'chi-square',
          statistic: 12.4,
          pAdjusted: 0.0042,
          effectSize: 0.012,
          threshold: 0.05,
          quantiles: { ref: q(3), cur: q(3.5) },
        }),
        feature({
          feature: 'trace-error-rate',
          test: 'two-proportion',
          statistic: -1.2,
          effectSize: -0.004,
          threshold: 0.02,
          rateRef: 0.02,
          rateCur: 0.016,
        }),
      ],
    },
  ],
}
