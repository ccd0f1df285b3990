/**
 * @module store/span-row
 * Pure mapping between `SpanRecord` and the `spans` table row. The table stores '' for absent
 * strings and 'none' for an absent cost source; the API speaks null.
 */
import type { CostSource, SpanEvent, SpanKind, SpanLink, SpanStatus } from '@loupe/schema'
import type { SpanRecord } from '../normalise/span-record.ts'

/** The row as written (JSONEachRow). Times are decimal Unix nanoseconds. */
export interface SpanRowIn {
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
  duration_ns: string
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

/** The row as read: the SELECT in sql.ts returns times as nanosecond strings and duration in ms. */
export interface SpanRowOut extends Omit<SpanRowIn, 'duration_ns'> {
  duration_ms: number
}

const MAX_U32 = 4294967295

export function toRow(s: SpanRecord): SpanRowIn {
  const start = BigInt(s.startTimeUnixNano)
  const end = BigInt(s.endTimeUnixNano)
  return {
    project_id: s.projectId,
    trace_id: s.traceId,
    span_id: s.spanId,
    parent_span_id: s.parentSpanId ?? '',
    name: s.name,
    service_name: s.serviceName,
    kind: s.kind,
    operation_name: s.operationName ?? '',
    status: s.status,
    status_message: s.statusMessage,
    error_type: s.errorType ?? '',
    start_time: s.startTimeUnixNano,
    end_time: s.endTimeUnixNano,
    duration_ns: (end > start ? end - start : 0n).toString(),
    model: s.model ?? '',
    provider: s.provider ?? '',
    input_tokens: Math.min(s.inputTokens, MAX_U32),
    output_tokens: Math.min(s.outputTokens, MAX_U32),
    cache_read_tokens: Math.min(s.cacheReadTokens, MAX_U32),
    cache_write_tokens: Math.min(s.cacheWriteTokens, MAX_U32),
    reasoning_tokens: Math.min(s.reasoningTokens, MAX_U32),
    cost_usd: s.costUsd ?? 0,
    cost_source: s.costSource ?? 'none',
    is_rollup: s.isRollup,
    tool_name: s.toolName ?? '',
    tool_call_id: s.toolCallId ?? '',
    tool_arguments: s.toolArguments ?? '',
    tool_args_hash: s.toolArgsHash ?? '',
    tool_result: s.toolResult ?? '',
    agent_name: s.agentName ?? '',
    workflow_name: s.workflowName ?? '',
    session_id: s.sessionId ?? '',
    user_id: s.userId ?? '',
    mcp_session_id: s.mcpSessionId ?? '',
    input: s.input ?? '',
    output: s.output ?? '',
    scope_name: s.scopeName,
    attributes: s.attributes,
    resource_attributes: s.resourceAttributes,
    events: JSON.stringify(s.events),
    links: JSON.stringify(s.links),
  }
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

function orNull(s: string): string | null {
  return s === '' ? null : s
}
