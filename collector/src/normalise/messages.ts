/**
 * @module normalise/messages
 * The display `input` and `output` of a span. Sources are tried in semconv.md §6 order; the
 * first that holds messages wins and is returned as JSON of `Message[]`. When no source holds
 * messages, the text of the first source present is returned as it is (JSON for structured
 * values); when there is no source at all, null.
 */
import {
  AI_SDK_PROMPT_KEYS,
  AI_SDK_RESPONSE_OBJECT_KEY,
  AI_SDK_RESPONSE_TEXT_KEY,
  AI_SDK_RESPONSE_TOOL_CALLS_KEY,
  FLAT_INPUT_MESSAGE_PREFIXES,
  FLAT_OUTPUT_MESSAGE_PREFIXES,
  GEN_AI_CHOICE_EVENT,
  GEN_AI_MESSAGE_EVENT_ROLES,
  GEN_AI_OPERATION_DETAILS_EVENT,
  INPUT_VALUE_KEYS,
  OTEL_INPUT_MESSAGES_KEY,
  OTEL_OUTPUT_MESSAGES_KEY,
  OTEL_SYSTEM_INSTRUCTIONS_KEY,
  OUTPUT_VALUE_KEYS,
} from '@loupe/schema'
import type { OtlpEvent } from '../otlp/types.ts'
import type { Json, JsonObject } from './attributes.ts'
import { AttrReader, isObject, stringify, toText } from './attributes.ts'
import { hasFlatMessages, reassembleFlat } from './message-flat.ts'
import type { Message, ToolCall } from './message-shapes.ts'
import { systemMessage, toMessage, toMessages, toToolCall } from './message-shapes.ts'

const EVENT_ROLES: ReadonlyMap<string, string> = new Map(Object.entries(GEN_AI_MESSAGE_EVENT_ROLES))

/** Collects the first raw text while sources are tried for messages. */
class Finder {
  raw: string | undefined

  /** Messages of the value under `key`, remembering its text when it holds none. */
  value(r: AttrReader, key: string): Message[] | null {
    const v = r.get(key)
    if (v === undefined) return null
    const msgs = toMessages(r.json(key))
    if (msgs === null) this.raw ??= stringify(v)
    return msgs
  }

  result(msgs: Message[] | null): string | null {
    return msgs !== null ? JSON.stringify(msgs) : (this.raw ?? null)
  }
}

/** OTel `gen_ai.input.messages` with `gen_ai.system_instructions` prepended. */
function otelInput(r: AttrReader, f: Finder): Message[] | null {
  const sys = systemMessage(r.json(OTEL_SYSTEM_INSTRUCTIONS_KEY) ?? r.text(OTEL_SYSTEM_INSTRUCTIONS_KEY))
  const msgs = f.value(r, OTEL_INPUT_MESSAGES_KEY)
  if (sys === null) return msgs
  return msgs === null ? [sys] : [sys, ...msgs]
}

function flat(r: AttrReader, prefixes: readonly string[], role: string): Message[] | null {
  for (const prefix of prefixes) {
    if (!hasFlatMessages(r.attrs, prefix)) continue
    const msgs = reassembleFlat(r.attrs, prefix, role)
    if (msgs !== null) return msgs
  }
  return null
}

function firstValue(r: AttrReader, keys: readonly string[], f: Finder): Message[] | null {
  for (const key of keys) {
    const msgs = f.value(r, key)
    if (msgs !== null) return msgs
  }
  return null
}

/** A deprecated per-message event (`gen_ai.user.message`, `gen_ai.choice`, ...) as a message. */
function eventMessage(ev: OtlpEvent, role: string): Message | null {
  const r = new AttrReader(ev.attributes)
  const body = r.json('body') ?? r.json('message')
  if (isObject(body)) return toMessage(body, toText(body['role']) ?? role)
  const msg: JsonObject = { role: r.text('role') ?? role }
  const content = r.get('content')
  if (content !== undefined) {
    // A JSON parts list is content; any other text (even JSON-looking) is the message itself.
    const parts = r.json('content')
    msg['content'] = Array.isArray(parts) ? parts : (content as Json)
  }
  const calls = r.json('tool_calls')
  if (calls !== undefined) msg['tool_calls'] = calls
  const id = r.text('id') ?? r.text('tool_call_id')
  if (id !== undefined) msg['tool_call_id'] = id
  return content === undefined && calls === undefined ? null : toMessage(msg, role)
}

function fromEvents(events: readonly OtlpEvent[], output: boolean): Message[] | null {
  if (events.length === 0) return null
  const out: Message[] = []
  for (const ev of events) {
    if (ev.name === GEN_AI_OPERATION_DETAILS_EVENT) {
      const r = new AttrReader(ev.attributes)
      const f = new Finder()
      const msgs = output ? f.value(r, OTEL_OUTPUT_MESSAGES_KEY) : otelInput(r, f)
      if (msgs !== null) return msgs
      continue
    }
    const role = output ? (ev.name === GEN_AI_CHOICE_EVENT ? 'assistant' : undefined) : EVENT_ROLES.get(ev.name)
    if (role === undefined) continue
    const m = eventMessage(ev, role)
    if (m !== null) out.push(m)
  }
  return out.length === 0 ? null : out
}

/** The display input of a span. */
export function extractInput(r: AttrReader, events: readonly OtlpEvent[]): string | null {
  const f = new Finder()
  const msgs =
    otelInput(r, f) ??
    flat(r, FLAT_INPUT_MESSAGE_PREFIXES, 'user') ??
    firstValue(r, AI_SDK_PROMPT_KEYS, f) ??
    firstValue(r, INPUT_VALUE_KEYS, f) ??
    fromEvents(events, false)
  return f.result(msgs)
}

/** AI SDK `ai.response.text` (+ `ai.response.toolCalls`) as one assistant message. */
function aiSdkResponse(r: AttrReader, f: Finder): Message[] | null {
  const text = r.text(AI_SDK_RESPONSE_TEXT_KEY)
  const rawCalls = r.json(AI_SDK_RESPONSE_TOOL_CALLS_KEY)
  const calls: ToolCall[] = []
  if (Array.isArray(rawCalls)) {
    for (const tc of rawCalls) {
      const call = toToolCall(tc)
      if (call !== null) calls.push(call)
    }
  }
  if (text === undefined && calls.length === 0) {
    const obj = r.get(AI_SDK_RESPONSE_OBJECT_KEY)
    if (obj !== undefined) f.raw ??= stringify(obj)
    return null
  }
  const msg: Message = { role: 'assistant', content: text ?? '' }
  if (calls.length > 0) msg.toolCalls = calls
  return [msg]
}

/** The display output of a span. */
export function extractOutput(r: AttrReader, events: readonly OtlpEvent[]): string | null {
  const f = new Finder()
  const msgs =
    f.value(r, OTEL_OUTPUT_MESSAGES_KEY) ??
    flat(r, FLAT_OUTPUT_MESSAGE_PREFIXES, 'assistant') ??
    aiSdkResponse(r, f) ??
    firstValue(r, OUTPUT_VALUE_KEYS, f) ??
    fromEvents(events, true)
  return f.result(msgs)
}
