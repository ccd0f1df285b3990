/**
 * @module store/span-row
 * Pure mapping between `SpanRecord` and the `spans` table row. The table stores '' for absent
 * strings and 'none' for an absent cost source; the API speaks null.
 */
import type { CostSource, SpanEvent, SpanKind, SpanLink, SpanStatus } from '@loupe/schema'
import type { SpanRecord } from '../normalise/span-record.ts'

/**
 * Columns written, in the order `toRowValues` emits them. Rows are JSON arrays (JSONCompact)
 * because ClickHouse parses them markedly faster than keyed objects.
 */
export const INSERT_COLUMNS = [
  'project_id',
  'trace_id',
  'span_id',
  'parent_span_id',
  'name',
  'service_name',
  'kind',
  'operation_name',
  'status',
  'status_message',
  'error_type',
  'start_time',
  'end_time',
  'duration_ns',
  'model',
  'provider',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'cost_usd',
  'cost_source',
  'is_rollup',
  'tool_name',
  'tool_call_id',
  'tool_arguments',
  'tool_args_hash',
  'tool_result',
  'agent_name',
  'workflow_name',
  'session_id',
  'user_id',
  'mcp_session_id',
  'input',
  'output',
  'scope_name',
  'attributes',
  'resource_attributes',
  'events',
  'links',
] as const

/** The row as read back; times are decimal Unix nanoseconds, duration in ms. */
export interface SpanRowOut {
  project_id: string
  trace_id: string
  span_id: string
  parent_span_id: string
  name: string
  service_name: string
  kind: SpanKind
  operation_name: string
  status: SpanStatus
  status_message: string
  error_type: string
  start_time: string
  end_time: string
  duration_ms: number
  model: string
  provider: string
  input_tokens: number
  output_tokens: number
  cache_read_tokens: number
  cache_write_tokens: number
  reasoning_tokens: number
  cost_usd: number
  cost_source: CostSource | 'none'
  is_rollup: boolean
  tool_name: string
  tool_call_id: string
  tool_arguments: string
  tool_args_hash: string
  tool_result: string
  agent_name: string
  workflow_name: string
  session_id: string
  user_id: string
  mcp_session_id: string
  input: string
  output: string
  scope_name: string
  attributes: Record<string, string>
  resource_attributes: Record<string, string>
  events: string
  links: string
}

const MAX_U32 = 4294967295

/** One row's values in `INSERT_COLUMNS` order. */
export function toRowValues(s: SpanRecord): unknown[] {
  const start = BigInt(s.startTimeUnixNano)
  const end = BigInt(s.endTimeUnixNano)
  return [
    s.projectId,
    s.traceId,
    s.spanId,
    s.parentSpanId ?? '',
    s.name,
    s.serviceName,
    s.kind,
    s.operationName ?? '',
    s.status,
    s.statusMessage,
    s.errorType ?? '',
    s.startTimeUnixNano,
    s.endTimeUnixNano,
    (end > start ? end - start : 0n).toString(),
    s.model ?? '',
    s.provider ?? '',
    Math.min(s.inputTokens, MAX_U32),
    Math.min(s.outputTokens, MAX_U32),
    Math.min(s.cacheReadTokens, MAX_U32),
    Math.min(s.cacheWriteTokens, MAX_U32),
    Math.min(s.reasoningTokens, MAX_U32),
    s.costUsd ?? 0,
    s.costSource ?? 'none',
    s.isRollup,
    s.toolName ?? '',
    s.toolCallId ?? '',
    s.toolArguments ?? '',
    s.toolArgsHash ?? '',
    s.toolResult ?? '',
    s.agentName ?? '',
    s.workflowName ?? '',
    s.sessionId ?? '',
    s.userId ?? '',
    s.mcpSessionId ?? '',
    s.input ?? '',
    s.output ?? '',
    s.scopeName,
    s.attributes,
    s.resourceAttributes,
    JSON.stringify(s.events),
    JSON.stringify(s.links),
  ]
}

export function fromRow(r: SpanRowOut): SpanRecord {
  const priced = r.cost_source === 'reported' || r.cost_source === 'computed'
  return {
    projectId: r.project_id,
    traceId: r.trace_id,
    spanId: r.span_id,
    parentSpanId: orNull(r.parent_span_id),
    name: r.name,
    serviceName: r.service_name,
    kind: r.kind,
    operationName: orNull(r.operation_name),
    status: r.status,
    statusMessage: r.status_message,
    errorType: orNull(r.error_type),
    startTimeUnixNano: r.start_time,
    endTimeUnixNano: r.end_time,
    durationMs: r.duration_ms,
    model: orNull(r.model),
    provider: orNull(r.provider),
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    cacheReadTokens: r.cache_read_tokens,
    cacheWriteTokens: r.cache_write_tokens,
    reasoningTokens: r.reasoning_tokens,
    costUsd: priced ? r.cost_usd : null,
    costSource: r.cost_source === 'none' ? null : r.cost_source,
    isRollup: r.is_rollup,
    toolName: orNull(r.tool_name),
    toolCallId: orNull(r.tool_call_id),
    toolArguments: orNull(r.tool_arguments),
    toolArgsHash: orNull(r.tool_args_hash),
    toolResult: orNull(r.tool_result),
    agentName: orNull(r.agent_name),
    workflowName: orNull(r.workflow_name),
    sessionId: orNull(r.session_id),
    userId: orNull(r.user_id),
    mcpSessionId: orNull(r.mcp_session_id),
    input: orNull(r.input),
    output: orNull(r.output),
    scopeName: r.scope_name,
    attributes: r.attributes,
    resourceAttributes: r.resource_attributes,
    events: JSON.parse(r.events) as SpanEvent[],
    links: JSON.parse(r.links) as SpanLink[],
  }
}

/** '' as stored for an absent string, back to null. */
export function orNull(s: string): string | null {
  return s === '' ? null : s
}
