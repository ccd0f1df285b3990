import { Span } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import type { Attributes, OtlpSpan } from '../otlp/types.ts'
import { durationMs, isNullSpanId, normaliseRequest } from './normalise.ts'
import type { SpanRecord } from './span-record.ts'
import { otlpEvent, otlpSpan, request, TRACE_ID } from './testing.ts'

const one = (span: Partial<OtlpSpan>, resource?: Attributes, scope?: string): SpanRecord => {
  const out = normaliseRequest(request([otlpSpan(span)], resource, scope), 'proj-1')
  expect(out).toHaveLength(1)
  return out[0] as SpanRecord
}

describe('normaliseRequest: envelope fields', () => {
  it('maps ids, names, times, scope, resource and project', () => {
    const r = one(
      {
        spanId: '00f067aa0ba902b7',
        parentSpanId: '53995c3f42cd8ad8',
        name: 'chat gpt-4o',
        attributes: { 'gen_ai.operation.name': 'chat', n: 3, o: { a: [1] } },
        links: [{ traceId: TRACE_ID, spanId: '1111111111111111', traceState: '', attributes: { k: 1 } }],
        events: [otlpEvent('ai.stream.firstChunk', { 'ai.response.msToFirstChunk': 12.5 })],
      },
      { 'service.name': 'travel-agent', 'host.cpus': 2 },
      'gen_ai',
    )
    expect(r).toMatchObject({
      traceId: TRACE_ID,
      spanId: '00f067aa0ba902b7',
      parentSpanId: '53995c3f42cd8ad8',
      name: 'chat gpt-4o',
      serviceName: 'travel-agent',
      scopeName: 'gen_ai',
      projectId: 'proj-1',
      operationName: 'chat',
      kind: 'llm',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000250000000',
      durationMs: 250,
      attributes: { 'gen_ai.operation.name': 'chat', n: '3', o: '{"a":[1]}' },
      resourceAttributes: { 'service.name': 'travel-agent', 'host.cpus': '2' },
      events: [
        {
          timeUnixNano: '1700000000100000000',
          name: 'ai.stream.firstChunk',
          attributes: { 'ai.response.msToFirstChunk': '12.5' },
        },
      ],
      links: [{ traceId: TRACE_ID, spanId: '1111111111111111', attributes: { k: '1' } }],
      costUsd: null,
      costSource: null,
    })
    expect(Span.safeParse(r).success).toBe(true)
  })

  it.each<[string, string | null]>([
    ['', null],
    ['0000000000000000', null],
    ['53995c3f42cd8ad8', '53995c3f42cd8ad8'],
  ])('parent %j → %s', (parent, expected) => {
    expect(one({ parentSpanId: parent }).parentSpanId).toBe(expected)
  })

  it.each<[Attributes, string]>([
    [{ 'service.name': 'api' }, 'api'],
    [{}, 'unknown_service'],
    [{ 'service.name': '' }, 'unknown_service'],
  ])('service name from %j', (resource, name) => {
    expect(one({}, resource).serviceName).toBe(name)
  })

  it.each<[number, string, Attributes, OtlpSpan['events'], string, string | null]>([
    [0, '', {}, [], 'unset', null],
    [1, '', {}, [], 'ok', null],
    [2, 'boom', { 'error.type': 'RateLimitError' }, [], 'error', 'RateLimitError'],
    [
      2,
      'x',
      {},
      [otlpEvent('exception', { 'exception.type': 'TypeError', 'exception.message': 'm' })],
      'error',
      'TypeError',
    ],
    [0, '', { 'error.type': 'timeout' }, [], 'unset', 'timeout'],
    [7, '', {}, [], 'unset', null],
  ])('status code %i', (code, message, attrs, events, status, errorType) => {
    const r = one({ status: { code, message }, attributes: attrs, events })
    expect([r.status, r.statusMessage, r.errorType]).toEqual([status, message, errorType])
  })

  it.each<[string, string, number]>([
    ['1700000000000000000', '1700000000001500000', 1.5],
    ['1700000000000000000', '1700000000000000001', 0.000001],
    ['1700000000000000000', '1699999999000000000', 0],
    ['0', '0', 0],
    ['x', '1', 0],
  ])('durationMs(%s, %s) = %f', (start, end, ms) => {
    expect(durationMs(start, end)).toBe(ms)
  })

  it.each<[string, boolean]>([
    ['', true],
    ['0000000000000000', true],
    ['0000000000000001', false],
  ])('isNullSpanId(%j) = %s', (id, isNull) => {
    expect(isNullSpanId(id)).toBe(isNull)
  })

  it('keeps order across resources and scopes', () => {
    const out = normaliseRequest(
      {
        resourceSpans: [
          {
            resource: { attributes: { 'service.name': 'a' } },
            scopeSpans: [
              {
                scope: { name: 's1', version: '', attributes: {} },
                spans: [otlpSpan({ name: '1' }), otlpSpan({ name: '2' })],
              },
              { scope: { name: 's2', version: '', attributes: {} }, spans: [otlpSpan({ name: '3' })] },
            ],
          },
          {
            resource: { attributes: {} },
            scopeSpans: [{ scope: { name: 's3', version: '', attributes: {} }, spans: [otlpSpan({ name: '4' })] }],
          },
        ],
      },
      'p',
    )
    expect(out.map((s) => [s.name, s.serviceName, s.scopeName])).toEqual([
      ['1', 'a', 's1'],
      ['2', 'a', 's1'],
      ['3', 'a', 's2'],
      ['4', 'unknown_service', 's3'],
    ])
  })
})

/** [label, span name, attributes, expected subset] — one realistic span per convention. */
type Case = [string, string, Attributes, Partial<SpanRecord>]

describe('normaliseRequest: conventions', () => {
  it.each<Case>([
    [
      'otel genai chat',
      'chat gpt-4o',
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 200,
        'gen_ai.usage.cache_read.input_tokens': 800,
        'gen_ai.conversation.id': 'conv-1',
      },
      {
        kind: 'llm',
        model: 'gpt-4o-2024-08-06',
        provider: 'openai',
        inputTokens: 1000,
        outputTokens: 200,
        cacheReadTokens: 800,
        sessionId: 'conv-1',
        isRollup: false,
        workflowName: 'chat gpt-4o',
      },
    ],
    [
      'otel deprecated keys',
      'openai.chat',
      {
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-3.5-turbo',
        'gen_ai.usage.prompt_tokens': '12',
        'gen_ai.usage.completion_tokens': { intValue: 5 },
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': 'hi',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': 'hello',
      },
      {
        kind: 'llm',
        provider: 'openai',
        inputTokens: 12,
        outputTokens: 5,
        input: '[{"role":"user","content":"hi"}]',
        output: '[{"role":"assistant","content":"hello"}]',
      },
    ],
    [
      'openinference openai',
      'OpenAI Chat Completions',
      {
        'openinference.span.kind': 'LLM',
        'llm.system': 'openai',
        'llm.model_name': 'gpt-4o-mini-2024-07-18',
        'llm.token_count.prompt': 50,
        'llm.token_count.completion': 10,
        'llm.token_count.prompt_details.cache_read': 32,
        'llm.cost.total': 0.0001,
        'session.id': 's',
      },
      {
        kind: 'llm',
        provider: 'openai',
        model: 'gpt-4o-mini-2024-07-18',
        inputTokens: 50,
        cacheReadTokens: 32,
        costUsd: 0.0001,
        costSource: 'reported',
        sessionId: 's',
      },
    ],
    [
      'openinference langchain tool',
      'get_capital',
      { 'openinference.span.kind': 'TOOL', 'input.value': 'Paris', 'output.value': 'France' },
      {
        kind: 'tool',
        toolName: 'get_capital',
        toolArguments: 'Paris',
        toolResult: 'France',
        input: null,
        output: null,
        model: null,
        provider: null,
      },
    ],
    [
      'openinference chain with tokens is a rollup',
      'RunnableSequence',
      { 'openinference.span.kind': 'CHAIN', 'llm.token_count.prompt': 10 },
      { kind: 'chain', isRollup: true },
    ],
    [
      'traceloop entity workflow',
      'plan_trip.workflow',
      {
        'traceloop.span.kind': 'workflow',
        'traceloop.entity.name': 'plan_trip',
        'traceloop.workflow.name': 'plan_trip',
        'traceloop.association.properties.user_id': 'u',
      },
      { kind: 'chain', workflowName: 'plan_trip', userId: 'u', agentName: null, isRollup: false },
    ],
    [
      'traceloop entity agent',
      'planner.agent',
      { 'traceloop.span.kind': 'agent', 'traceloop.entity.name': 'planner' },
      { kind: 'agent', agentName: 'planner' },
    ],
    [
      'traceloop entity tool',
      'search.tool',
      {
        'traceloop.span.kind': 'tool',
        'traceloop.entity.name': 'search',
        'traceloop.entity.input': '{"args":[],"kwargs":{"q":"x"}}',
      },
      { kind: 'tool', toolName: 'search', toolArguments: '{"q":"x"}' },
    ],
    [
      'ai sdk v7 invoke_agent root',
      'invoke_agent weather',
      {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'weather',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 300,
        'gen_ai.usage.output_tokens': 40,
      },
      { kind: 'agent', agentName: 'weather', isRollup: true, inputTokens: 300, operationName: 'invoke_agent' },
    ],
    ['ai sdk v7 step', 'step 1', { 'gen_ai.operation.name': 'agent_step' }, { kind: 'chain', isRollup: false }],
    [
      'ai sdk v7 execute_tool',
      'execute_tool weather',
      {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'weather',
        'gen_ai.tool.call.id': 'call_1',
        'gen_ai.tool.call.arguments': { city: 'Paris' },
        'gen_ai.tool.call.result': { temp: 21 },
      },
      {
        kind: 'tool',
        toolName: 'weather',
        toolCallId: 'call_1',
        toolArguments: '{"city":"Paris"}',
        toolResult: '{"temp":21}',
        input: null,
        output: null,
      },
    ],
    [
      'ai sdk legacy root',
      'ai.generateText',
      {
        'ai.operationId': 'ai.generateText',
        'operation.name': 'ai.generateText planner',
        'ai.telemetry.functionId': 'planner',
        'ai.model.id': 'claude-3-5-haiku',
        'ai.model.provider': 'anthropic.messages',
        'ai.usage.promptTokens': 100,
        'ai.usage.completionTokens': 10,
        'ai.prompt': '{"prompt":"Plan"}',
        'ai.response.text': 'Done',
      },
      {
        kind: 'agent',
        agentName: 'planner',
        provider: 'anthropic',
        isRollup: true,
        operationName: 'ai.generateText',
        input: '[{"role":"user","content":"Plan"}]',
        output: '[{"role":"assistant","content":"Done"}]',
      },
    ],
    [
      'ai sdk legacy doGenerate',
      'ai.generateText.doGenerate',
      {
        'ai.operationId': 'ai.generateText.doGenerate',
        'gen_ai.system': 'openai.chat',
        'gen_ai.request.model': 'gpt-4o',
        'ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 10,
        'ai.telemetry.functionId': 'planner',
      },
      { kind: 'llm', provider: 'openai', model: 'gpt-4o-2024-08-06', agentName: null, isRollup: false },
    ],
    [
      'ai sdk legacy toolCall',
      'ai.toolCall',
      {
        'ai.operationId': 'ai.toolCall',
        'ai.toolCall.name': 'w',
        'ai.toolCall.id': 'x',
        'ai.toolCall.args': '{"b":1,"a":2}',
      },
      { kind: 'tool', toolName: 'w', toolCallId: 'x', toolArguments: '{"a":2,"b":1}' },
    ],
    [
      'ai sdk embed.doEmbed',
      'ai.embed.doEmbed',
      { 'ai.operationId': 'ai.embed.doEmbed', 'ai.model.id': 'text-embedding-3-small', 'ai.usage.tokens': 8 },
      { kind: 'embedding', inputTokens: 8, provider: 'openai' },
    ],
    [
      'langfuse generation',
      'llm-call',
      {
        'langfuse.observation.type': 'generation',
        'langfuse.observation.model.name': 'gemini-2.5-flash',
        'user.id': 'u1',
        'session.id': 's1',
        'langfuse.observation.usage_details': '{"input":100,"input_cached_tokens":50,"output":10}',
        'langfuse.observation.cost_details': '{"total":0.002}',
      },
      {
        kind: 'llm',
        provider: 'gcp.gemini',
        inputTokens: 150,
        cacheReadTokens: 50,
        costUsd: 0.002,
        costSource: 'reported',
        userId: 'u1',
        sessionId: 's1',
      },
    ],
    [
      'langsmith retriever',
      'retrieve_docs',
      {
        'langsmith.span.kind': 'retriever',
        'gen_ai.operation.name': 'embeddings',
        'langsmith.trace.session_id': 'project-x',
      },
      { kind: 'retriever', sessionId: null },
    ],
    [
      'pydantic chat with operation.cost',
      'chat gpt-4o',
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'operation.cost': 0.0031,
        'gen_ai.usage.input_tokens': 20,
      },
      { kind: 'llm', costUsd: 0.0031, costSource: 'reported' },
    ],
    [
      'pydantic v2 agent run',
      'agent run',
      { agent_name: 'support', 'gen_ai.usage.input_tokens': 40 },
      { kind: 'agent', agentName: 'support', isRollup: true },
    ],
    [
      'adk call_llm',
      'call_llm',
      {
        'gen_ai.system': 'gcp.vertex.agent',
        'gen_ai.request.model': 'gemini-2.0-flash',
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.output_tokens': 80,
        'gcp.vertex.agent.llm_response':
          '{"content":{"role":"model","parts":[{"text":"ok"}]},"usageMetadata":{"promptTokenCount":1200,"candidatesTokenCount":80,"cachedContentTokenCount":1000}}',
        'gcp.vertex.agent.session_id': 'adk-s',
      },
      {
        kind: 'llm',
        provider: 'gcp.gemini',
        cacheReadTokens: 1000,
        sessionId: 'adk-s',
        output: '[{"role":"assistant","content":"ok"}]',
      },
    ],
    [
      'mcp tools/call',
      'tools/call weather',
      { 'mcp.method.name': 'tools/call', 'mcp.session.id': 'mcp-1', 'gen_ai.conversation.id': 'c' },
      { kind: 'tool', toolName: 'weather', mcpSessionId: 'mcp-1', sessionId: 'c', operationName: 'tools/call' },
    ],
    [
      'fetch_response reports no tokens',
      'fetch_response',
      { 'gen_ai.operation.name': 'fetch_response', 'gen_ai.usage.input_tokens': 10 },
      { kind: 'llm', inputTokens: 0 },
    ],
    [
      'plain http span',
      'GET /health',
      { 'http.request.method': 'GET' },
      { kind: 'other', model: null, provider: null, toolName: null, input: null, output: null },
    ],
  ])('%s', (_l, name, attrs, expected) => {
    const r = one({ name, attributes: attrs })
    expect(r).toMatchObject(expected)
    // every attribute is kept, raw
    expect(Object.keys(r.attributes).sort()).toEqual(Object.keys(attrs).sort())
    expect(Span.safeParse(r).success).toBe(true)
  })
})
