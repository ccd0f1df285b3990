/**
 * @module normalise/message-shapes
 * One message list shape for display, `[{role, content, toolCalls?, toolCallId?}]`, read from the
 * shapes the conventions send: OTel GenAI / Pydantic AI parts, OpenAI chat and Responses, Vercel
 * AI SDK parts, Anthropic content blocks, Gemini/ADK parts, LangChain serialised messages.
 * Invariant: a value is only called a message list when every element reads as a message, so
 * ordinary JSON (a chain's `{question}` input) stays raw text.
 */
import { ROLE_ALIASES } from '@loupe/schema'
import type { Json, JsonObject } from './attributes.ts'
import { isObject, stringify, toText } from './attributes.ts'

export interface ToolCall {
  id?: string
  name: string
  arguments: string
}

export interface Message {
  role: string
  content: string
  toolCalls?: ToolCall[]
  toolCallId?: string
  /** content given by reference (OTel GenAI `uri` and `file` parts) or inline data (`blob`, without its bytes) */
  parts?: ContentRef[]
}

/** A part the display shows as a reference: never fetched, and a blob's data never copied into text. */
type ContentRef = { type: 'uri' | 'file' | 'blob' } & Record<string, string>

const ROLES: ReadonlyMap<string, string> = new Map(Object.entries(ROLE_ALIASES))
const PLAIN_ROLES: ReadonlySet<string> = new Set(['system', 'user', 'assistant', 'tool', 'developer'])
/** Keys one of which a message body must have, besides its role. */
const BODY_KEYS = ['content', 'parts', 'tool_calls', 'toolCalls', 'function_call', 'text'] as const

function normaliseRole(role: string): string {
  return ROLES.get(role) ?? role
}

interface Acc {
  texts: string[]
  toolCalls: ToolCall[]
  toolCallId: string | undefined
  refs: ContentRef[]
}

const newAcc = (): Acc => ({ texts: [], toolCalls: [], toolCallId: undefined, refs: [] })

/** The fields of a reference part worth showing, as text; a blob's `content` (its bytes) left out. */
function contentRef(type: ContentRef['type'], p: JsonObject): ContentRef {
  const ref: ContentRef = { type }
  for (const key of ['uri', 'file_id', 'modality', 'mime_type']) {
    const v = toText(p[key])
    if (v !== undefined) ref[key] = v
  }
  return ref
}

/** Text of a value that stands for content: strings as they are, structured values as JSON. */
function pushValue(acc: Acc, v: Json | undefined): void {
  if (v === undefined || v === null || v === '') return
  // AI SDK v5 tool output: {type:'text'|'json', value}
  if (isObject(v) && typeof v['type'] === 'string' && v['value'] !== undefined) v = v['value']
  acc.texts.push(stringify(v ?? null))
}

/**
 * A tool call from OpenAI `{id, function:{name, arguments}}`, LangChain `{id, name, args}` or
 * AI SDK `{toolCallId, toolName, input}`.
 */
export function toToolCall(tc: Json | undefined): ToolCall | null {
  if (!isObject(tc)) return null
  const fn = isObject(tc['function']) ? tc['function'] : tc
  const name = toText(fn['name']) ?? toText(tc['toolName']) ?? toText(tc['name'])
  if (name === undefined) return null
  const id = toText(tc['id']) ?? toText(tc['toolCallId']) ?? toText(tc['call_id'])
  return makeToolCall(id, name, fn['arguments'] ?? tc['args'] ?? tc['input'] ?? tc['arguments'])
}

/** Keys in display order: id, name, arguments. */
function makeToolCall(id: string | undefined, name: string, args: Json | undefined): ToolCall {
  const text = args === undefined || args === null ? '' : stringify(args)
  return id === undefined ? { name, arguments: text } : { id, name, arguments: text }
}

function pushToolCall(acc: Acc, id: Json | undefined, name: Json | undefined, args: Json | undefined): void {
  const n = toText(name)
  if (n !== undefined) acc.toolCalls.push(makeToolCall(toText(id), n, args))
}

function addPart(acc: Acc, p: Json | undefined): void {
  if (typeof p === 'string') {
    acc.texts.push(p)
    return
  }
  if (!isObject(p)) return
  switch (p['type']) {
    case 'text':
    case 'input_text':
    case 'output_text':
      pushValue(acc, p['text'] ?? p['content'])
      return
    case 'tool_call': // OTel, Pydantic AI
      return pushToolCall(acc, p['id'], p['name'], p['arguments'])
    case 'tool-call': // AI SDK
      return pushToolCall(acc, p['toolCallId'], p['toolName'], p['input'] ?? p['args'])
    case 'tool_use': // Anthropic
      return pushToolCall(acc, p['id'], p['name'], p['input'])
    case 'function_call': // OpenAI Responses
      return pushToolCall(acc, p['call_id'] ?? p['id'], p['name'], p['arguments'])
    case 'tool_call_response':
      acc.toolCallId ??= toText(p['id'])
      return pushValue(acc, p['response'] ?? p['result'])
    case 'tool-result':
      acc.toolCallId ??= toText(p['toolCallId'])
      return pushValue(acc, p['output'] ?? p['result'])
    case 'tool_result':
      acc.toolCallId ??= toText(p['tool_use_id'])
      return addContent(acc, p['content'])
    case 'function_call_output':
      acc.toolCallId ??= toText(p['call_id'])
      return pushValue(acc, p['output'])
    case 'reasoning':
    case 'thinking':
    case 'redacted_thinking':
      return
    case 'uri':
    case 'file':
    case 'blob':
      acc.refs.push(contentRef(p['type'], p))
      return
    case undefined:
      return addGeminiPart(acc, p)
    default:
      if (typeof p['text'] === 'string') acc.texts.push(p['text'])
      else if (typeof p['content'] === 'string') acc.texts.push(p['content'])
  }
}

/** Gemini / ADK parts carry no `type`: `{text}`, `{functionCall}`, `{functionResponse}`. */
function addGeminiPart(acc: Acc, p: JsonObject): void {
  if (typeof p['text'] === 'string') {
    if (p['thought'] !== true) acc.texts.push(p['text'])
    return
  }
  const fc = p['functionCall'] ?? p['function_call']
  if (isObject(fc)) return pushToolCall(acc, fc['id'], fc['name'], fc['args'])
  const fr = p['functionResponse'] ?? p['function_response']
  if (isObject(fr)) {
    acc.toolCallId ??= toText(fr['id'])
    pushValue(acc, fr['response'])
  }
}

function addContent(acc: Acc, c: Json | undefined): void {
  if (typeof c === 'string') acc.texts.push(c)
  else if (Array.isArray(c)) for (const p of c) addPart(acc, p)
  else if (isObject(c)) {
    if (Array.isArray(c['parts'])) for (const p of c['parts']) addPart(acc, p)
    else addPart(acc, c)
  }
}

/** One message in any known shape, or null. `defaultRole` is used when the value names none. */
export function toMessage(x: Json | undefined, defaultRole?: string): Message | null {
  if (typeof x === 'string') return defaultRole === undefined ? null : { role: defaultRole, content: x }
  if (!isObject(x)) return null
  let body: JsonObject = x
  let role: string | undefined
  const lcId = x['id']
  if (x['lc'] !== undefined && Array.isArray(lcId) && isObject(x['kwargs'])) {
    // LangChain serialised: {lc:1, type:'constructor', id:[..., 'HumanMessage'], kwargs:{content}}
    role = toText(lcId[lcId.length - 1])
    body = x['kwargs']
  } else if (isObject(x['data']) && typeof x['type'] === 'string' && !('role' in x)) {
    body = x['data'] // LangChain messages_to_dict: {type:'human', data:{content}}
  }
  role ??= toText(body['role'])
  if (role === undefined) {
    const t = toText(x['type'])
    if (t !== undefined && (ROLES.has(t) || PLAIN_ROLES.has(t))) role = t
  }
  role ??= defaultRole
  if (role === undefined) return null
  if (defaultRole === undefined && !BODY_KEYS.some((k) => k in body)) return null

  const acc = newAcc()
  addContent(acc, body['content'])
  if (Array.isArray(body['parts'])) for (const p of body['parts']) addPart(acc, p)
  if (body['content'] === undefined && typeof body['text'] === 'string') acc.texts.push(body['text'])
  const calls = body['tool_calls'] ?? body['toolCalls']
  if (Array.isArray(calls)) {
    for (const tc of calls) {
      const call = toToolCall(tc)
      if (call !== null) acc.toolCalls.push(call)
    }
  }
  const fnCall = toToolCall(body['function_call'])
  if (fnCall !== null) acc.toolCalls.push(fnCall)
  const normalisedRole = normaliseRole(role)
  acc.toolCallId ??=
    toText(body['tool_call_id']) ??
    toText(body['toolCallId']) ??
    (normalisedRole === 'tool' ? toText(body['id']) : undefined)

  const msg: Message = { role: normalisedRole, content: acc.texts.join('\n') }
  if (acc.toolCalls.length > 0) msg.toolCalls = acc.toolCalls
  if (acc.toolCallId !== undefined) msg.toolCallId = acc.toolCallId
  if (acc.refs.length > 0) msg.parts = acc.refs
  return msg
}

/** Every element as a message, or null when any is not one (or the list is empty). */
function listToMessages(list: readonly Json[]): Message[] | null {
  if (list.length === 0) return null
  const first = list[0]
  // LangChain batches: [[message, ...], ...] — the first batch is the prompt.
  if (Array.isArray(first)) return listToMessages(first)
  const out: Message[] = []
  for (const item of list) {
    const m = isObject(item) && item['type'] === 'function_call' ? responsesToolCall(item) : toMessage(item)
    if (m === null) return null
    out.push(m)
  }
  return out
}

/** A LangChain generation: `{message}` or `{text}`. */
function generationMessage(g: Json): Json {
  if (!isObject(g)) return null
  if (g['message'] !== undefined) return g['message']
  return typeof g['text'] === 'string' ? { role: 'assistant', content: g['text'] } : null
}

/** An OpenAI Responses `function_call` output item as an assistant message. */
function responsesToolCall(item: JsonObject): Message | null {
  const acc = newAcc()
  addPart(acc, item)
  return acc.toolCalls.length === 0 ? null : { role: 'assistant', content: '', toolCalls: acc.toolCalls }
}

/** A system message from a string, a parts list or a Gemini `Content`. */
export function systemMessage(v: Json | undefined): Message | null {
  if (v === undefined || v === null || v === '') return null
  const acc = newAcc()
  addContent(acc, v)
  return acc.texts.length === 0 ? null : { role: 'system', content: acc.texts.join('\n') }
}

/**
 * Messages inside a container: an array of messages, or an object holding them — `{messages}`
 * (OpenAI request, LangSmith inputs), `{system, prompt}` (AI SDK), `{contents}` (Gemini request),
 * `{choices}` (OpenAI response), `{content:{parts}}` (ADK response), `{generations}` (LangChain),
 * `{input}`/`{output}` (OpenAI Responses), or a single message. Null when none of these.
 */
export function toMessages(x: Json | undefined): Message[] | null {
  if (Array.isArray(x)) return listToMessages(x)
  if (!isObject(x)) return null
  const config = x['config']
  const sys = systemMessage(
    x['system'] ??
      x['instructions'] ??
      (isObject(config) ? (config['systemInstruction'] ?? config['system_instruction']) : undefined),
  )
  const withSystem = (msgs: Message[] | null): Message[] | null =>
    msgs === null ? (sys === null ? null : [sys]) : sys === null ? msgs : [sys, ...msgs]

  const messages = x['messages'] ?? x['contents']
  if (Array.isArray(messages)) return withSystem(listToMessages(messages))
  const prompt = x['prompt']
  if (typeof prompt === 'string') return withSystem([{ role: 'user', content: prompt }])
  if (Array.isArray(prompt)) return withSystem(listToMessages(prompt))
  if (Array.isArray(x['choices'])) {
    const choices = x['choices'].map((c) => (isObject(c) ? (c['message'] ?? c['delta'] ?? null) : null))
    return listToMessages(choices)
  }
  if (isObject(x['content']) && Array.isArray(x['content']['parts'])) {
    const m = toMessage(x['content'], 'assistant')
    return m === null ? null : [m]
  }
  if (Array.isArray(x['generations'])) {
    return listToMessages(x['generations'].flat().map(generationMessage))
  }
  for (const k of ['input', 'output'] as const) {
    const items = x[k]
    if (Array.isArray(items) && items.length > 0 && isObject(items[0])) {
      return withSystem(listToMessages(items))
    }
  }
  const single = toMessage(x)
  return single === null ? null : withSystem([single])
}
