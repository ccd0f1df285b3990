import type { SpanKind } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import type { Attributes } from '../otlp/types.ts'
import { classifyKind, operationName } from './kind.ts'
import { reader } from './testing.ts'

describe('classifyKind', () => {
  it.each<[string, string, Attributes, SpanKind]>([
    // OTel GenAI, current and custom operation values
    ['otel chat', 'chat gpt-4o', { 'gen_ai.operation.name': 'chat' }, 'llm'],
    ['otel text_completion', 'text_completion m', { 'gen_ai.operation.name': 'text_completion' }, 'llm'],
    ['otel generate_content', 'generate_content m', { 'gen_ai.operation.name': 'generate_content' }, 'llm'],
    ['otel fetch_response', 'fetch_response', { 'gen_ai.operation.name': 'fetch_response' }, 'llm'],
    ['otel embeddings', 'embeddings m', { 'gen_ai.operation.name': 'embeddings' }, 'embedding'],
    ['otel execute_tool', 'execute_tool x', { 'gen_ai.operation.name': 'execute_tool' }, 'tool'],
    ['otel invoke_agent', 'invoke_agent a', { 'gen_ai.operation.name': 'invoke_agent' }, 'agent'],
    ['otel create_agent', 'create_agent a', { 'gen_ai.operation.name': 'create_agent' }, 'agent'],
    ['otel invoke_workflow', 'invoke_workflow w', { 'gen_ai.operation.name': 'invoke_workflow' }, 'chain'],
    [
      'otel handle_conversation_turn',
      'handle_conversation_turn',
      { 'gen_ai.operation.name': 'handle_conversation_turn' },
      'chain',
    ],
    ['otel retrieval', 'retrieval ds', { 'gen_ai.operation.name': 'retrieval' }, 'retriever'],
    ['otel search_memory', 's', { 'gen_ai.operation.name': 'search_memory' }, 'retriever'],
    ['otel apply_guardrail', 'g', { 'gen_ai.operation.name': 'apply_guardrail' }, 'guardrail'],
    ['otel memory op', 'm', { 'gen_ai.operation.name': 'create_memory' }, 'other'],
    ['traceloop guardrail.run', 'g', { 'gen_ai.operation.name': 'guardrail.run' }, 'guardrail'],
    ['langfuse old completion', 'c', { 'gen_ai.operation.name': 'completion' }, 'llm'],
    [
      'deprecated gen_ai.system only + model',
      'openai.chat',
      { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4' },
      'llm',
    ],
    // Vercel AI SDK v7 (OTel GenAI spans)
    [
      'ai v7 invoke_agent',
      'invoke_agent weather',
      { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'weather' },
      'agent',
    ],
    ['ai v7 step', 'step 1', { 'gen_ai.operation.name': 'agent_step' }, 'chain'],
    ['ai v7 chat', 'chat gpt-4o', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' }, 'llm'],
    [
      'ai v7 execute_tool',
      'execute_tool weather',
      { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'weather' },
      'tool',
    ],
    ['ai v7 rerank', 'rerank m', { 'gen_ai.operation.name': 'rerank' }, 'retriever'],
    // Vercel AI SDK v4–v6 legacy ai.* spans
    [
      'ai generateText no function id',
      'ai.generateText',
      { 'ai.operationId': 'ai.generateText', 'ai.model.id': 'gpt-4o' },
      'chain',
    ],
    [
      'ai generateText with functionId',
      'ai.generateText',
      { 'ai.operationId': 'ai.generateText', 'ai.telemetry.functionId': 'planner' },
      'agent',
    ],
    [
      'ai streamText with agent metadata',
      'ai.streamText',
      { 'ai.operationId': 'ai.streamText', 'ai.telemetry.metadata.agent': 'a' },
      'agent',
    ],
    ['ai streamObject', 'ai.streamObject', { 'ai.operationId': 'ai.streamObject' }, 'chain'],
    [
      'ai doGenerate',
      'ai.generateText.doGenerate',
      {
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.telemetry.functionId': 'f',
        'gen_ai.system': 'openai.chat',
      },
      'llm',
    ],
    ['ai doStream', 'ai.streamText.doStream', { 'ai.operationId': 'ai.streamText.doStream' }, 'llm'],
    ['ai generateObject.doGenerate', 'x', { 'ai.operationId': 'ai.generateObject.doGenerate' }, 'llm'],
    ['ai toolCall', 'ai.toolCall', { 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'w' }, 'tool'],
    ['ai embed', 'ai.embed', { 'ai.operationId': 'ai.embed' }, 'chain'],
    ['ai embed.doEmbed', 'ai.embed.doEmbed', { 'ai.operationId': 'ai.embed.doEmbed' }, 'embedding'],
    ['ai embedMany.doEmbed', 'x', { 'ai.operationId': 'ai.embedMany.doEmbed' }, 'embedding'],
    ['ai unknown doGenerate by suffix', 'x', { 'ai.operationId': 'ai.generateSpeech.doGenerate' }, 'llm'],
    ['ai operation.name prefix only', 'x', { 'operation.name': 'ai.generateText.doGenerate my-fn' }, 'llm'],
    ['non-AI operation.name ignored', 'GET /', { 'operation.name': 'GET /' }, 'other'],
    // OpenInference
    ['OI LLM', 'OpenAI Chat Completions', { 'openinference.span.kind': 'LLM' }, 'llm'],
    ['OI EMBEDDING', 'OpenAI Embeddings', { 'openinference.span.kind': 'EMBEDDING' }, 'embedding'],
    ['OI CHAIN', 'RunnableSequence', { 'openinference.span.kind': 'CHAIN' }, 'chain'],
    ['OI PROMPT', 'ChatPromptTemplate', { 'openinference.span.kind': 'PROMPT' }, 'chain'],
    ['OI RETRIEVER', 'r', { 'openinference.span.kind': 'RETRIEVER' }, 'retriever'],
    ['OI RERANKER', 'r', { 'openinference.span.kind': 'RERANKER' }, 'retriever'],
    ['OI TOOL', 'get_weather', { 'openinference.span.kind': 'TOOL' }, 'tool'],
    ['OI AGENT', 'Assistant', { 'openinference.span.kind': 'AGENT' }, 'agent'],
    ['OI GUARDRAIL', 'g', { 'openinference.span.kind': 'GUARDRAIL' }, 'guardrail'],
    ['OI EVALUATOR', 'e', { 'openinference.span.kind': 'EVALUATOR' }, 'other'],
    ['OI DECISION', 'd', { 'openinference.span.kind': 'DECISION', 'llm.model_name': 'gpt-4o' }, 'other'],
    ['OI lower-case value', 'x', { 'openinference.span.kind': 'llm' }, 'llm'],
    // OpenLLMetry / Traceloop
    ['traceloop new chat', 'chat gpt-4o', { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' }, 'llm'],
    ['traceloop legacy openai.chat', 'openai.chat', { 'llm.request.type': 'chat', 'gen_ai.system': 'OpenAI' }, 'llm'],
    [
      'traceloop legacy embedding',
      'openai.embeddings',
      { 'llm.request.type': 'embedding', 'gen_ai.request.model': 'text-embedding-3-small' },
      'embedding',
    ],
    ['traceloop workflow entity', 'plan_trip.workflow', { 'traceloop.span.kind': 'workflow' }, 'chain'],
    ['traceloop task entity', 'fetch.task', { 'traceloop.span.kind': 'task' }, 'chain'],
    ['traceloop agent entity', 'planner.agent', { 'traceloop.span.kind': 'agent' }, 'agent'],
    ['traceloop tool entity', 'search.tool', { 'traceloop.span.kind': 'tool' }, 'tool'],
    ['traceloop unknown falls through', 'x.unknown', { 'traceloop.span.kind': 'unknown' }, 'other'],
    // Langfuse
    ['langfuse generation', 'g', { 'langfuse.observation.type': 'generation' }, 'llm'],
    ['langfuse agent', 'a', { 'langfuse.observation.type': 'agent' }, 'agent'],
    ['langfuse evaluator', 'e', { 'langfuse.observation.type': 'evaluator' }, 'other'],
    ['langfuse embedding', 'e', { 'langfuse.observation.type': 'embedding' }, 'embedding'],
    [
      'langfuse span falls through to model',
      's',
      { 'langfuse.observation.type': 'span', 'gen_ai.request.model': 'm' },
      'llm',
    ],
    ['langfuse event falls through', 's', { 'langfuse.observation.type': 'event' }, 'other'],
    ['langfuse wins over OI', 's', { 'langfuse.observation.type': 'tool', 'openinference.span.kind': 'LLM' }, 'tool'],
    // LangSmith
    [
      'langsmith retriever overrides embeddings',
      'r',
      { 'langsmith.span.kind': 'retriever', 'gen_ai.operation.name': 'embeddings' },
      'retriever',
    ],
    [
      'langsmith prompt is chain, not chat',
      'p',
      { 'langsmith.span.kind': 'prompt', 'gen_ai.operation.name': 'chat' },
      'chain',
    ],
    ['langsmith llm', 'l', { 'langsmith.span.kind': 'llm', 'gen_ai.operation.name': 'chat' }, 'llm'],
    [
      'langsmith chain pass-through',
      'c',
      { 'langsmith.span.kind': 'chain', 'gen_ai.operation.name': 'chain' },
      'chain',
    ],
    ['langsmith parser', 'p', { 'langsmith.span.kind': 'parser' }, 'chain'],
    ['langsmith tool', 't', { 'langsmith.span.kind': 'tool', 'gen_ai.operation.name': 'execute_tool' }, 'tool'],
    // Pydantic AI / Logfire
    ['pydantic v3 invoke_agent', 'invoke_agent support', { 'gen_ai.agent.name': 'support' }, 'agent'],
    ['pydantic v3 execute_tool (no op name)', 'execute_tool lookup', { 'gen_ai.tool.name': 'lookup' }, 'tool'],
    ['pydantic v2 agent run', 'agent run', { agent_name: 'support' }, 'agent'],
    ['pydantic v2 running tool', 'running tool', { tool_arguments: '{}' }, 'tool'],
    ['pydantic chat', 'chat gpt-4o', { 'gen_ai.operation.name': 'chat', 'operation.cost': 0.01 }, 'llm'],
    // Google ADK
    [
      'adk call_llm (no op name)',
      'call_llm',
      { 'gen_ai.system': 'gcp.vertex.agent', 'gen_ai.request.model': 'gemini-2.0-flash' },
      'llm',
    ],
    ['adk invocation', 'invocation', {}, 'chain'],
    ['adk invoke_agent', 'invoke_agent root', { 'gen_ai.operation.name': 'invoke_agent' }, 'agent'],
    ['adk execute_tool', 'execute_tool get_time', { 'gen_ai.tool.name': 'get_time' }, 'tool'],
    ['adk execute_node', 'execute_node n1', {}, 'chain'],
    // MCP
    ['mcp tools/call', 'tools/call weather', { 'mcp.method.name': 'tools/call' }, 'tool'],
    [
      'mcp tools/call with execute_tool',
      'tools/call weather',
      { 'mcp.method.name': 'tools/call', 'gen_ai.operation.name': 'execute_tool' },
      'tool',
    ],
    ['mcp tools/list', 'tools/list', { 'mcp.method.name': 'tools/list' }, 'other'],
    ['mcp initialize', 'initialize', { 'mcp.method.name': 'initialize' }, 'other'],
    // generic fallbacks
    ['tool call id only', 'x', { 'gen_ai.tool.call.id': 'c1' }, 'tool'],
    ['model only', 'x', { 'llm.model_name': 'm' }, 'llm'],
    ['prefix must be a whole word', 'invoke_agents_report', {}, 'other'],
    ['prototype-named value', 'x', { 'gen_ai.operation.name': 'constructor' }, 'other'],
    ['nothing', 'GET /users', { 'http.method': 'GET' }, 'other'],
  ])('%s', (_label, name, attrs, kind) => {
    expect(classifyKind(reader(attrs), name)).toBe(kind)
  })
})

describe('operationName', () => {
  it.each<[Attributes, string | null]>([
    [{ 'gen_ai.operation.name': 'chat', 'ai.operationId': 'ai.generateText.doGenerate' }, 'chat'],
    [{ 'ai.operationId': 'ai.generateText.doGenerate' }, 'ai.generateText.doGenerate'],
    [{ 'operation.name': 'ai.generateText planner' }, 'ai.generateText'],
    [{ 'mcp.method.name': 'tools/call' }, 'tools/call'],
    [{ 'llm.request.type': 'chat' }, 'chat'],
    [{ 'operation.name': 'GET /' }, null],
    [{}, null],
  ])('%j → %s', (attrs, op) => {
    expect(operationName(reader(attrs))).toBe(op)
  })
})
