/**
 * @module normalise/normalise
 * Entry point of the pure normaliser: a decoded OTLP trace request in, one canonical
 * `SpanRecord` per span out, whatever convention (OTel GenAI, OpenInference, OpenLLMetry,
 * Vercel AI SDK, Langfuse, LangSmith, Pydantic AI, ADK, MCP) produced it.
 * Invariants: no span is dropped or reordered; every attribute is kept, raw, in `attributes`;
 * `costUsd` is only the span's self-reported cost (the cost engine fills the rest later);
 * `agentName` is the span's own (see `inherit.ts`). Records of one resource share one
 * `resourceAttributes` object: treat records as immutable.
 */
import {
  ERROR_TYPE_KEY,
  EXCEPTION_EVENT_NAME,
  EXCEPTION_TYPE_KEY,
  SERVICE_NAME_KEY,
  UNKNOWN_SERVICE,
} from '@loupe/schema'
import type { SpanEvent, SpanLink, SpanStatus } from '@loupe/schema'
import type { OtlpEvent, OtlpLink, OtlpSpan, OtlpTraceRequest } from '../otlp/types.ts'
import { AttrReader, flattenAttributes, toText } from './attributes.ts'
import { extractContext } from './context.ts'
import { reportedCostUsd } from './cost-reported.ts'
import { classifyKind, operationName } from './kind.ts'
import { extractInput, extractOutput } from './messages.ts'
import { extractModel, extractProvider } from './model.ts'
import type { SpanRecord } from './span-record.ts'
import { extractTokens, hasTokens } from './tokens.ts'
import { extractTool, NO_TOOL } from './tool.ts'

const STATUSES: readonly SpanStatus[] = ['unset', 'ok', 'error']

/** A parent id of '' or all zeros means "no parent". */
export function isNullSpanId(id: string): boolean {
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) !== 48 /* 0 */) return false
  return true
}

/** (end - start) in float milliseconds, computed on BigInt nanoseconds; never negative. */
export function durationMs(startUnixNano: string, endUnixNano: string): number {
  try {
    const d = BigInt(endUnixNano) - BigInt(startUnixNano)
    return d > 0n ? Number(d) / 1e6 : 0
  } catch {
    return 0
  }
}

function errorType(r: AttrReader, events: readonly OtlpEvent[]): string | null {
  const own = r.text(ERROR_TYPE_KEY)
  if (own !== undefined) return own
  for (const ev of events) {
    if (ev.name !== EXCEPTION_EVENT_NAME) continue
    const t = toText(ev.attributes[EXCEPTION_TYPE_KEY])
    if (t !== undefined) return t
  }
  return null
}

function toEvent(e: OtlpEvent): SpanEvent {
  return { timeUnixNano: e.timeUnixNano, name: e.name, attributes: flattenAttributes(e.attributes) }
}

function toLink(l: OtlpLink): SpanLink {
  return { traceId: l.traceId, spanId: l.spanId, attributes: flattenAttributes(l.attributes) }
}

/** What every span of one resource and scope shares. */
interface SpanScope {
  projectId: string
  serviceName: string
  scopeName: string
  resourceAttributes: Record<string, string>
}

/** One OTLP span as a canonical record. */
function normaliseSpan(span: OtlpSpan, scope: SpanScope): SpanRecord {
  const r = new AttrReader(span.attributes)
  const parentSpanId = isNullSpanId(span.parentSpanId) ? null : span.parentSpanId
  const kind = classifyKind(r, span.name)
  const op = operationName(r)
  const model = extractModel(r)
  const tokens = extractTokens(r, op, scope.scopeName)
  const ctx = { name: span.name, kind, isRoot: parentSpanId === null }
  const tool = kind === 'tool' ? extractTool(r, ctx) : NO_TOOL
  const context = extractContext(r, ctx)
  const cost = reportedCostUsd(r)
  // A tool span's arguments and result live in toolArguments/toolResult; input/output carry only
  // what differs from them, so the same text is not stored (and parsed by ClickHouse) twice.
  const input = distinct(extractInput(r, span.events), tool.toolArguments)
  const output = tool.resultFromMessage ? null : distinct(extractOutput(r, span.events), tool.toolResult)
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId,
    name: span.name,
    serviceName: scope.serviceName,
    kind,
    operationName: op,
    status: STATUSES[span.status.code] ?? 'unset',
    statusMessage: span.status.message,
    errorType: errorType(r, span.events),
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    durationMs: durationMs(span.startTimeUnixNano, span.endTimeUnixNano),
    model,
    provider: extractProvider(r, model),
    inputTokens: tokens.inputTokens,
    outputTokens: tokens.outputTokens,
    cacheReadTokens: tokens.cacheReadTokens,
    cacheWriteTokens: tokens.cacheWriteTokens,
    reasoningTokens: tokens.reasoningTokens,
    costUsd: cost,
    costSource: cost === null ? null : 'reported',
    isRollup: (kind === 'agent' || kind === 'chain') && hasTokens(tokens),
    toolName: tool.toolName,
    toolCallId: tool.toolCallId,
    toolArguments: tool.toolArguments,
    toolArgsHash: tool.toolArgsHash,
    toolResult: tool.toolResult,
    agentName: context.agentName,
    workflowName: context.workflowName,
    sessionId: context.sessionId,
    userId: context.userId,
    mcpSessionId: context.mcpSessionId,
    input,
    output,
    scopeName: scope.scopeName,
    attributes: flattenAttributes(span.attributes),
    resourceAttributes: scope.resourceAttributes,
    events: span.events.map(toEvent),
    links: span.links.map(toLink),
    projectId: scope.projectId,
  }
}

/** Every span of a decoded OTLP request as a canonical record, in request order. */
export function normaliseRequest(req: OtlpTraceRequest, projectId: string): SpanRecord[] {
  const out: SpanRecord[] = []
  for (const rs of req.resourceSpans) {
    const resourceAttrs = rs.resource.attributes
    const serviceName = toText(resourceAttrs[SERVICE_NAME_KEY]) ?? UNKNOWN_SERVICE
    const resourceAttributes = flattenAttributes(resourceAttrs)
    for (const ss of rs.scopeSpans) {
      const scope: SpanScope = { projectId, serviceName, scopeName: ss.scope.name, resourceAttributes }
      for (const span of ss.spans) out.push(normaliseSpan(span, scope))
    }
  }
  return out
}

function distinct(display: string | null, toolField: string | null): string | null {
  return display === null || display === toolField ? null : display
}
