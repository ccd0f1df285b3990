/**
 * @module normalise/kind
 * Classify a span into the canonical kind, following semconv.md §6 rules 1–11: the first
 * convention that has an opinion wins, generic heuristics come last.
 * Deviations from §6, both deliberate: AI SDK wrappers (`ai.generateText`, ...) are `chain`
 * unless they name an agent (then `agent`); LangSmith's `langsmith.span.kind` is read before the
 * `gen_ai.operation.name` it was derived from (fixes retriever→embeddings and prompt→chat);
 * legacy OpenLLMetry `llm.request.type` is read before the model-key fallback.
 */
import {
  AI_SDK_AGENT_MARKER_KEYS,
  AI_SDK_OPERATION_ID_KEY,
  AI_SDK_OPERATION_KINDS,
  AI_SDK_OPERATION_NAME_KEY,
  AI_SDK_OPERATION_SUFFIX_KINDS,
  AI_SDK_ROOT_OPERATIONS,
  GEN_AI_OPERATION_KINDS,
  KIND_KEYS,
  LANGFUSE_OBSERVATION_TYPE_KINDS,
  LANGSMITH_SPAN_KINDS,
  LLM_REQUEST_TYPE_KEY,
  LLM_REQUEST_TYPE_KINDS,
  MCP_METHOD_KEY,
  MCP_METHOD_KINDS,
  MODEL_MARKER_KEYS,
  OPENINFERENCE_SPAN_KINDS,
  OPERATION_NAME_KEYS,
  SPAN_NAME_KINDS,
  SPAN_NAME_PREFIX_KINDS,
  TOOL_MARKER_KEYS,
  TRACELOOP_SPAN_KINDS,
} from '@loupe/schema'
import type { SpanKind } from '@loupe/schema'
import type { AttrReader } from './attributes.ts'

// Maps, not object lookups: a value such as 'constructor' must not hit Object.prototype.
const toMap = <V>(rec: Readonly<Record<string, V>>): ReadonlyMap<string, V> => new Map(Object.entries(rec))
const LANGFUSE = toMap(LANGFUSE_OBSERVATION_TYPE_KINDS)
const OPENINFERENCE = toMap(OPENINFERENCE_SPAN_KINDS)
const GEN_AI_OPERATION = toMap(GEN_AI_OPERATION_KINDS)
const TRACELOOP = toMap(TRACELOOP_SPAN_KINDS)
const LANGSMITH = toMap(LANGSMITH_SPAN_KINDS)
const AI_SDK = toMap(AI_SDK_OPERATION_KINDS)
const AI_SDK_ROOTS: ReadonlySet<string> = new Set(AI_SDK_ROOT_OPERATIONS)
const MCP = toMap(MCP_METHOD_KINDS)
const LLM_REQUEST_TYPE = toMap(LLM_REQUEST_TYPE_KINDS)
const SPAN_NAMES = toMap(SPAN_NAME_KINDS)

/** The AI SDK operation id: `ai.operationId`, else the first word of `operation.name`. */
function aiSdkOperation(r: AttrReader): string | undefined {
  const id = r.text(AI_SDK_OPERATION_ID_KEY)
  if (id !== undefined) return id
  const op = r.text(AI_SDK_OPERATION_NAME_KEY)
  if (op === undefined || !op.startsWith('ai.')) return undefined
  const space = op.indexOf(' ')
  return space === -1 ? op : op.slice(0, space)
}

function aiSdkKind(r: AttrReader): SpanKind | undefined {
  const op = aiSdkOperation(r)
  if (op === undefined) return undefined
  const kind = AI_SDK.get(op)
  if (kind !== undefined) {
    if (AI_SDK_ROOTS.has(op) && r.firstText(AI_SDK_AGENT_MARKER_KEYS) !== undefined) return 'agent'
    return kind
  }
  if (!op.startsWith('ai.')) return undefined
  for (const [suffix, k] of AI_SDK_OPERATION_SUFFIX_KINDS) if (op.endsWith(suffix)) return k
  return undefined
}

function spanNameKind(name: string): SpanKind | undefined {
  const exact = SPAN_NAMES.get(name)
  if (exact !== undefined) return exact
  for (const [prefix, k] of SPAN_NAME_PREFIX_KINDS) {
    if (!name.startsWith(prefix)) continue
    if (name.length === prefix.length || name.charCodeAt(prefix.length) === 32 /* space */) return k
  }
  return undefined
}

/** The canonical kind of a span. Pure; reads only the attributes and the span name. */
export function classifyKind(r: AttrReader, name: string): SpanKind {
  const lf = r.text(KIND_KEYS.langfuse)
  if (lf !== undefined) {
    const k = LANGFUSE.get(lf.toLowerCase())
    if (k !== undefined) return k
  }
  const oi = r.text(KIND_KEYS.openinference)
  if (oi !== undefined) {
    const k = OPENINFERENCE.get(oi.toUpperCase())
    if (k !== undefined) return k
  }
  const ls = r.text(KIND_KEYS.langsmith)
  const lsKind = ls === undefined ? undefined : LANGSMITH.get(ls.toLowerCase())
  const op = r.text(KIND_KEYS.genAiOperation)
  if (op !== undefined) {
    if (lsKind !== undefined) return lsKind
    const k = GEN_AI_OPERATION.get(op)
    if (k !== undefined) return k
  }
  const tl = r.text(KIND_KEYS.traceloop)
  if (tl !== undefined) {
    const k = TRACELOOP.get(tl.toLowerCase())
    if (k !== undefined) return k
  }
  if (lsKind !== undefined) return lsKind
  const ai = aiSdkKind(r)
  if (ai !== undefined) return ai
  const mcp = r.text(MCP_METHOD_KEY)
  if (mcp !== undefined) return MCP.get(mcp) ?? 'other'
  const reqType = r.text(LLM_REQUEST_TYPE_KEY)
  if (reqType !== undefined) {
    const k = LLM_REQUEST_TYPE.get(reqType)
    if (k !== undefined) return k
  }
  const byName = spanNameKind(name)
  if (byName !== undefined) return byName
  for (const key of TOOL_MARKER_KEYS) if (r.has(key)) return 'tool'
  for (const key of MODEL_MARKER_KEYS) if (r.has(key)) return 'llm'
  return 'other'
}

/**
 * The raw operation in the convention's own words (`chat`, `ai.generateText.doGenerate`,
 * `tools/call`, ...), or null.
 */
export function operationName(r: AttrReader): string | null {
  const op = r.firstText(OPERATION_NAME_KEYS)
  if (op !== undefined) return op
  return aiSdkOperation(r) ?? null
}
