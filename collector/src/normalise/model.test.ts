import { describe, expect, it } from 'vitest'
import type { Attributes } from '../otlp/types.ts'
import { extractModel, extractProvider, inferProviderFromModel, normaliseProvider } from './model.ts'
import { reader } from './testing.ts'

describe('extractModel', () => {
  it.each<[string, Attributes, string | null]>([
    [
      'otel response over request',
      { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06' },
      'gpt-4o-2024-08-06',
    ],
    ['otel request only', { 'gen_ai.request.model': 'gpt-4o' }, 'gpt-4o'],
    ['OI llm.model_name', { 'llm.model_name': 'gpt-4o-mini-2024-07-18' }, 'gpt-4o-mini-2024-07-18'],
    ['OI response model name', { 'llm.response.model_name': 'r', 'llm.request.model_name': 'q' }, 'r'],
    [
      'ai sdk response over model id',
      { 'ai.model.id': 'gpt-4o', 'ai.response.model': 'gpt-4o-2024-11-20' },
      'gpt-4o-2024-11-20',
    ],
    ['ai sdk model id', { 'ai.model.id': 'claude-3-5-haiku' }, 'claude-3-5-haiku'],
    ['langfuse model', { 'langfuse.observation.model.name': 'gemini-2.5-pro' }, 'gemini-2.5-pro'],
    ['OI embedding', { 'embedding.model_name': 'text-embedding-3-small' }, 'text-embedding-3-small'],
    ['decision response', { 'decision.response.model_name': 'd' }, 'd'],
    ['empty string ignored', { 'gen_ai.response.model': '', 'gen_ai.request.model': 'm' }, 'm'],
    ['none', {}, null],
  ])('%s', (_l, attrs, model) => {
    expect(extractModel(reader(attrs))).toBe(model)
  })
})

describe('normaliseProvider', () => {
  it.each([
    ['openai', 'openai'],
    ['OpenAI', 'openai'],
    ['openai.chat', 'openai'],
    ['openai.responses', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['google.vertex.chat', 'gcp.vertex_ai'],
    ['google-vertex', 'gcp.vertex_ai'],
    ['google.generative-ai', 'gcp.gemini'],
    ['google', 'gcp.gemini'],
    ['vertexai', 'gcp.vertex_ai'],
    ['vertex_ai', 'gcp.vertex_ai'],
    ['amazon-bedrock', 'aws.bedrock'],
    ['amazon', 'aws.bedrock'],
    ['oracle_cloud.generative_ai', 'oracle_cloud.generative_ai'],
    ['oracle_cloud.generative_ai.chat', 'oracle_cloud.generative_ai'],
    ['aws', 'aws.bedrock'],
    ['aws.bedrock', 'aws.bedrock'],
    ['azure', 'azure.ai.openai'],
    ['az.ai.openai', 'azure.ai.openai'],
    ['azure.ai.inference', 'azure.ai.inference'],
    ['mistral', 'mistral_ai'],
    ['mistralai', 'mistral_ai'],
    ['mistral.chat', 'mistral_ai'],
    ['xai', 'x_ai'],
    ['xai.chat', 'x_ai'],
    ['moonshot', 'moonshot_ai'],
    ['ibm.watsonx.ai', 'ibm.watsonx.ai'],
    ['gcp.gen_ai', 'gcp.gen_ai'],
    ['groq', 'groq'],
    ['ollama', 'ollama'],
  ])('%s → %s', (raw, provider) => {
    expect(normaliseProvider(raw)).toBe(provider)
  })
})

describe('inferProviderFromModel', () => {
  it.each<[string, string | null]>([
    ['gpt-4o', 'openai'],
    ['o1-mini', 'openai'],
    ['o3', 'openai'],
    ['o4-mini', 'openai'],
    ['claude-3-5-sonnet-20241022', 'anthropic'],
    ['gemini-2.0-flash', 'gcp.gemini'],
    ['models/gemini-1.5-pro', 'gcp.gemini'],
    ['mistral-large-latest', 'mistral_ai'],
    ['mixtral-8x7b', 'mistral_ai'],
    ['codestral-latest', 'mistral_ai'],
    ['deepseek-chat', 'deepseek'],
    ['grok-3', 'x_ai'],
    ['llama-3.1-70b', 'meta'],
    ['nova-pro', 'aws.bedrock'],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'aws.bedrock'],
    ['us.amazon.nova-lite-v1:0', 'aws.bedrock'],
    ['openai/gpt-4o', 'openai'],
    ['my-finetune', null],
  ])('%s → %s', (model, provider) => {
    expect(inferProviderFromModel(model)).toBe(provider)
  })
})

describe('extractProvider', () => {
  it.each<[string, Attributes, string | null, string | null]>([
    ['otel provider.name', { 'gen_ai.provider.name': 'openai' }, null, 'openai'],
    [
      'provider.name over system',
      { 'gen_ai.provider.name': 'anthropic', 'gen_ai.system': 'openai' },
      null,
      'anthropic',
    ],
    ['deprecated gen_ai.system', { 'gen_ai.system': 'openai' }, null, 'openai'],
    ['ai sdk raw gen_ai.system', { 'gen_ai.system': 'openai.chat' }, null, 'openai'],
    ['ai sdk model.provider', { 'ai.model.provider': 'anthropic.messages' }, null, 'anthropic'],
    ['OI llm.provider', { 'llm.provider': 'mistralai' }, null, 'mistral_ai'],
    ['OI llm.system', { 'llm.system': 'vertexai' }, null, 'gcp.vertex_ai'],
    ['OI google', { 'llm.provider': 'google' }, null, 'gcp.gemini'],
    [
      'adk gcp.vertex.agent is ignored → model',
      { 'gen_ai.system': 'gcp.vertex.agent' },
      'gemini-2.0-flash',
      'gcp.gemini',
    ],
    ['adk gcp.vertex.agent, no model', { 'gen_ai.system': 'gcp.vertex.agent' }, null, null],
    ['missing → inferred', {}, 'claude-sonnet-4', 'anthropic'],
    ['missing, unknown model', {}, 'acme-1', null],
    ['decision.provider', { 'decision.provider': 'xai' }, null, 'x_ai'],
  ])('%s', (_l, attrs, model, provider) => {
    expect(extractProvider(reader(attrs), model)).toBe(provider)
  })
})
