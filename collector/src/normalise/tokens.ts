/**
 * @module normalise/tokens
 * Token counts in OTel's semantics: input INCLUDES cached tokens (read and write), output
 * INCLUDES reasoning tokens. Conventions that count otherwise are converted here:
 * - Langfuse `usage_details` is disjoint (`input` excludes cache and audio, `output` excludes
 *   reasoning, audio and predictions);
 * - an input count below its own cache counts is a provider's uncached count sent under an OTel
 *   key (OpenLLMetry's Anthropic instrumentation), so the cache is added to it, as it is for the
 *   Vercel AI SDK v5's Anthropic spans, whose input never includes it;
 * - ADK's Gemini `usageMetadata` has `candidates` excluding `thoughts` (ADK copies candidates
 *   into `gen_ai.usage.output_tokens`), and Anthropic's raw `usage.input_tokens` excludes cache.
 * Attribute keys always win over the JSON blobs, which are read only as a fallback.
 */
import {
  ADK_LLM_RESPONSE_KEY,
  AI_SDK_PROVIDER_KEY,
  AI_SDK_V5_CACHED_KEY,
  AI_SDK_V5_UNCACHED_INPUT_PROVIDERS,
  ANTHROPIC_USAGE_FIELDS,
  CACHE_READ_TOKEN_SOURCES,
  CACHE_WRITE_TOKEN_SOURCES,
  GEMINI_USAGE_FIELDS,
  INPUT_TOKEN_KEYS,
  LANGFUSE_USAGE_DETAILS_KEY,
  LANGFUSE_USAGE_FIELDS,
  UNCACHED_INPUT_SCOPES,
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
const UNCACHED_SCOPES: ReadonlySet<string> = new Set(UNCACHED_INPUT_SCOPES)

const LANGFUSE_FLAT_PREFIX = `${LANGFUSE_USAGE_DETAILS_KEY}.`

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

/** Langfuse usage_details as one map of counts: the JSON map, else the flattened keys. */
function langfuseDetails(r: AttrReader): Record<string, number> | undefined {
  const obj = r.json(LANGFUSE_USAGE_DETAILS_KEY)
  const out: Record<string, number> = {}
  let any = false
  if (isObject(obj)) {
    for (const k of Object.keys(obj)) {
      const v = toCount(obj[k])
      if (v !== undefined) {
        out[k] = v
        any = true
      }
    }
    return any ? out : undefined
  }
  for (const key of Object.keys(r.attrs)) {
    if (!key.startsWith(LANGFUSE_FLAT_PREFIX)) continue
    const v = r.count(key)
    if (v !== undefined) {
      out[key.slice(LANGFUSE_FLAT_PREFIX.length)] = v
      any = true
    }
  }
  return any ? out : undefined
}

/**
 * Langfuse usage_details converted to OTel semantics (undefined when absent). Its SDKs subtract
 * the provider's details from the base counts (OpenAI's `prompt_tokens_details`: cached and audio;
 * `completion_tokens_details`: reasoning, audio, accepted and rejected predictions), so each of
 * those is added back to the count it came from, once, whatever spelling carries it. Other keys
 * (custom ones, modality splits that are not subtracted) are not amounts to add.
 */
function langfuseUsage(r: AttrReader): Partial5 | undefined {
  const d = langfuseDetails(r)
  if (d === undefined) return undefined
  const input = firstField(d, LANGFUSE_USAGE_FIELDS.input)
  const output = firstField(d, LANGFUSE_USAGE_FIELDS.output)
  const cacheRead = firstField(d, LANGFUSE_USAGE_FIELDS.cacheRead)
  if (input === undefined && output === undefined && cacheRead === undefined) return undefined
  const cacheWrite = firstField(d, LANGFUSE_USAGE_FIELDS.cacheWrite)
  const reasoning = firstField(d, LANGFUSE_USAGE_FIELDS.reasoning)
  const detail = (fields: readonly string[]): number => firstField(d, fields) ?? 0
  const inputDetails = (cacheRead ?? 0) + (cacheWrite ?? 0) + detail(LANGFUSE_USAGE_FIELDS.inputAudio)
  const outputDetails =
    (reasoning ?? 0) +
    detail(LANGFUSE_USAGE_FIELDS.outputAudio) +
    detail(LANGFUSE_USAGE_FIELDS.acceptedPrediction) +
    detail(LANGFUSE_USAGE_FIELDS.rejectedPrediction)
  return {
    inputTokens: input === undefined ? undefined : input + inputDetails,
    outputTokens: output === undefined ? undefined : output + outputDetails,
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

/** An AI SDK v5 span of a provider whose `inputTokens` excluded the cache (see semconv). */
function aiSdkV5Uncached(r: AttrReader): boolean {
  if (!r.has(AI_SDK_V5_CACHED_KEY)) return false
  const provider = r.text(AI_SDK_PROVIDER_KEY)
  return provider !== undefined && AI_SDK_V5_UNCACHED_INPUT_PROVIDERS.some((p) => provider.startsWith(p))
}

/** The span's token counts; all zero for operations that must not report tokens. */
export function extractTokens(r: AttrReader, operation: string | null, scopeName = ''): TokenCounts {
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
  const cached = (cacheRead ?? 0) + (cacheWrite ?? 0)
  // An input below its own cached part is impossible in OTel's reading: the instrumentation sent
  // the provider's uncached count (Anthropic's `input_tokens`, as OpenLLMetry does), so the cache
  // is added back. Equal counts are taken as OTel's (a fully cached prompt).
  if (input !== undefined && cached > 0 && (input < cached || UNCACHED_SCOPES.has(scopeName) || aiSdkV5Uncached(r))) {
    input += cached
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
