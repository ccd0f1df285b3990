import type { SpanKind } from '@loupe/schema'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { AttrValue, Attributes } from '../otlp/types.ts'
import { reader } from './testing.ts'
import { canonicalArguments, canonicalJson, extractTool } from './tool.ts'

const sha = (s: string): string => createHash('sha256').update(s).digest('hex')
const ctx = (name: string, kind: SpanKind = 'tool') => ({ name, kind, isRoot: false })

describe('canonicalArguments', () => {
  it.each<[string, AttrValue, string]>([
    [
      'JSON string, keys sorted, whitespace dropped',
      '{ "b": 1, "a": { "d": [1, {"z": 0, "y": 1}], "c": null } }',
      '{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}',
    ],
    [
      'structured value',
      { b: 1, a: { d: [1, { z: 0, y: 1 }], c: null } },
      '{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}',
    ],
    ['raw non-JSON string kept', 'Paris', 'Paris'],
    ['broken JSON kept raw', '{"city": "Paris"', '{"city": "Paris"'],
    ['JSON scalar string', '42', '42'],
    ['JSON string literal', '"Paris"', '"Paris"'],
    ['array', '[3, 1, 2]', '[3,1,2]'],
    ['unicode and escapes', '{"q":"caf\\u00e9 \\"x\\""}', '{"q":"café \\"x\\""}'],
  ])('%s', (_l, v, out) => {
    expect(canonicalArguments(v)).toBe(out)
  })

  it('JSON-string and structured arguments hash the same', () => {
    const a = extractTool(reader({ 'gen_ai.tool.call.arguments': '{"unit":"c","city":"Paris"}' }), ctx('t'))
    const b = extractTool(reader({ 'gen_ai.tool.call.arguments': { city: 'Paris', unit: 'c' } }), ctx('t'))
    expect(a.toolArguments).toBe('{"city":"Paris","unit":"c"}')
    expect(a.toolArgsHash).toBe(sha('{"city":"Paris","unit":"c"}'))
    expect(b.toolArgsHash).toBe(a.toolArgsHash)
  })

  it('sorts keys by code unit, deterministically', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, _: 4 })).toBe('{"B":2,"_":4,"a":3,"b":1}')
  })
})

describe('extractTool', () => {
  it.each<[string, string, Attributes, Partial<ReturnType<typeof extractTool>>]>([
    [
      'otel execute_tool (ai v7, pydantic v3)',
      'execute_tool get_weather',
      {
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.tool.call.id': 'call_1',
        'gen_ai.tool.call.arguments': '{"city":"Paris"}',
        'gen_ai.tool.call.result': '{"temp":21}',
      },
      { toolName: 'get_weather', toolCallId: 'call_1', toolArguments: '{"city":"Paris"}', toolResult: '{"temp":21}' },
    ],
    [
      'otel structured result becomes JSON',
      'execute_tool t',
      { 'gen_ai.tool.name': 't', 'gen_ai.tool.call.result': { ok: true } },
      { toolResult: '{"ok":true}' },
    ],
    [
      'name from span name after execute_tool',
      'execute_tool lookup',
      {},
      { toolName: 'lookup', toolArguments: null, toolArgsHash: null },
    ],
    [
      'ai sdk ai.toolCall',
      'ai.toolCall',
      {
        'ai.toolCall.name': 'search',
        'ai.toolCall.id': 'tc1',
        'ai.toolCall.args': '{"q":"x"}',
        'ai.toolCall.result': '"found"',
      },
      { toolName: 'search', toolCallId: 'tc1', toolArguments: '{"q":"x"}', toolResult: '"found"' },
    ],
    [
      'traceloop-rewritten ai.toolCall input/output',
      'ai.toolCall',
      { 'ai.toolCall.name': 's', 'ai.toolCall.input': { q: 'x' }, 'ai.toolCall.output': 'ok' },
      { toolArguments: '{"q":"x"}', toolResult: 'ok' },
    ],
    [
      'OI TOOL: raw non-JSON input.value',
      'get_capital',
      { 'openinference.span.kind': 'TOOL', 'input.value': 'Paris', 'output.value': 'France' },
      { toolName: 'get_capital', toolArguments: 'Paris', toolArgsHash: sha('Paris'), toolResult: 'France' },
    ],
    [
      "OI LangChain TOOL: the result is the ToolMessage content, its call id the call's",
      'get_weather',
      {
        'openinference.span.kind': 'TOOL',
        'input.value': '{"city":"Paris"}',
        'output.value': JSON.stringify({
          lc: 1,
          type: 'constructor',
          id: ['langchain_core', 'messages', 'ToolMessage'],
          kwargs: {
            content: 'Sunny, 21°C',
            tool_call_id: 'call_Xy12',
            name: 'get_weather',
            status: 'success',
            additional_kwargs: {},
            response_metadata: {},
          },
        }),
      },
      {
        toolName: 'get_weather',
        toolCallId: 'call_Xy12',
        toolArguments: '{"city":"Paris"}',
        toolResult: 'Sunny, 21°C',
      },
    ],
    [
      'LangChain ToolMessage under output, content parts kept as JSON',
      'lookup',
      {
        'openinference.span.kind': 'TOOL',
        'output.value': JSON.stringify({
          output: {
            lc: 1,
            type: 'constructor',
            id: ['langchain_core', 'messages', 'ToolMessage'],
            kwargs: { content: [{ type: 'text', text: 'row 3' }], tool_call_id: 'c1' },
          },
        }),
      },
      { toolName: 'lookup', toolCallId: 'c1', toolResult: '[{"type":"text","text":"row 3"}]' },
    ],
    [
      'LangChain messages_to_dict tool message',
      'lookup',
      {
        'openinference.span.kind': 'TOOL',
        'output.value': '{"type":"tool","data":{"content":"row 3","tool_call_id":"c2"}}',
      },
      { toolName: 'lookup', toolCallId: 'c2', toolResult: 'row 3' },
    ],
    [
      'a result that merely looks like a message stays as sent',
      'lookup',
      { 'openinference.span.kind': 'TOOL', 'output.value': '{"type":"tool","name":"x"}' },
      { toolName: 'lookup', toolResult: '{"type":"tool","name":"x"}' },
    ],
    [
      'OI TOOL: tool.name and tool.id',
      'x',
      { 'openinference.span.kind': 'TOOL', 'tool.name': 'calc', 'tool.id': 't9', 'input.value': '{"b":2,"a":1}' },
      { toolName: 'calc', toolCallId: 't9', toolArguments: '{"a":1,"b":2}' },
    ],
    [
      'traceloop entity: kwargs',
      'search.tool',
      {
        'traceloop.span.kind': 'tool',
        'traceloop.entity.name': 'search',
        'traceloop.entity.input': '{"args":[],"kwargs":{"q":"x"}}',
        'traceloop.entity.output': '"r"',
      },
      { toolName: 'search', toolArguments: '{"q":"x"}', toolResult: '"r"' },
    ],
    [
      'traceloop entity: single positional arg',
      'search.tool',
      { 'traceloop.entity.name': 'search', 'traceloop.entity.input': '{"args":[{"q":"x"}],"kwargs":{}}' },
      { toolArguments: '{"q":"x"}' },
    ],
    [
      'traceloop entity: several args',
      'add.tool',
      { 'traceloop.entity.name': 'add', 'traceloop.entity.input': '{"args":[1,2],"kwargs":{}}' },
      { toolArguments: '[1,2]' },
    ],
    [
      'pydantic v2 running tool',
      'running tool',
      { 'gen_ai.tool.name': 'lookup', tool_arguments: '{"id": 3}', tool_response: 'row 3' },
      { toolName: 'lookup', toolArguments: '{"id":3}', toolResult: 'row 3' },
    ],
    [
      'adk execute_tool',
      'execute_tool get_time',
      {
        'gen_ai.tool.name': 'get_time',
        'gen_ai.tool.call.id': 'adk-1',
        'gcp.vertex.agent.tool_call_args': '{"tz":"UTC"}',
        'gcp.vertex.agent.tool_response': '{"t":"12:00"}',
      },
      { toolName: 'get_time', toolCallId: 'adk-1', toolArguments: '{"tz":"UTC"}', toolResult: '{"t":"12:00"}' },
    ],
    [
      'mcp name from gen_ai.tool.name',
      'tools/call weather',
      { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'forecast' },
      { toolName: 'forecast' },
    ],
    [
      'mcp name from span name after method',
      'tools/call weather',
      { 'mcp.method.name': 'tools/call' },
      { toolName: 'weather' },
    ],
    [
      'langsmith tool name from trace.name',
      'x',
      { 'langsmith.span.kind': 'tool', 'langsmith.trace.name': 'multiply' },
      { toolName: 'multiply' },
    ],
    [
      'langfuse tool input/output',
      'fetch',
      {
        'langfuse.observation.type': 'tool',
        'langfuse.observation.input': '{"url":"u"}',
        'langfuse.observation.output': 'body',
      },
      { toolName: 'fetch', toolArguments: '{"url":"u"}', toolResult: 'body' },
    ],
    [
      'precedence: gen_ai args over input.value',
      't',
      { 'gen_ai.tool.call.arguments': '{"a":1}', 'input.value': 'other' },
      { toolArguments: '{"a":1}' },
    ],
  ])('%s', (_l, name, attrs, expected) => {
    expect(extractTool(reader(attrs), ctx(name))).toMatchObject(expected)
  })

  it('hash is SHA-256 hex of the canonical text', () => {
    const t = extractTool(reader({ 'gen_ai.tool.call.arguments': '{"b": 2, "a": 1}' }), ctx('t'))
    expect(t.toolArgsHash).toBe(sha('{"a":1,"b":2}'))
    expect(t.toolArgsHash).toMatch(/^[0-9a-f]{64}$/)
  })
})
