/**
 * @module cli/testing
 * Hand-built readiness and drift reports and an alert history, shared by the CLI's unit tests. Not
 * used at runtime.
 */
import {
  type AlertDelivery,
  type AlertsResponse,
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

function delivery(over: Partial<AlertDelivery> & Pick<AlertDelivery, 'channel' | 'status'>): AlertDelivery {
  return {
    type: 'webhook',
    event: 'firing',
    attempts: 1,
    lastError: null,
    nextAttemptAt: null,
    deliveredAt: null,
    ...over,
  }
}

/** A trace id that reads like one, for output people look at. */
export const ALERT_TRACE = '0af7651916cd43dd8448eb211c80319c'

/**
 * Newest first: a trace-cost alert delivered to ops and still pending on team (3 tries); a
 * windowed user-spend alert that failed on team; an error-rate alert that fired and resolved,
 * with both notices delivered to ops. Fired on 2025-01-31, the day NOW is in the tests.
 */
export const ALERTS: AlertsResponse = {
  from: '2025-01-30T12:00:00.000Z',
  to: '2025-01-31T12:00:00.000Z',
  alerts: [
    {
      id: 'a3',
      rule: 'trace-cost',
      state: 'firing',
      subject: { kind: 'trace', value: ALERT_TRACE },
      traceId: ALERT_TRACE,
      value: 23.4123,
      threshold: 20,
      message: 'trace 0af76519… (planner) cost $23.41, over the $20 limit',
      link: `http://127.0.0.1:4318/traces/${ALERT_TRACE}`,
      stop: true,
      firedAt: '2025-01-31T11:58:02.000Z',
      resolvedAt: null,
      deliveries: [
        delivery({ channel: 'ops', status: 'delivered', deliveredAt: '2025-01-31T11:58:03.000Z' }),
        delivery({
          channel: 'team',
          type: 'slack',
          status: 'pending',
          attempts: 3,
          lastError: 'HTTP 503',
          nextAttemptAt: '2025-01-31T12:03:04.000Z',
        }),
      ],
    },
    {
      id: 'a2',
      rule: 'user-spend',
      state: 'firing',
      subject: { kind: 'userId', value: 'u-42' },
      traceId: null,
      value: 31.5,
      threshold: 25,
      message: 'user u-42 spent $31.50 over 1d (threshold $25)',
      link: 'http://127.0.0.1:4318/costs?userId=u-42',
      stop: false,
      firedAt: '2025-01-31T09:00:00.000Z',
      resolvedAt: null,
      deliveries: [
        delivery({ channel: 'team', type: 'slack', status: 'failed', attempts: 5, lastError: 'HTTP 404: no_service' }),
      ],
    },
    {
      id: 'a1',
      rule: 'errors',
      state: 'resolved',
      subject: { kind: 'agent', value: 'planner' },
      traceId: null,
      value: 0.125,
      threshold: 0.05,
      message: 'agent planner: 5 of 40 calls failed over 1h (12.5%, threshold 5%)',
      link: 'http://127.0.0.1:4318/traces?agent=planner&status=error',
      stop: false,
      firedAt: '2025-01-30T14:00:00.000Z',
      resolvedAt: '2025-01-30T15:00:00.000Z',
      deliveries: [
        delivery({ channel: 'ops', status: 'delivered', deliveredAt: '2025-01-30T14:00:01.000Z' }),
        delivery({ channel: 'ops', event: 'resolved', status: 'delivered', attempts: 2 }),
      ],
    },
  ],
}
