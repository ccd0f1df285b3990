/**
 * @module settle/settle-span
 * The view of a span that settling reads: no attributes or events. It carries the content the
 * loop detectors compare and no more: tool arguments and results, the input and output of LLM
 * spans, and the output of failed spans (framework step-limit errors). Other spans' display input
 * and output, often long (an agent's whole conversation), are read as null; the rest is light.
 */
import type { SpanRecord } from '../normalise/span-record.ts'

export type SettleSpan = Pick<
  SpanRecord,
  | 'projectId'
  | 'traceId'
  | 'spanId'
  | 'parentSpanId'
  | 'name'
  | 'serviceName'
  | 'kind'
  | 'status'
  | 'startTimeUnixNano'
  | 'endTimeUnixNano'
  | 'model'
  | 'provider'
  | 'inputTokens'
  | 'outputTokens'
  | 'cacheReadTokens'
  | 'cacheWriteTokens'
  | 'reasoningTokens'
  | 'costUsd'
  | 'costSource'
  | 'isRollup'
  | 'toolName'
  | 'agentName'
  | 'sessionId'
  | 'userId'
  | 'statusMessage'
  | 'errorType'
  | 'toolArguments'
  | 'toolResult'
  | 'input'
  | 'output'
  | 'scopeName'
>

/** USD → integer pico-dollars: exact to add, and the same rounding everywhere. */
export function costUnits(usd: number | null): bigint {
  return usd === null ? 0n : BigInt(Math.round(usd * 1e12))
}

export function unitsToUsd(units: bigint): number {
  return Number(units) / 1e12
}

/** An LLM or embedding call that counts: rollups repeat their children and never do. */
export function isCall(s: Pick<SettleSpan, 'kind' | 'isRollup'>): boolean {
  return (s.kind === 'llm' || s.kind === 'embedding') && !s.isRollup
}
