/**
 * @module normalise/tool
 * Tool name, call id, arguments and result of a tool span. Arguments become canonical JSON
 * (JSON strings parsed, keys sorted recursively, no whitespace) so that the same call hashes the
 * same whether it was sent as a JSON string or as a structured value; text that is not JSON is
 * kept as it is. `toolArgsHash` is the SHA-256 hex of that canonical text, used to find loops.
 */
import { hash } from 'node:crypto'
import {
  MCP_METHOD_KEY,
  TOOL_ARGUMENT_KEYS,
  TOOL_CALL_ID_KEYS,
  TOOL_NAME_SOURCES,
  TOOL_RESULT_KEYS,
  TRACELOOP_ENTITY_INPUT_KEY,
} from '@loupe/schema'
import type { AttrValue } from '../otlp/types.ts'
import type { AttrReader, Json, SourceContext } from './attributes.ts'
import { isObject, parseJsonish, stringify, toText } from './attributes.ts'

export interface ToolFields {
  toolName: string | null
  toolCallId: string | null
  toolArguments: string | null
  toolArgsHash: string | null
  toolResult: string | null
  /** the result was a message's content (LangChain): the message itself says nothing more */
  resultFromMessage: boolean
}

export const NO_TOOL: Readonly<ToolFields> = Object.freeze({
  toolName: null,
  toolCallId: null,
  toolArguments: null,
  toolArgsHash: null,
  toolResult: null,
  resultFromMessage: false,
})

/** JSON with object keys sorted recursively and no whitespace. */
export function canonicalJson(v: Json): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) {
    let s = '['
    for (let i = 0; i < v.length; i++) s += (i === 0 ? '' : ',') + canonicalJson(v[i] ?? null)
    return s + ']'
  }
  const keys = Object.keys(v).sort()
  let s = '{'
  let first = true
  for (const k of keys) {
    const item = v[k]
    if (item === undefined) continue
    s += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(item)
    first = false
  }
  return s + '}'
}

/**
 * Canonical text of tool arguments: a JSON string is parsed first; text that does not parse is
 * returned unchanged.
 */
export function canonicalArguments(v: AttrValue | Json): string {
  if (typeof v === 'string') {
    const parsed = parseJsonish(v, true)
    return parsed === undefined ? v : canonicalJson(parsed)
  }
  return canonicalJson(v as Json)
}

/** One-shot `crypto.hash`: a quarter of the cost of a `createHash` object for texts this small. */
function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex')
}

/** Traceloop's `{args, kwargs}`: non-empty kwargs, else the single arg, else all args. */
function traceloopArguments(v: AttrValue): AttrValue | Json {
  const parsed = parseJsonish(v)
  if (!isObject(parsed)) return v
  const kwargs = parsed['kwargs']
  if (isObject(kwargs) && Object.keys(kwargs).length > 0) return kwargs
  const args = parsed['args']
  if (Array.isArray(args) && args.length > 0) return args.length === 1 ? (args[0] ?? null) : args
  return parsed
}

function toolName(r: AttrReader, ctx: SourceContext): string | null {
  const fromSources = r.firstSource(TOOL_NAME_SOURCES, ctx, toText)
  if (fromSources !== undefined) return fromSources
  // MCP: span name is `{mcp.method.name} {target}`.
  const method = r.text(MCP_METHOD_KEY)
  if (method !== undefined && ctx.name.length > method.length + 1 && ctx.name.startsWith(method + ' ')) {
    return ctx.name.slice(method.length + 1)
  }
  // OpenInference (LangChain) and Langfuse name a tool span after the tool itself.
  if (r.has('openinference.span.kind') || r.has('langfuse.observation.type')) return ctx.name
  return null
}

/** LangChain's envelope of a tool result: the ToolMessage's fields, or undefined. */
function toolMessageBody(v: AttrValue): Record<string, Json> | undefined {
  // Cheap test first: most results are not LangChain messages, and parsing them all would cost.
  if (typeof v !== 'string' || !(v.includes('ToolMessage') || v.includes('"tool"'))) return undefined
  let x = parseJsonish(v)
  if (isObject(x) && isObject(x['output']) && Object.keys(x).length === 1) x = x['output']
  if (!isObject(x)) return undefined
  const id = x['id']
  if (x['lc'] !== undefined && Array.isArray(id) && isObject(x['kwargs'])) {
    const cls = id[id.length - 1]
    return typeof cls === 'string' && cls.startsWith('ToolMessage') ? x['kwargs'] : undefined
  }
  // messages_to_dict (Python): {type: 'tool', data: {content, tool_call_id}}
  return x['type'] === 'tool' && isObject(x['data']) ? x['data'] : undefined
}

/**
 * The result a tool returned. LangChain instrumentations store the whole serialised ToolMessage,
 * stamped with the model's per-call id; the tool's answer is its content (text, or content parts
 * as JSON), and the id is the call's.
 */
function toolResult(v: AttrValue): { result: string; callId: string | undefined; fromMessage: boolean } {
  const body = toolMessageBody(v)
  const content = body?.['content']
  if (body === undefined || content === undefined)
    return { result: stringify(v), callId: undefined, fromMessage: false }
  return {
    result: typeof content === 'string' ? content : stringify(content),
    callId: toText(body['tool_call_id']),
    fromMessage: true,
  }
}

/** Tool fields of a span; only meaningful for kind `tool`, where normalise.ts calls it. */
export function extractTool(r: AttrReader, ctx: SourceContext): ToolFields {
  let toolArguments: string | null = null
  const args = r.firstPresent(TOOL_ARGUMENT_KEYS)
  if (args !== undefined) {
    const value = args[0] === TRACELOOP_ENTITY_INPUT_KEY ? traceloopArguments(args[1]) : args[1]
    toolArguments = canonicalArguments(value)
  }
  const raw = r.firstPresent(TOOL_RESULT_KEYS)
  const result = raw === undefined ? undefined : toolResult(raw[1])
  return {
    toolName: toolName(r, ctx),
    toolCallId: r.firstText(TOOL_CALL_ID_KEYS) ?? result?.callId ?? null,
    toolArguments,
    toolArgsHash: toolArguments === null ? null : sha256Hex(toolArguments),
    toolResult: result === undefined ? null : result.result,
    resultFromMessage: result?.fromMessage ?? false,
  }
}
