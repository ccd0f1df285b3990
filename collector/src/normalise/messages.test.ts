import { describe, expect, it } from 'vitest'
import type { Attributes, OtlpEvent } from '../otlp/types.ts'
import type { Message } from './message-shapes.ts'
import { extractInput, extractOutput } from './messages.ts'
import { otlpEvent, reader } from './testing.ts'

const j = (v: unknown): string => JSON.stringify(v)
const user = (content: string): Message => ({ role: 'user', content })
const assistant = (content: string): Message => ({ role: 'assistant', content })
const system = (content: string): Message => ({ role: 'system', content })
const callMsg = (id: string, name: string, args: string): Message => ({
  role: 'assistant',
  content: '',
  toolCalls: [{ id, name, arguments: args }],
})

type Case = [string, Attributes, OtlpEvent[], string | null]

describe('extractInput', () => {
  it.each<Case>([
    [
      'otel input messages + system instructions',
      {
        'gen_ai.system_instructions': j([{ type: 'text', content: 'Be brief.' }]),
        'gen_ai.input.messages': j([
          { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
          {
            role: 'assistant',
            parts: [{ type: 'tool_call', id: 'c1', name: 'weather', arguments: { city: 'Paris' } }],
          },
          { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: { temp: 21 } }] },
        ]),
      },
      [],
      j([
        system('Be brief.'),
        user('Weather in Paris?'),
        callMsg('c1', 'weather', '{"city":"Paris"}'),
        { role: 'tool', content: '{"temp":21}', toolCallId: 'c1' },
      ]),
    ],
    [
      'otel structured (not string) messages',
      { 'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }] },
      [],
      j([user('hi')]),
    ],
    [
      'openinference flattened',
      {
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.0.message.content': 'You are helpful.',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.contents.0.message_content.type': 'text',
        'llm.input_messages.1.message.contents.0.message_content.text': 'Look',
        'llm.input_messages.1.message.contents.1.message_content.text': 'here',
        'llm.input_messages.2.message.role': 'assistant',
        'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'call_9',
        'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'search',
        'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"q":"x"}',
        'llm.input_messages.10.message.role': 'tool',
        'llm.input_messages.10.message.tool_call_id': 'call_9',
        'llm.input_messages.10.message.content': 'result',
        'input.value': '{"messages":[]}',
      },
      [],
      j([
        system('You are helpful.'),
        user('Look\nhere'),
        callMsg('call_9', 'search', '{"q":"x"}'),
        { role: 'tool', content: 'result', toolCallId: 'call_9' },
      ]),
    ],
    [
      'legacy gen_ai.prompt.N',
      {
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': 'Tell me a joke',
        'gen_ai.prompt.1.role': 'assistant',
        'gen_ai.prompt.1.tool_calls.0.id': 't1',
        'gen_ai.prompt.1.tool_calls.0.name': 'joke_db',
        'gen_ai.prompt.1.tool_calls.0.arguments': '{}',
        'gen_ai.prompt.2.role': 'tool',
        'gen_ai.prompt.2.tool_call_id': 't1',
        'gen_ai.prompt.2.content': 'knock knock',
      },
      [],
      j([
        user('Tell me a joke'),
        callMsg('t1', 'joke_db', '{}'),
        { role: 'tool', content: 'knock knock', toolCallId: 't1' },
      ]),
    ],
    [
      'legacy content as JSON parts',
      {
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': '[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"u"}}]',
      },
      [],
      j([user('a')]),
    ],
    [
      'ai sdk ai.prompt.messages',
      {
        'ai.prompt.messages': j([
          { role: 'system', content: 'sys' },
          { role: 'user', content: [{ type: 'text', text: 'hello' }] },
          { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'a1', toolName: 'w', input: { c: 1 } }] },
          {
            role: 'tool',
            content: [
              { type: 'tool-result', toolCallId: 'a1', toolName: 'w', output: { type: 'json', value: { t: 2 } } },
            ],
          },
        ]),
        'ai.prompt': j({ prompt: 'ignored' }),
      },
      [],
      j([
        system('sys'),
        user('hello'),
        callMsg('a1', 'w', '{"c":1}'),
        { role: 'tool', content: '{"t":2}', toolCallId: 'a1' },
      ]),
    ],
    [
      'ai sdk root ai.prompt {system, prompt}',
      { 'ai.prompt': j({ system: 'S', prompt: 'P' }) },
      [],
      j([system('S'), user('P')]),
    ],
    [
      'ai sdk root ai.prompt {messages}',
      { 'ai.prompt': j({ messages: [{ role: 'user', content: 'M' }] }) },
      [],
      j([user('M')]),
    ],
    [
      'langfuse observation input messages',
      { 'langfuse.observation.input': j([{ role: 'user', content: 'q' }]) },
      [],
      j([user('q')]),
    ],
    ['langfuse observation input raw JSON', { 'langfuse.observation.input': j({ query: 'q' }) }, [], '{"query":"q"}'],
    [
      'pydantic all_messages',
      {
        'pydantic_ai.all_messages': j([
          { role: 'user', parts: [{ type: 'text', content: 'Q' }] },
          { role: 'assistant', parts: [{ type: 'text', content: 'A' }] },
        ]),
      },
      [],
      j([user('Q'), assistant('A')]),
    ],
    [
      'adk llm_request (JS camelCase)',
      {
        'gcp.vertex.agent.llm_request': j({
          model: 'gemini-2.0-flash',
          config: { systemInstruction: 'Be kind.' },
          contents: [
            { role: 'user', parts: [{ text: 'time?' }] },
            { role: 'model', parts: [{ functionCall: { id: 'f1', name: 'get_time', args: { tz: 'UTC' } } }] },
            { role: 'user', parts: [{ functionResponse: { id: 'f1', name: 'get_time', response: { t: '12:00' } } }] },
          ],
        }),
      },
      [],
      j([
        system('Be kind.'),
        user('time?'),
        callMsg('f1', 'get_time', '{"tz":"UTC"}'),
        { role: 'user', content: '{"t":"12:00"}', toolCallId: 'f1' },
      ]),
    ],
    [
      'adk llm_request (Python snake_case)',
      {
        'gcp.vertex.agent.llm_request': j({
          config: { system_instruction: 'S' },
          contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
        }),
      },
      [],
      j([system('S'), user('hi')]),
    ],
    [
      'OI input.value OpenAI request',
      { 'input.value': j({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hey' }] }) },
      [],
      j([user('hey')]),
    ],
    ['OI TOOL input.value raw string', { 'openinference.span.kind': 'TOOL', 'input.value': 'Paris' }, [], 'Paris'],
    [
      'OI chain input.value JSON kept raw',
      { 'input.value': '{"question":"why","role":"analyst"}' },
      [],
      '{"question":"why","role":"analyst"}',
    ],
    [
      'traceloop entity input',
      { 'traceloop.entity.input': '{"args":[],"kwargs":{"city":"Rome"}}' },
      [],
      '{"args":[],"kwargs":{"city":"Rome"}}',
    ],
    [
      'langsmith gen_ai.prompt with LangChain messages',
      {
        'gen_ai.prompt': j({
          messages: [
            [
              {
                lc: 1,
                type: 'constructor',
                id: ['langchain_core', 'messages', 'SystemMessage'],
                kwargs: { content: 'sys' },
              },
              {
                lc: 1,
                type: 'constructor',
                id: ['langchain_core', 'messages', 'HumanMessage'],
                kwargs: { content: 'hi' },
              },
            ],
          ],
        }),
      },
      [],
      j([system('sys'), user('hi')]),
    ],
    [
      'deprecated gen_ai message events',
      {},
      [
        otlpEvent('gen_ai.system.message', { 'gen_ai.system': 'openai', content: 'sys' }),
        otlpEvent('gen_ai.user.message', { content: 'what is {"a":1}?' }),
        otlpEvent('gen_ai.assistant.message', {
          tool_calls: j([{ id: 'x1', type: 'function', function: { name: 'f', arguments: '{}' } }]),
        }),
        otlpEvent('gen_ai.tool.message', { content: 'done', id: 'x1' }),
        otlpEvent('gen_ai.choice', { message: j({ content: 'not input' }) }),
      ],
      j([
        system('sys'),
        user('what is {"a":1}?'),
        callMsg('x1', 'f', '{}'),
        { role: 'tool', content: 'done', toolCallId: 'x1' },
      ]),
    ],
    [
      'operation details event',
      {},
      [
        otlpEvent('gen_ai.client.inference.operation.details', {
          'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'E' }] }],
        }),
      ],
      j([user('E')]),
    ],
    [
      'parts given by reference: kept as references, a blob without its bytes',
      {
        'gen_ai.input.messages': j([
          {
            role: 'user',
            parts: [
              { type: 'text', content: 'What is this?' },
              { type: 'uri', uri: 'https://example.com/cat.png', modality: 'image' },
              { type: 'file', file_id: 'file-abc', modality: 'image' },
              { type: 'blob', content: 'iVBORw0KGgo=', mime_type: 'image/png', modality: 'image' },
            ],
          },
        ]),
      },
      [],
      j([
        {
          role: 'user',
          content: 'What is this?',
          parts: [
            { type: 'uri', uri: 'https://example.com/cat.png', modality: 'image' },
            { type: 'file', file_id: 'file-abc', modality: 'image' },
            { type: 'blob', modality: 'image', mime_type: 'image/png' },
          ],
        },
      ]),
    ],
    [
      'messages win over an earlier raw source',
      { 'langfuse.observation.input': 'plain', 'input.value': j([{ role: 'user', content: 'm' }]) },
      [],
      j([user('m')]),
    ],
    ['nothing', { 'gen_ai.request.model': 'm' }, [], null],
  ])('%s', (_l, attrs, events, expected) => {
    expect(extractInput(reader(attrs), events)).toBe(expected)
  })
})

describe('extractOutput', () => {
  it.each<Case>([
    [
      'otel output messages',
      {
        'gen_ai.output.messages': j([
          {
            role: 'assistant',
            parts: [
              { type: 'reasoning', content: 'hmm' },
              { type: 'text', content: 'Sunny' },
            ],
            finish_reason: 'stop',
          },
        ]),
      },
      [],
      j([assistant('Sunny')]),
    ],
    [
      'openinference flattened',
      {
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': 'Hi there',
      },
      [],
      j([assistant('Hi there')]),
    ],
    [
      'legacy gen_ai.completion.N with function_call',
      {
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.finish_reason': 'tool_calls',
        'gen_ai.completion.0.function_call.name': 'f',
        'gen_ai.completion.0.function_call.arguments': '{"x":1}',
      },
      [],
      j([{ role: 'assistant', content: '', toolCalls: [{ name: 'f', arguments: '{"x":1}' }] }]),
    ],
    ['legacy completion without role', { 'gen_ai.completion.0.content': 'ok' }, [], j([assistant('ok')])],
    [
      'ai sdk text + toolCalls',
      {
        'ai.response.text': 'Let me check',
        'ai.response.toolCalls': j([{ toolCallType: 'function', toolCallId: 'tc', toolName: 'w', args: '{"c":"P"}' }]),
      },
      [],
      j([{ role: 'assistant', content: 'Let me check', toolCalls: [{ id: 'tc', name: 'w', arguments: '{"c":"P"}' }] }]),
    ],
    ['ai sdk object', { 'ai.response.object': '{"answer":42}' }, [], '{"answer":42}'],
    ['langfuse output raw text', { 'langfuse.observation.output': 'done' }, [], 'done'],
    ['pydantic final_result', { final_result: 'The answer is 4' }, [], 'The answer is 4'],
    [
      'adk llm_response',
      {
        'gcp.vertex.agent.llm_response': j({
          content: { role: 'model', parts: [{ text: 'thinking', thought: true }, { text: 'It is noon' }] },
          usageMetadata: {},
        }),
      },
      [],
      j([assistant('It is noon')]),
    ],
    [
      'OI output.value OpenAI response',
      { 'output.value': j({ id: 'r', choices: [{ message: { role: 'assistant', content: 'yo' } }] }) },
      [],
      j([assistant('yo')]),
    ],
    ['OI structured output.value kept as JSON', { 'output.value': { a: 1 } }, [], '{"a":1}'],
    ['traceloop entity output', { 'traceloop.entity.output': '"ok"' }, [], '"ok"'],
    [
      'langsmith gen_ai.completion generations',
      {
        'gen_ai.completion': j({
          generations: [
            [
              {
                text: 'gen',
                message: {
                  lc: 1,
                  type: 'constructor',
                  id: ['langchain_core', 'messages', 'AIMessage'],
                  kwargs: { content: 'gen', tool_calls: [{ id: 'l1', name: 'calc', args: { a: 1 } }] },
                },
              },
            ],
          ],
        }),
      },
      [],
      j([{ role: 'assistant', content: 'gen', toolCalls: [{ id: 'l1', name: 'calc', arguments: '{"a":1}' }] }]),
    ],
    [
      'anthropic message shape',
      {
        'output.value': j({
          role: 'assistant',
          content: [
            { type: 'text', text: 'a' },
            { type: 'tool_use', id: 'tu', name: 'n', input: { k: 1 } },
          ],
        }),
      },
      [],
      j([{ role: 'assistant', content: 'a', toolCalls: [{ id: 'tu', name: 'n', arguments: '{"k":1}' }] }]),
    ],
    [
      'gen_ai.choice event',
      {},
      [otlpEvent('gen_ai.choice', { index: 0, finish_reason: 'stop', message: { content: 'choice text' } })],
      j([assistant('choice text')]),
    ],
    [
      'operation details event output',
      {},
      [
        otlpEvent('gen_ai.client.inference.operation.details', {
          'gen_ai.output.messages': j([{ role: 'assistant', parts: [{ type: 'text', content: 'E' }] }]),
        }),
      ],
      j([assistant('E')]),
    ],
    ['nothing', {}, [otlpEvent('exception', { 'exception.type': 'E' })], null],
  ])('%s', (_l, attrs, events, expected) => {
    expect(extractOutput(reader(attrs), events)).toBe(expected)
  })
})
