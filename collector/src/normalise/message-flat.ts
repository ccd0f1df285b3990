/**
 * @module normalise/message-flat
 * Reassemble messages flattened into attribute keys:
 * - OpenInference `llm.input_messages.{i}.message.{role,content,name,tool_call_id}`,
 *   `...message.contents.{j}.message_content.{type,text}`,
 *   `...message.tool_calls.{j}.tool_call.{id,function.name,function.arguments}`;
 * - legacy OTel / OpenLLMetry `gen_ai.prompt.{i}.{role,content,tool_call_id}`,
 *   `gen_ai.completion.{i}.{role,content,finish_reason,function_call.{name,arguments}}`,
 *   `...tool_calls.{j}.{id,name,arguments}`.
 * Only scans the keys when index 0 is present (a cheap probe), so spans without flattened
 * messages pay two hash lookups.
 */
import type { Attributes } from '../otlp/types.ts'
import type { Json, JsonObject } from './attributes.ts'
import { parseJsonish, toText } from './attributes.ts'
import type { Message } from './message-shapes.ts'
import { toMessage } from './message-shapes.ts'

interface FlatMessage {
  fields: JsonObject
  contents: Map<number, string>
  toolCalls: Map<number, JsonObject>
}

/** Split `"{n}.{rest}"`; undefined when it does not start with an index. */
function splitIndex(s: string): [number, string] | undefined {
  let i = 0
  let n = 0
  while (i < s.length) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) break
    n = n * 10 + (c - 48)
    i++
  }
  if (i === 0 || i >= s.length || s.charCodeAt(i) !== 46 /* . */) return undefined
  return [n, s.slice(i + 1)]
}

function entry(map: Map<number, FlatMessage>, i: number): FlatMessage {
  let m = map.get(i)
  if (m === undefined) {
    m = { fields: {}, contents: new Map(), toolCalls: new Map() }
    map.set(i, m)
  }
  return m
}

const MESSAGE = 'message.'
const CONTENTS = 'contents.'
const CONTENT_TEXT = 'message_content.text'
const TOOL_CALLS = 'tool_calls.'
const TOOL_CALL = 'tool_call.'

function addField(msg: FlatMessage, field: string, value: Json): void {
  if (field.startsWith(CONTENTS)) {
    const split = splitIndex(field.slice(CONTENTS.length))
    if (split !== undefined && split[1] === CONTENT_TEXT) {
      const text = toText(value)
      if (text !== undefined) msg.contents.set(split[0], text)
    }
    return
  }
  if (field.startsWith(TOOL_CALLS)) {
    const split = splitIndex(field.slice(TOOL_CALLS.length))
    if (split === undefined) return
    let call = msg.toolCalls.get(split[0])
    if (call === undefined) {
      call = {}
      msg.toolCalls.set(split[0], call)
    }
    const sub = split[1].startsWith(TOOL_CALL) ? split[1].slice(TOOL_CALL.length) : split[1]
    // `function.name` (OpenInference) and `name` (legacy) both land on the same field.
    const key = sub.startsWith('function.') ? sub.slice('function.'.length) : sub
    call[key] = value
    return
  }
  if (field === 'function_call.name' || field === 'function_call.arguments') {
    const fc = (msg.fields['function_call'] ??= {}) as JsonObject
    fc[field.slice('function_call.'.length)] = value
    return
  }
  msg.fields[field] = value
}

const PROBE_SUFFIXES = ['0.message.role', '0.role', '0.content', '0.message.content'] as const
const probes = new Map<string, readonly string[]>()

/** Whether flattened messages under `prefix` exist (index 0 probe; keys built once per prefix). */
export function hasFlatMessages(attrs: Attributes, prefix: string): boolean {
  let keys = probes.get(prefix)
  if (keys === undefined) {
    keys = PROBE_SUFFIXES.map((s) => prefix + s)
    probes.set(prefix, keys)
  }
  for (const k of keys) if (Object.hasOwn(attrs, k)) return true
  return false
}

/** Messages flattened under `prefix` (e.g. `llm.input_messages.`), in index order, or null. */
export function reassembleFlat(attrs: Attributes, prefix: string, defaultRole: string): Message[] | null {
  const byIndex = new Map<number, FlatMessage>()
  for (const key in attrs) {
    if (!key.startsWith(prefix)) continue
    const split = splitIndex(key.slice(prefix.length))
    if (split === undefined) continue
    const value = attrs[key]
    if (value === undefined || value === null) continue
    const field = split[1].startsWith(MESSAGE) ? split[1].slice(MESSAGE.length) : split[1]
    addField(entry(byIndex, split[0]), field, value as Json)
  }
  if (byIndex.size === 0) return null
  const out: Message[] = []
  for (const i of [...byIndex.keys()].sort((a, b) => a - b)) {
    const flat = byIndex.get(i) as FlatMessage
    const body: JsonObject = { ...flat.fields }
    if (flat.contents.size > 0 && body['content'] === undefined) {
      body['content'] = [...flat.contents.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1])
    } else if (typeof body['content'] === 'string') {
      // OpenLLMetry writes multimodal content as a JSON string of parts.
      const c = body['content']
      if (c.startsWith('[{')) {
        const parts = parseJsonish(c)
        if (Array.isArray(parts)) body['content'] = parts
      }
    }
    if (flat.toolCalls.size > 0) {
      body['tool_calls'] = [...flat.toolCalls.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1])
    }
    const msg = toMessage(body, defaultRole)
    if (msg !== null) out.push(msg)
  }
  return out.length === 0 ? null : out
}
