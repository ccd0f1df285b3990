/**
 * @module drift
 * The drift report's contract: a reference window against a current window, per agent and model,
 * one entry per feature with the test used, its statistic, p-value (raw and Benjamini-Hochberg
 * adjusted), effect size, threshold, verdict, percentiles and histograms on shared bins.
 */
import { z } from 'zod'
import { TimeParam } from './api.ts'

export const DRIFT_FEATURES = [
  'latency-ms',
  'input-tokens-per-call',
  'output-tokens-per-call',
  'call-error-rate',
  'cost-per-trace-usd',
  'steps-per-trace',
  'retries-per-trace',
  'trace-error-rate',
] as const
export const DriftFeatureId = z.enum(DRIFT_FEATURES)
export type DriftFeatureId = z.infer<typeof DriftFeatureId>

export const DriftQuery = z.object({
  from: TimeParam.optional().describe('start of the current window (default: 24 hours before `to`)'),
  to: TimeParam.optional().describe('end of the current window, exclusive (default: now)'),
  referenceFrom: TimeParam.optional().describe('start of the reference window (default: 7 days before `referenceTo`)'),
  referenceTo: TimeParam.optional().describe("end of the reference window (default: the current window's start)"),
  service: z.string().min(1).max(200).optional(),
  agent: z.string().min(1).max(200).optional(),
  model: z.string().min(1).max(200).optional(),
  alpha: z.coerce.number().gt(0).lt(1).default(0.05).describe('significance level, after Benjamini-Hochberg'),
})
export type DriftQuery = z.infer<typeof DriftQuery>

const Percentiles = z.object({ p50: z.number(), p95: z.number(), p99: z.number() })

export const DriftFeature = z.object({
  feature: DriftFeatureId,
  test: z.enum(['ks', 'chi-square', 'two-proportion']),
  status: z.enum(['ok', 'insufficient-data']),
  nRef: z.number().int(),
  nCur: z.number().int(),
  /** KS D, chi-square X², or the z of the two-proportion test */
  statistic: z.number().nullable(),
  pValue: z.number().nullable(),
  /** after Benjamini-Hochberg across every tested feature of the report */
  pAdjusted: z.number().nullable(),
  /** KS D, Jensen-Shannon divergence (bits), or the rate difference */
  effectSize: z.number().nullable(),
  /** the minimum effect size that counts as drift */
  threshold: z.number(),
  drifted: z.boolean(),
  /** null for rates and when a window is empty */
  quantiles: z.object({ ref: Percentiles.nullable(), cur: Percentiles.nullable() }),
  /** ref and cur counts on shared bins; for counts features one bin per category */
  histogram: z
    .object({
      edges: z.array(z.number()),
      labels: z.array(z.string()),
      ref: z.array(z.number()),
      cur: z.array(z.number()),
      scale: z.enum(['linear', 'log', 'categories']),
    })
    .nullable(),
  /** rates only */
  rateRef: z.number().nullable(),
  rateCur: z.number().nullable(),
  /** continuous only: (median_cur − median_ref) / |median_ref| */
  relativeMedianShift: z.number().nullable(),
})
export type DriftFeature = z.infer<typeof DriftFeature>

export const DriftGroup = z.object({
  agentName: z.string(),
  /** '' for the per-trace features of the agent (all models) */
  model: z.string(),
  drifted: z.boolean(),
  features: z.array(DriftFeature),
})
export type DriftGroup = z.infer<typeof DriftGroup>

export const DriftResponse = z.object({
  current: z.object({ from: z.string(), to: z.string() }),
  reference: z.object({ from: z.string(), to: z.string() }),
  alpha: z.number(),
  minSamples: z.number().int(),
  /** groups with at least one drifted feature first */
  groups: z.array(DriftGroup),
})
export type DriftResponse = z.infer<typeof DriftResponse>
