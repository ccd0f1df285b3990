/**
 * @module normalise/genai-logs
 * A span's conversation from the GenAI events sent for it as log records: the current
 * `gen_ai.client.inference.operation.details` or the older per-message events. Each record is
 * read as the span event it stands for (its attributes, with a structured body's fields and the
 * body itself beside them), so log records and span events go through one reader
 * (normalise/messages.ts). Pure.
 */
import { GEN_AI_CHOICE_EVENT, GEN_AI_MESSAGE_EVENT_ROLES, GEN_AI_OPERATION_DETAILS_EVENT } from '@loupe/schema'
import type { Attributes, AttrValue, OtlpEvent } from '../otlp/types.ts'
import { AttrReader, isObject, parseJsonish } from './attributes.ts'
import { extractInput, extractOutput } from './messages.ts'

/** The events whose records carry GenAI content. */
export const GENAI_EVENT_NAMES: readonly string[] = [
  GEN_AI_OPERATION_DETAILS_EVENT,
  GEN_AI_CHOICE_EVENT,
  ...Object.keys(GEN_AI_MESSAGE_EVENT_ROLES),
]
const GENAI_EVENTS: ReadonlySet<string> = new Set(GENAI_EVENT_NAMES)

/** Whether a record's event carries GenAI content. */
export function isGenAiEvent(eventName: string): boolean {
  return GENAI_EVENTS.has(eventName)
}

/** What a stored GenAI log record holds, as read back for its span. */
export interface GenAiLog {
  timeUnixNano: string
  eventName: string
  /** as stored: a string body as it is, a structured one as JSON */
  body: string
  attributes: Record<string, string>
}

/**
 * The span event a record stands for. A structured body's fields sit beside the attributes (the
 * conventions put `content`, `role`, `message` or `gen_ai.input.messages` there); a text body is
 * the message's content.
 */
function asEvent(log: GenAiLog): OtlpEvent {
  const attributes: Attributes = { ...log.attributes }
  if (log.body !== '') {
    const body = parseJsonish(log.body)
    if (isObject(body)) for (const [k, v] of Object.entries(body)) attributes[k] ??= v as AttrValue
    else attributes['content'] ??= log.body
  }
  return { timeUnixNano: log.timeUnixNano, name: log.eventName, attributes }
}

/**
 * Emitters stamp the messages of one call in the same millisecond (the JS OpenAI instrumentation
 * does), and storage keeps no order among equal times: then the conversation's usual order decides.
 */
const ROLE_RANK: Readonly<Record<string, number>> = {
  'gen_ai.system.message': 0,
  'gen_ai.user.message': 1,
  'gen_ai.assistant.message': 2,
  'gen_ai.tool.message': 3,
  [GEN_AI_CHOICE_EVENT]: 4,
}

function byTimeThenRole(a: GenAiLog, b: GenAiLog): number {
  const ta = BigInt(a.timeUnixNano)
  const tb = BigInt(b.timeUnixNano)
  if (ta !== tb) return ta < tb ? -1 : 1
  return (ROLE_RANK[a.eventName] ?? 5) - (ROLE_RANK[b.eventName] ?? 5)
}

/** The display input and output the span's GenAI log records give it (null where they give none). */
export function contentFromLogs(logs: readonly GenAiLog[]): { input: string | null; output: string | null } {
  const events = [...logs].sort(byTimeThenRole).map(asEvent)
  const none = new AttrReader({})
  return { input: extractInput(none, events), output: extractOutput(none, events) }
}

/**
 * The spans with what their GenAI log records hold filled in, by span id. Content in the span's
 * own attributes and events wins: only an LLM span's missing input or output is filled. A span
 * that changes is a new object; the others are returned as they are.
 */
export function fillFromLogs<T extends { spanId: string; kind: string; input: string | null; output: string | null }>(
  spans: readonly T[],
  logs: ReadonlyMap<string, readonly GenAiLog[]>,
): T[] {
  if (logs.size === 0) return [...spans]
  return spans.map((s) => {
    const found = logs.get(s.spanId)
    if (found === undefined || s.kind !== 'llm' || (s.input !== null && s.output !== null)) return s
    const content = contentFromLogs(found)
    const input = s.input ?? content.input
    const output = s.output ?? content.output
    return input === s.input && output === s.output ? s : { ...s, input, output }
  })
}

/** Records grouped by span id. */
export function bySpan<L extends GenAiLog & { spanId: string }>(logs: readonly L[]): Map<string, L[]> {
  const out = new Map<string, L[]>()
  for (const l of logs) {
    const list = out.get(l.spanId)
    if (list) list.push(l)
    else out.set(l.spanId, [l])
  }
  return out
}
