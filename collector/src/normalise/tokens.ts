/**
 * @module normalise/tokens
 * Token counts in OTel's semantics: input INCLUDES cached tokens (read and write), output
 * INCLUDES reasoning tokens. Conventions that count otherwise are converted here:
 * - Langfuse `usage_details` is disjoint (`input` excludes cache, `output` excludes reasoning);
 * - ADK's Gemini `usageMetadata` has `candidates` excluding `thoughts` (ADK copies candidates
 *   into `gen_ai.usage.output_tokens`), and Anthropic's raw `usage.input_tokens` excludes cache.
 * Attribute keys always win over the JSON blobs, which are read only as a fallback.
 */
import {
  ADK_LLM_RESPONSE_KEY,
  ANTHROPIC_USAGE_FIELDS,
  CACHE_READ_TOKEN_SOURCES,
  CACHE_WRITE_TOKEN_SOURCES,
  GEMINI_USAGE_FIELDS,
  INPUT_TOKEN_KEYS,
  LANGFUSE_USAGE_DETAILS_KEY,
  LANGFUSE_USAGE_FIELDS,
  NO_TOKEN_OPERATIONS,
  OUTPUT_TOKEN_KEYS,
  REASONING_TOKEN_SOURCES,
} from '@loupe/schema'
import type { AttrReader, Json } from './attributes.ts'
import { isObject, toCount } from './attributes.ts'

export interface TokenCounts {
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
}

const NO_TOKENS: ReadonlySet<string> = new Set(NO_TOKEN_OPERATIONS)

/** Flattened `langfuse.observation.usage_details.{field}` keys, precomputed. */
const LANGFUSE_FLAT = {
  input: LANGFUSE_USAGE_FIELDS.input.map((f) => `${LANGFUSE_USAGE_DETAILS_KEY}.${f}`),
  output: LANGFUSE_USAGE_FIELDS.output.map((f) => `${LANGFUSE_USAGE_DETAILS_KEY}.${f}`),
  cacheRead: LANGFUSE_USAGE_FIELDS.cacheRead.map((f) => `${LANGFUSE_USAGE_DETAILS_KEY}.${f}`),
  cacheWrite: LANGFUSE_USAGE_FIELDS.cacheWrite.map((f) => `${LANGFUSE_USAGE_DETAILS_KEY}.${f}`),
  reasoning: LANGFUSE_USAGE_FIELDS.reasoning.map((f) => `${LANGFUSE_USAGE_DETAILS_KEY}.${f}`),
}

/** First field of `obj` that is a count. */
function firstField(obj: Json | undefined, fields: readonly string[]): number | undefined {
  if (!isObject(obj)) return undefined
  for (const f of fields) {
    const v = toCount(obj[f])
    if (v !== undefined) return v
  }
  return undefined
}

type Partial5 = { [K in keyof TokenCounts]?: number | undefined }

/** Langfuse usage_details converted to OTel semantics (undefined when absent). */
function langfuseUsage(r: AttrReader): Partial5 | undefined {
  const obj = r.json(LANGFUSE_USAGE_DETAILS_KEY)
  if (obj === undefined && r.firstCount(LANGFUSE_FLAT.input) === undefined) return undefined
  const pick = (json: readonly string[], flat: readonly string[]): number | undefined =>
    firstField(obj, json) ?? r.firstCount(flat)
  const input = pick(LANGFUSE_USAGE_FIELDS.input, LANGFUSE_FLAT.input)
  const output = pick(LANGFUSE_USAGE_FIELDS.output, LANGFUSE_FLAT.output)
  const cacheRead = pick(LANGFUSE_USAGE_FIELDS.cacheRead, LANGFUSE_FLAT.cacheRead)
  const cacheWrite = pick(LANGFUSE_USAGE_FIELDS.cacheWrite, LANGFUSE_FLAT.cacheWrite)
  const reasoning = pick(LANGFUSE_USAGE_FIELDS.reasoning, LANGFUSE_FLAT.reasoning)
  if (input === undefined && output === undefined && cacheRead === undefined) return undefined
  return {
    inputTokens: input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: output === undefined ? undefined : output + (reasoning ?? 0),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: reasoning,
  }
}

/** Usage inside ADK's raw `llm_response` (Gemini or Anthropic shape), in OTel semantics. */
function adkUsage(r: AttrReader): (Partial5 & { geminiCandidates?: number | undefined }) | undefined {
  if (!r.has(ADK_LLM_RESPONSE_KEY)) return undefined
  const resp = r.json(ADK_LLM_RESPONSE_KEY)
  if (!isObject(resp)) return undefined
  for (const c of GEMINI_USAGE_FIELDS.container) {
    const u = resp[c]
    if (!isObject(u)) continue
    const candidates = firstField(u, GEMINI_USAGE_FIELDS.candidates)
    const thoughts = firstField(u, GEMINI_USAGE_FIELDS.thoughts)
    return {
      inputTokens: firstField(u, GEMINI_USAGE_FIELDS.prompt),
      outputTokens: candidates === undefined ? thoughts : candidates + (thoughts ?? 0),
      cacheReadTokens: firstField(u, GEMINI_USAGE_FIELDS.cached),
      reasoningTokens: thoughts,
      geminiCandidates: candidates,
    }
  }
  for (const c of ANTHROPIC_USAGE_FIELDS.container) {
    const u = resp[c]
    if (!isObject(u)) continue
    const input = firstField(u, ANTHROPIC_USAGE_FIELDS.input)
    const cacheRead = firstField(u, ANTHROPIC_USAGE_FIELDS.cacheRead)
    const cacheWrite = firstField(u, ANTHROPIC_USAGE_FIELDS.cacheWrite)
    return {
      inputTokens: input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
      outputTokens: firstField(u, ANTHROPIC_USAGE_FIELDS.output),
      cacheReadTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
    }
  }
  return undefined
}

const ZERO: TokenCounts = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
})

/** The span's token counts; all zero for operations that must not report tokens. */
export function extractTokens(r: AttrReader, operation: string | null): TokenCounts {
  if (operation !== null && NO_TOKENS.has(operation)) return { ...ZERO }
  let input = r.firstCount(INPUT_TOKEN_KEYS)
  let output = r.firstCount(OUTPUT_TOKEN_KEYS)
  let cacheRead = r.firstSource(CACHE_READ_TOKEN_SOURCES, undefined, toCount)
  let cacheWrite = r.firstSource(CACHE_WRITE_TOKEN_SOURCES, undefined, toCount)
  let reasoning = r.firstSource(REASONING_TOKEN_SOURCES, undefined, toCount)

  if (input === undefined || output === undefined || cacheRead === undefined) {
    const lf = langfuseUsage(r)
    if (lf !== undefined) {
      input ??= lf.inputTokens
      output ??= lf.outputTokens
      cacheRead ??= lf.cacheReadTokens
      cacheWrite ??= lf.cacheWriteTokens
      reasoning ??= lf.reasoningTokens
    }
  }
  const adk = adkUsage(r)
  if (adk !== undefined) {
    // ADK copies Gemini's candidates (which exclude thoughts) into gen_ai.usage.output_tokens.
    if (output !== undefined && output === adk.geminiCandidates) output = adk.outputTokens
    input ??= adk.inputTokens
    output ??= adk.outputTokens
    cacheRead ??= adk.cacheReadTokens
    cacheWrite ??= adk.cacheWriteTokens
    reasoning ??= adk.reasoningTokens
  }
  return {
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    cacheReadTokens: cacheRead ?? 0,
    cacheWriteTokens: cacheWrite ?? 0,
    reasoningTokens: reasoning ?? 0,
  }
}

/** Whether any count is non-zero. */
export function hasTokens(t: TokenCounts): boolean {
  return t.inputTokens + t.outputTokens + t.cacheReadTokens + t.cacheWriteTokens + t.reasoningTokens > 0
}
