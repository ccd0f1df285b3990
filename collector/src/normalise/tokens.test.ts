import { describe, expect, it } from 'vitest'
import type { Attributes } from '../otlp/types.ts'
import { reader } from './testing.ts'
import type { TokenCounts } from './tokens.ts'
import { extractTokens, hasTokens } from './tokens.ts'

/** [input, output, cacheRead, cacheWrite, reasoning] */
type T5 = [number, number, number, number, number]
const counts = ([i, o, cr, cw, r]: T5): TokenCounts => ({
  inputTokens: i,
  outputTokens: o,
  cacheReadTokens: cr,
  cacheWriteTokens: cw,
  reasoningTokens: r,
})

const geminiResponse = JSON.stringify({
  content: { role: 'model', parts: [{ text: 'hi' }] },
  usageMetadata: {
    promptTokenCount: 1200,
    candidatesTokenCount: 80,
    cachedContentTokenCount: 1000,
    thoughtsTokenCount: 40,
  },
})

describe('extractTokens', () => {
  it.each<[string, Attributes, string | null, T5]>([
    // OTel GenAI (current)
    [
      'otel current',
      {
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 20,
        'gen_ai.usage.cache_read.input_tokens': 60,
        'gen_ai.usage.cache_creation.input_tokens': 10,
        'gen_ai.usage.reasoning.output_tokens': 5,
      },
      'chat',
      [100, 20, 60, 10, 5],
    ],
    [
      'otel cache_write (semconv-genai #440) over cache_creation',
      {
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.cache_write.input_tokens': 12,
        'gen_ai.usage.cache_creation.input_tokens': 10,
      },
      'chat',
      [100, 0, 0, 12, 0],
    ],
    [
      'pydantic ai usage details reasoning',
      {
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 50,
        'gen_ai.usage.details.reasoning_tokens': 30,
      },
      'chat',
      [100, 50, 0, 0, 30],
    ],
    // value typing pitfalls
    [
      'string values',
      { 'gen_ai.usage.input_tokens': '100', 'gen_ai.usage.output_tokens': '20' },
      'chat',
      [100, 20, 0, 0, 0],
    ],
    [
      '{intValue} values',
      { 'gen_ai.usage.input_tokens': { intValue: 100 }, 'gen_ai.usage.output_tokens': { intValue: '20' } },
      'chat',
      [100, 20, 0, 0, 0],
    ],
    [
      'garbage is absent, next key wins',
      { 'gen_ai.usage.input_tokens': 'n/a', 'gen_ai.usage.prompt_tokens': 7 },
      null,
      [7, 0, 0, 0, 0],
    ],
    // OTel deprecated / OpenLLMetry legacy
    [
      'deprecated prompt/completion',
      { 'gen_ai.usage.prompt_tokens': 11, 'gen_ai.usage.completion_tokens': 22, 'llm.usage.total_tokens': 33 },
      null,
      [11, 22, 0, 0, 0],
    ],
    [
      'openllmetry underscore cache/reasoning',
      {
        'gen_ai.usage.prompt_tokens': 50,
        'gen_ai.usage.completion_tokens': 9,
        'gen_ai.usage.cache_read_input_tokens': 30,
        'gen_ai.usage.cache_creation_input_tokens': 4,
        'gen_ai.usage.reasoning_tokens': 3,
      },
      null,
      [50, 9, 30, 4, 3],
    ],
    [
      'openllmetry anthropic: input without the cache is below its cache, so the cache is added',
      {
        'gen_ai.usage.input_tokens': 49,
        'gen_ai.usage.output_tokens': 120,
        'gen_ai.usage.cache_read_input_tokens': 1800,
      },
      'chat',
      [1849, 120, 1800, 0, 0],
    ],
    [
      'input below cache read + write',
      {
        'gen_ai.usage.input_tokens': 64,
        'gen_ai.usage.cache_read.input_tokens': 1000,
        'gen_ai.usage.cache_write.input_tokens': 800,
      },
      'chat',
      [1864, 0, 1000, 800, 0],
    ],
    [
      'a fully cached input is taken as OTel counts it',
      { 'gen_ai.usage.input_tokens': 1024, 'gen_ai.usage.cache_read.input_tokens': 1024 },
      'chat',
      [1024, 0, 1024, 0, 0],
    ],
    // OpenInference
    [
      'openinference',
      {
        'llm.token_count.prompt': 300,
        'llm.token_count.completion': 40,
        'llm.token_count.total': 340,
        'llm.token_count.prompt_details.cache_read': 256,
        'llm.token_count.prompt_details.cache_write': 8,
        'llm.token_count.completion_details.reasoning': 12,
      },
      null,
      [300, 40, 256, 8, 12],
    ],
    [
      'openinference decision',
      { 'decision.token_count.input': 5, 'decision.token_count.output': 1 },
      null,
      [5, 1, 0, 0, 0],
    ],
    // Vercel AI SDK
    [
      'ai sdk v5',
      {
        'ai.usage.inputTokens': 90,
        'ai.usage.outputTokens': 15,
        'ai.usage.reasoningTokens': 4,
        'ai.usage.cachedInputTokens': 64,
      },
      'ai.generateText.doGenerate',
      [90, 15, 64, 0, 4],
    ],
    [
      'ai sdk v5 anthropic: inputTokens excludes the cache',
      {
        'ai.model.provider': 'anthropic.messages',
        'gen_ai.usage.input_tokens': 2000,
        'ai.usage.inputTokens': 2000,
        'ai.usage.outputTokens': 15,
        'ai.usage.cachedInputTokens': 1800,
        'ai.response.providerMetadata': '{"anthropic":{"cacheCreationInputTokens":200}}',
      },
      'ai.generateText.doGenerate',
      [4000, 15, 1800, 200, 0],
    ],
    [
      'ai sdk v5 openai: inputTokens includes the cache',
      {
        'ai.model.provider': 'openai.chat',
        'ai.usage.inputTokens': 2000,
        'ai.usage.outputTokens': 15,
        'ai.usage.cachedInputTokens': 1800,
      },
      'ai.generateText.doGenerate',
      [2000, 15, 1800, 0, 0],
    ],
    [
      'ai sdk v6 details',
      {
        'ai.usage.inputTokens': 90,
        'ai.usage.outputTokens': 15,
        'ai.usage.inputTokenDetails.cacheReadTokens': 60,
        'ai.usage.inputTokenDetails.cacheWriteTokens': 20,
        'ai.usage.outputTokenDetails.reasoningTokens': 6,
      },
      null,
      [90, 15, 60, 20, 6],
    ],
    [
      'ai sdk v4 prompt/completion',
      { 'ai.usage.promptTokens': 12, 'ai.usage.completionTokens': 3 },
      null,
      [12, 3, 0, 0, 0],
    ],
    ['ai sdk embeddings', { 'ai.usage.tokens': 8 }, 'ai.embed.doEmbed', [8, 0, 0, 0, 0]],
    [
      'ai sdk gen_ai on doGenerate wins',
      { 'gen_ai.usage.input_tokens': 10, 'ai.usage.promptTokens': 99, 'gen_ai.usage.output_tokens': 2 },
      null,
      [10, 2, 0, 0, 0],
    ],
    [
      'ai sdk providerMetadata openai cache',
      { 'gen_ai.usage.input_tokens': 10, 'ai.response.providerMetadata': '{"openai":{"cachedPromptTokens":6}}' },
      null,
      [10, 0, 6, 0, 0],
    ],
    [
      'ai sdk providerMetadata anthropic cache',
      {
        'gen_ai.usage.input_tokens': 10,
        'ai.response.providerMetadata': {
          anthropic: { usage: { cache_read_input_tokens: 3, cache_creation_input_tokens: 2 } },
        },
      },
      null,
      [10, 0, 3, 2, 0],
    ],
    // LangSmith token detail JSON
    [
      'langsmith details JSON',
      {
        'gen_ai.usage.input_tokens': 40,
        'gen_ai.usage.output_tokens': 9,
        'gen_ai.usage.input_token_details': '{"cache_read":32,"cache_creation":4}',
        'gen_ai.usage.output_token_details': '{"reasoning":7}',
      },
      'chat',
      [40, 9, 32, 4, 7],
    ],
    // Langfuse (disjoint categories)
    [
      'langfuse usage_details adds cache and reasoning',
      {
        'langfuse.observation.usage_details':
          '{"input":2140,"input_cached_tokens":1024,"output":96,"output_reasoning_tokens":310,"total":3570}',
      },
      null,
      [3164, 406, 1024, 0, 310],
    ],
    [
      'langfuse anthropic-style cache keys',
      {
        'langfuse.observation.usage_details': {
          input: 10,
          output: 5,
          cache_read_input_tokens: 100,
          cache_creation_input_tokens: 20,
        },
      },
      null,
      [130, 5, 100, 20, 0],
    ],
    [
      'langfuse adds back audio and prediction details (OpenAI)',
      {
        'langfuse.observation.usage_details':
          '{"input":100,"input_cached_tokens":50,"input_audio_tokens":20,"output":30,"output_reasoning_tokens":10,"output_audio_tokens":5,"output_accepted_prediction_tokens":3,"output_rejected_prediction_tokens":2,"total":220}',
      },
      null,
      [170, 50, 50, 0, 10],
    ],
    [
      'langfuse: each cache detail once, whichever spellings carry it; custom keys are not tokens',
      {
        'langfuse.observation.usage_details':
          '{"input":100,"input_cache_read":900,"cache_read_input_tokens":900,"output":5,"output_cost":3,"total":1005}',
      },
      null,
      [1000, 5, 900, 0, 0],
    ],
    [
      'langfuse flattened details',
      {
        'langfuse.observation.usage_details.input': 10,
        'langfuse.observation.usage_details.input_audio_tokens': 6,
        'langfuse.observation.usage_details.output': 4,
        'langfuse.observation.usage_details.output_reasoning_tokens': 2,
      },
      null,
      [16, 6, 0, 0, 2],
    ],
    [
      'langfuse flattened keys',
      { 'langfuse.observation.usage_details.input': 10, 'langfuse.observation.usage_details.output': 4 },
      null,
      [10, 4, 0, 0, 0],
    ],
    [
      'gen_ai wins over langfuse, langfuse fills cache',
      {
        'gen_ai.usage.input_tokens': 2140,
        'gen_ai.usage.output_tokens': 96,
        'langfuse.observation.usage_details': '{"input":2140,"input_cached_tokens":1024,"output":96}',
      },
      null,
      [2140, 96, 1024, 0, 0],
    ],
    // ADK
    [
      'adk gemini: cache from llm_response, thoughts added to output',
      {
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.output_tokens': 80,
        'gcp.vertex.agent.llm_response': geminiResponse,
      },
      null,
      [1200, 120, 1000, 0, 40],
    ],
    [
      'adk gemini snake_case, no attributes',
      {
        'gcp.vertex.agent.llm_response':
          '{"usage_metadata":{"prompt_token_count":50,"candidates_token_count":5,"cached_content_token_count":20}}',
      },
      null,
      [50, 5, 20, 0, 0],
    ],
    [
      'adk anthropic raw usage excludes cache',
      {
        'gcp.vertex.agent.llm_response':
          '{"usage":{"input_tokens":10,"output_tokens":7,"cache_read_input_tokens":100,"cache_creation_input_tokens":5}}',
      },
      null,
      [115, 7, 100, 5, 0],
    ],
    [
      'adk empty llm_response',
      { 'gen_ai.usage.input_tokens': 3, 'gcp.vertex.agent.llm_response': '{}' },
      null,
      [3, 0, 0, 0, 0],
    ],
    // exclusions and defaults
    [
      'fetch_response reports no tokens',
      { 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 20 },
      'fetch_response',
      [0, 0, 0, 0, 0],
    ],
    ['negative clamps to 0', { 'gen_ai.usage.input_tokens': -5 }, null, [0, 0, 0, 0, 0]],
    ['none', {}, null, [0, 0, 0, 0, 0]],
  ])('%s', (_l, attrs, op, expected) => {
    expect(extractTokens(reader(attrs), op)).toEqual(counts(expected))
  })
})

describe('extractTokens by instrumentation scope', () => {
  const attrs = {
    'gen_ai.usage.input_tokens': 2000,
    'gen_ai.usage.output_tokens': 40,
    'gen_ai.usage.cache_read.input_tokens': 1800,
  }
  it('adds the cache to OpenLLMetry Anthropic input even when the uncached part is the larger', () => {
    expect(extractTokens(reader(attrs), 'chat', '@traceloop/instrumentation-anthropic')).toEqual(
      counts([3800, 40, 1800, 0, 0]),
    )
  })
  it('takes the same counts from another scope as OTel counts them', () => {
    expect(extractTokens(reader(attrs), 'chat', 'com.anthropic.sdk.typescript')).toEqual(counts([2000, 40, 1800, 0, 0]))
  })
})

describe('hasTokens', () => {
  it.each<[T5, boolean]>([
    [[0, 0, 0, 0, 0], false],
    [[1, 0, 0, 0, 0], true],
    [[0, 0, 0, 0, 3], true],
  ])('%j → %s', (t, has) => {
    expect(hasTokens(counts(t))).toBe(has)
  })
})
