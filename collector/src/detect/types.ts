/**
 * @module detect/types
 * What the loop and runaway detectors read (a light view of a normalised span), what they report
 * (a `Finding`) and the thresholds they use (`DetectorConfig`).
 */
import type { SpanRecord } from '../normalise/span-record.ts'
import { DETECTOR_IDS } from '@loupe/schema'

/** The fields of a span the detectors read; no attributes or events, so a whole trace stays light. */
export type DetectSpan = Pick<
  SpanRecord,
  | 'traceId'
  | 'spanId'
  | 'parentSpanId'
  | 'name'
  | 'kind'
  | 'status'
  | 'statusMessage'
  | 'errorType'
  | 'startTimeUnixNano'
  | 'endTimeUnixNano'
  | 'model'
  | 'inputTokens'
  | 'outputTokens'
  | 'costUsd'
  | 'isRollup'
  | 'toolName'
  | 'toolArguments'
  | 'toolResult'
  | 'agentName'
  | 'input'
  | 'output'
>

/** The detector ids are part of the API contract, so they live in @loupe/schema. */
export const DETECTORS = DETECTOR_IDS
type DetectorId = (typeof DETECTORS)[number]

type Severity = 'warning' | 'critical'

/**
 * One detected loop or runaway. Invariants: `spanIds` is in step order, starts with `firstSpanId`
 * and ends with `lastSpanId`; `wasted*` cover everything after the first occurrence.
 */
export interface Finding {
  detector: DetectorId
  severity: Severity
  message: string
  spanIds: string[]
  firstSpanId: string
  lastSpanId: string
  count: number
  wastedTokens: number
  wastedCostUsd: number
  /** the spans whose tokens and cost are counted as wasted (reports count each span once) */
  wastedSpanIds: string[]
}

/** Agent step-count statistics over the last 7 days, supplied by the caller. */
export interface StepHistory {
  median: number
  p99: number
}

export interface DetectorConfig {
  /** identical calls (same fingerprint, same result) for a warning / a critical finding */
  repeatWarning: number
  repeatCritical: number
  /** identical failures of one fingerprint in a row */
  errorRunWarning: number
  errorRunCritical: number
  /** a failure run that ends in a success is a retry that worked: reported only from this length */
  succeededRetryRun: number
  /** calls of one tool with an identical recorded result in a row */
  noProgressWarning: number
  noProgressCritical: number
  cycleMinPeriod: number
  cycleMaxPeriod: number
  cycleMinRepeats: number
  cycleCriticalRepeats: number
  nearDuplicateSimilarity: number
  nearDuplicateMinWords: number
  /** SimHash prefilter: pairs further apart than this many of 64 bits are never compared exactly */
  nearDuplicateMaxHamming: number
  nearDuplicateCriticalRun: number
  /** LLM + tool steps in one trace; null for no fixed cap */
  maxSteps: number | null
  historyMedianFactor: number
  costWindow: number
  costNoveltyBelow: number
  costWindowUsd: number
  costWindowTraceShare: number
  /** a flagged stretch costing this multiple of `costWindowUsd` is critical */
  costCriticalFactor: number
}

export const DEFAULT_DETECTOR_CONFIG: Readonly<DetectorConfig> = Object.freeze({
  repeatWarning: 3,
  repeatCritical: 5,
  errorRunWarning: 3,
  errorRunCritical: 5,
  succeededRetryRun: 5,
  noProgressWarning: 5,
  noProgressCritical: 10,
  cycleMinPeriod: 2,
  cycleMaxPeriod: 4,
  cycleMinRepeats: 3,
  cycleCriticalRepeats: 5,
  nearDuplicateSimilarity: 0.85,
  nearDuplicateMinWords: 20,
  nearDuplicateMaxHamming: 24,
  nearDuplicateCriticalRun: 4,
  maxSteps: 100,
  historyMedianFactor: 3,
  costWindow: 10,
  costNoveltyBelow: 0.3,
  costWindowUsd: 0.5,
  costWindowTraceShare: 0.5,
  costCriticalFactor: 4,
})
