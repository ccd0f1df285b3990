/**
 * @module span
 * The canonical span: what every convention (OTel GenAI, OpenInference, OpenLLMetry, AI SDK,
 * Langfuse, LangSmith, Pydantic AI, ADK, MCP) is normalised into, as the API returns it.
 */
import { z } from 'zod'
import { SpanId, TraceId, UnixNano } from './ids.ts'

export const SPAN_KINDS = ['llm', 'embedding', 'tool', 'agent', 'chain', 'retriever', 'guardrail', 'other'] as const
export const SpanKind = z.enum(SPAN_KINDS)
export type SpanKind = z.infer<typeof SpanKind>

export const SPAN_STATUSES = ['unset', 'ok', 'error'] as const
export const SpanStatus = z.enum(SPAN_STATUSES)
export type SpanStatus = z.infer<typeof SpanStatus>

/** reported: the span carried its own cost; computed: from the price table; unpriced: tokens but no known price. */
export const COST_SOURCES = ['reported', 'computed', 'unpriced'] as const
export const CostSource = z.enum(COST_SOURCES)
export type CostSource = z.infer<typeof CostSource>

export const SpanEvent = z.object({
  timeUnixNano: UnixNano,
  name: z.string(),
  attributes: z.record(z.string(), z.string()),
})
export type SpanEvent = z.infer<typeof SpanEvent>

export const SpanLink = z.object({
  traceId: z.string(),
  spanId: z.string(),
  attributes: z.record(z.string(), z.string()),
})
export type SpanLink = z.infer<typeof SpanLink>

/**
 * One normalised span as served by `GET /api/traces/:traceId`.
 * Token counts follow OTel: input includes cached tokens, output includes reasoning tokens.
 * Attribute values are strings: strings as sent, everything else as JSON.
 */
export const Span = z.object({
  traceId: TraceId,
  spanId: SpanId,
  parentSpanId: SpanId.nullable(),
  name: z.string(),
  serviceName: z.string(),
  kind: SpanKind,
  /** gen_ai.operation.name or the convention's equivalent (chat, execute_tool, invoke_agent, ...) */
  operationName: z.string().nullable(),
  status: SpanStatus,
  statusMessage: z.string(),
  errorType: z.string().nullable(),
  startTimeUnixNano: UnixNano,
  endTimeUnixNano: UnixNano,
  durationMs: z.number(),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
  reasoningTokens: z.number().int().nonnegative(),
  /** null when there is no cost to speak of, or when the model is unpriced */
  costUsd: z.number().nullable(),
  costSource: CostSource.nullable(),
  /** agent/chain span repeating its children's summed usage: shown, never added to totals */
  isRollup: z.boolean(),
  toolName: z.string().nullable(),
  toolCallId: z.string().nullable(),
  /** canonical JSON (sorted keys, no whitespace) when the arguments parse, else the raw text */
  toolArguments: z.string().nullable(),
  /** SHA-256 hex of toolArguments */
  toolArgsHash: z.string().nullable(),
  toolResult: z.string().nullable(),
  agentName: z.string().nullable(),
  workflowName: z.string().nullable(),
  sessionId: z.string().nullable(),
  userId: z.string().nullable(),
  mcpSessionId: z.string().nullable(),
  /** display text: JSON of the messages or the raw value; on tool spans only what is not already toolArguments/toolResult */
  input: z.string().nullable(),
  output: z.string().nullable(),
  scopeName: z.string(),
  attributes: z.record(z.string(), z.string()),
  resourceAttributes: z.record(z.string(), z.string()),
  events: z.array(SpanEvent),
  links: z.array(SpanLink),
})
export type Span = z.infer<typeof Span>
