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

/**
 * The settle view of a freshly normalised span, the same projection as the store's settle read:
 * the display input of LLM spans only, and the output of LLM and failed spans only.
 */
export function toSettleSpan(r: SpanRecord): SettleSpan {
  const llm = r.kind === 'llm'
  return {
    projectId: r.projectId,
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    name: r.name,
    serviceName: r.serviceName,
    kind: r.kind,
    status: r.status,
    startTimeUnixNano: r.startTimeUnixNano,
    endTimeUnixNano: r.endTimeUnixNano,
    model: r.model,
    provider: r.provider,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cacheReadTokens: r.cacheReadTokens,
    cacheWriteTokens: r.cacheWriteTokens,
    reasoningTokens: r.reasoningTokens,
    costUsd: r.costUsd,
    costSource: r.costSource,
    isRollup: r.isRollup,
    toolName: r.toolName,
    agentName: r.agentName,
    sessionId: r.sessionId,
    userId: r.userId,
    statusMessage: r.statusMessage,
    errorType: r.errorType,
    toolArguments: r.toolArguments,
    toolResult: r.toolResult,
    input: llm ? r.input : null,
    output: llm || r.status === 'error' ? r.output : null,
    scopeName: r.scopeName,
  }
}
