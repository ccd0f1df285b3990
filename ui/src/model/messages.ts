/**
 * @module model/messages
 * A span's display `input`/`output` text as conversation turns. Pure.
 *
 * The collector already normalises messages to `[{role, content, toolCalls?, toolCallId?}]`
 * (collector/src/normalise/message-shapes.ts), so that shape is the fast path. The text is
 * still untrusted and may be anything a source sent, so this reader is tolerant: parts lists,
 * OpenAI `tool_calls`, a `{messages}` wrapper, a single message object. Anything else stays
 * raw text or pretty-printed JSON; it is never dropped. Everything returned is plain text for
 * React to escape: nothing here is ever HTML.
 *
 * Content given as a reference (OTel GenAI `{type:'uri', uri}` and `{type:'file', file_id}`
 * parts) becomes a `ContentRef`: shown, never fetched or embedded. Only an http(s) URI gets an
 * `href`; any other scheme (javascript:, data:, gs://) stays text.
 */

export type TurnRole = 'system' | 'user' | 'assistant' | 'tool'

interface ToolCallView {
  id: string | null
  name: string
  /** pretty-printed when the arguments are JSON */
  arguments: string
}

/** Content given by reference: a URI or an uploaded file's id, with what it is when sent. */
export type ContentRef =
  | {
      kind: 'uri'
      uri: string
      /** the URI to link to: set only for http and https */
      href: string | null
      /** the URI cut for display (a data: URI can be megabytes) */
      text: string
      modality: string | null
      mimeType: string | null
    }
  | { kind: 'file'; fileId: string; modality: string | null; mimeType: string | null }

export interface Turn {
  role: TurnRole
  /** the role as sent (developer, function, model, ...), shown when it differs from `role` */
  label: string
  content: string
  /** `content` is pretty-printed JSON (tool results often are) */
  json: boolean
  toolCalls: ToolCallView[]
  /** content parts given by reference, in the order sent (after the text) */
  refs: ContentRef[]
  /** on tool results: the call they answer */
  toolCallId: string | null
}

export type ParsedMessages =
  | { kind: 'empty' }
  | { kind: 'conversation'; turns: Turn[] }
  | { kind: 'json'; text: string }
  | { kind: 'text'; text: string }

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type JsonObject = { [k: string]: Json }

const ROLES: ReadonlyMap<string, TurnRole> = new Map([
  ['system', 'system'],
  ['developer', 'system'],
  ['user', 'user'],
  ['human', 'user'],
  ['assistant', 'assistant'],
  ['ai', 'assistant'],
  ['model', 'assistant'],
  ['bot', 'assistant'],
  ['chatbot', 'assistant'],
  ['tool', 'tool'],
  ['function', 'tool'],
  ['ipython', 'tool'],
  ['tool_result', 'tool'],
])

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (v: Json | undefined): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined

function tryParse(s: string): Json | undefined {
  const t = s.trimStart()
  // Only objects and arrays are worth a parse; "42" or "true" read better as they are.
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined
  try {
    return JSON.parse(t) as Json
  } catch {
    return undefined
  }
}

/** Two-space JSON when `s` is a JSON object or array, else null. */
export function prettyJson(s: string): string | null {
  const v = tryParse(s)
  return v === undefined ? null : JSON.stringify(v, null, 2)
}

/** A text value as display text: JSON strings decoded, structured values pretty-printed. */
function display(v: Json | undefined): { content: string; json: boolean } {
  if (v === undefined || v === null) return { content: '', json: false }
  if (typeof v === 'string') {
    const pretty = prettyJson(v)
    return pretty === null ? { content: v, json: false } : { content: pretty, json: true }
  }
  if (typeof v === 'object') return { content: JSON.stringify(v, null, 2), json: true }
  return { content: String(v), json: false }
}

function toolCall(v: Json | undefined): ToolCallView | null {
  if (!isObject(v)) return null
  const fn = isObject(v['function']) ? v['function'] : v
  const name = text(fn['name']) ?? text(v['toolName']) ?? text(v['name'])
  if (name === undefined) return null
  const args = fn['arguments'] ?? v['args'] ?? v['input'] ?? v['arguments']
  return {
    id: text(v['id']) ?? text(v['toolCallId']) ?? text(v['call_id']) ?? null,
    name,
    arguments: display(args ?? null).content,
  }
}

const REF_TEXT_CHARS = 200

/** The URI when it is http(s), as the URL parser reads it; else null (never a link). */
export function safeHref(uri: string): string | null {
  let url: URL
  try {
    url = new URL(uri.trim())
  } catch {
    return null
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
}

/** A `uri` or `file` part as a reference, or null for any other part. */
function contentRef(p: Json | undefined): ContentRef | null {
  if (!isObject(p)) return null
  const modality = text(p['modality']) ?? null
  const mimeType = text(p['mime_type']) ?? text(p['mimeType']) ?? null
  if (p['type'] === 'uri' && typeof p['uri'] === 'string') {
    const uri = p['uri']
    const cut = uri.length > REF_TEXT_CHARS ? `${uri.slice(0, REF_TEXT_CHARS - 1)}…` : uri
    return { kind: 'uri', uri, href: safeHref(uri), text: cut, modality, mimeType }
  }
  const fileId = text(p['file_id']) ?? text(p['fileId'])
  if (p['type'] === 'file' && fileId !== undefined) return { kind: 'file', fileId, modality, mimeType }
  return null
}

const CALL_PART_TYPES: ReadonlySet<string> = new Set(['tool_call', 'tool-call', 'tool_use', 'function_call'])

/** Content as text plus any tool calls and references found in a parts list. */
function readContent(
  c: Json | undefined,
  calls: ToolCallView[],
  refs: ContentRef[],
): { content: string; json: boolean } {
  if (!Array.isArray(c)) return display(c)
  const texts: string[] = []
  for (const p of c) {
    const ref = contentRef(p)
    if (ref !== null) refs.push(ref)
    else if (typeof p === 'string') texts.push(p)
    else if (isObject(p) && typeof p['type'] === 'string' && CALL_PART_TYPES.has(p['type'])) {
      const call = toolCall(p)
      if (call !== null) calls.push(call)
    } else if (isObject(p) && (typeof p['text'] === 'string' || typeof p['content'] === 'string')) {
      texts.push((text(p['text']) ?? text(p['content']))!)
    } else if (p !== null) texts.push(JSON.stringify(p, null, 2))
  }
  return texts.length === 1 ? display(texts[0]) : { content: texts.join('\n'), json: false }
}

/** One message object as a turn, or null when it does not look like a message. */
function toTurn(v: Json | undefined): Turn | null {
  if (!isObject(v)) return null
  const label = text(v['role']) ?? text(v['type'])
  if (label === undefined) return null
  const role = ROLES.get(label.toLowerCase())
  // An unknown role only counts when the object also carries a message body.
  if (role === undefined && !('content' in v || 'toolCalls' in v || 'tool_calls' in v)) return null
  const toolCalls: ToolCallView[] = []
  const refs: ContentRef[] = []
  const source = v['content'] ?? v['parts'] ?? v['text']
  const body = readContent(source, toolCalls, refs)
  // Text in `content` with a `parts` list beside it: the list's references are shown too (only
  // those, so text given in both places is not shown twice).
  const parts = v['parts']
  if (source !== parts && Array.isArray(parts))
    for (const p of parts) {
      const ref = contentRef(p)
      if (ref !== null) refs.push(ref)
    }
  const rawCalls = v['toolCalls'] ?? v['tool_calls']
  if (Array.isArray(rawCalls))
    for (const c of rawCalls) {
      const call = toolCall(c)
      if (call !== null) toolCalls.push(call)
    }
  return {
    role: role ?? 'user',
    label,
    ...body,
    toolCalls,
    refs,
    toolCallId: text(v['toolCallId']) ?? text(v['tool_call_id']) ?? null,
  }
}

function toTurns(list: readonly Json[]): Turn[] | null {
  if (list.length === 0) return null
  const turns: Turn[] = []
  for (const item of list) {
    const t = toTurn(item)
    // all or nothing: a list that is only partly messages is data, shown as JSON
    if (t === null) return null
    turns.push(t)
  }
  return turns
}

/** Reads display text: a conversation when it holds messages, otherwise JSON or raw text. */
export function parseMessages(s: string | null | undefined): ParsedMessages {
  if (s === null || s === undefined || s.trim() === '') return { kind: 'empty' }
  const v = tryParse(s)
  if (v === undefined) return { kind: 'text', text: s }
  let turns: Turn[] | null = null
  if (Array.isArray(v)) turns = toTurns(v)
  else if (isObject(v) && Array.isArray(v['messages'])) turns = toTurns(v['messages'])
  else {
    const one = toTurn(v)
    if (one !== null) turns = [one]
  }
  return turns === null ? { kind: 'json', text: JSON.stringify(v, null, 2) } : { kind: 'conversation', turns }
}

/**
 * Turns to show for an LLM span: raw text or JSON becomes one turn of `role` (the prompt is the
 * user's, the completion the assistant's), so every LLM span reads as a conversation.
 */
export function asTurns(parsed: ParsedMessages, role: TurnRole): Turn[] {
  switch (parsed.kind) {
    case 'empty':
      return []
    case 'conversation':
      return parsed.turns
    case 'json':
    case 'text':
      return [
        {
          role,
          label: role,
          content: parsed.text,
          json: parsed.kind === 'json',
          toolCalls: [],
          refs: [],
          toolCallId: null,
        },
      ]
  }
}

/** Tool name by call id, so a tool result can say which call it answers. */
export function toolNamesById(turns: readonly Turn[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const t of turns) for (const c of t.toolCalls) if (c.id !== null) out.set(c.id, c.name)
  return out
}
