/**
 * @module settle/settle-span
 * The light view of a span that settling reads: no content, attributes or events, so settling a
 * batch of traces costs a fraction of what writing them did.
 */
import type { SpanRecord } from '../normalise/span-record.ts'

export type SettleSpan = Pick<SpanRecord,
  | 'projectId' | 'traceId' | 'spanId' | 'parentSpanId' | 'name' | 'serviceName' | 'kind' | 'status'
  | 'startTimeUnixNano' | 'endTimeUnixNano' | 'model' | 'provider' | 'inputTokens' | 'outputTokens'
  | 'cacheReadTokens' | 'cacheWriteTokens' | 'reasoningTokens' | 'costUsd' | 'costSource' | 'isRollup'
  | 'toolName' | 'agentName' | 'sessionId' | 'userId'>

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
