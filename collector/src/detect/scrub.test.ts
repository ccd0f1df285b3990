import { describe, expect, it } from 'vitest'
import { isVolatileKey, scrub, scrubText, VOLATILE } from './scrub.ts'

describe('scrub', () => {
  it.each([
    ['sorts keys and collapses whitespace', '{"b": 1, "a": "x   y"}', '{"a":"x y","b":1}'],
    ['drops ISO timestamps inside strings', '{"q":"since 2024-05-01T10:00:00Z ok"}', `{"q":"since ${VOLATILE} ok"}`],
    ['drops UUIDs', '{"id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}', `{"id":"${VOLATILE}"}`],
    ['a call with a request id is the call without it', '{"city":"Paris","request_id":"r-1"}', '{"city":"Paris"}'],
    [
      'drops volatile keys whatever they hold',
      '{"city":"Paris","request_id":42,"requestId":"r-9","nonce":"n"}',
      '{"city":"Paris"}',
    ],
    [
      'drops epoch numbers under time-like keys',
      '{"created_at":1714550400,"sentAt":1714550400123}',
      `{"created_at":"${VOLATILE}","sentAt":"${VOLATILE}"}`,
    ],
    ['keeps epoch-sized numbers under other keys', '{"account":1714550400}', '{"account":1714550400}'],
    ['keeps small numbers under time-like keys', '{"time":5}', '{"time":5}'],
    ['keeps page and cursor values: pagination is a different call', '{"page":2}', '{"page":2}'],
    ['scrubs nested arrays', '[{"ts":1,"v":[{"trace_id":"x"}]}]', '[{"v":[{}]}]'],
    ['falls back to text for broken JSON', '{"a": 2024-05-01T10:00:00Z', `{"a": ${VOLATILE}`],
    ['scrubs key=value pairs in plain text', 'GET /x?request_id=abc123&q=1', `GET /x?request_id=${VOLATILE}&q=1`],
    [
      'a result stamped with its call id is the result without it (LangChain ToolMessage)',
      '{"lc":1,"type":"constructor","id":["langchain_core","messages","ToolMessage"],"kwargs":{"content":"Sunny","tool_call_id":"call_8Xk2","name":"get_weather"}}',
      '{"id":["langchain_core","messages","ToolMessage"],"kwargs":{"content":"Sunny","name":"get_weather"},"lc":1,"type":"constructor"}',
    ],
    [
      'drops tool_use_id and function_call_id',
      '{"function_call_id":"fc_1","output":"ok","tool_use_id":"toolu_01"}',
      '{"output":"ok"}',
    ],
    [
      'keeps call_id and run_id: real arguments name them (a workflow run, a phone call)',
      '{"owner":"o","run_id":101}',
      '{"owner":"o","run_id":101}',
    ],
    [
      'scrubs per-call ids in plain text',
      'done: tool_call_id=call_abc, tool_use_id: toolu_def',
      `done: tool_call_id=${VOLATILE}, tool_use_id: ${VOLATILE}`,
    ],
  ])('%s', (_, input, expected) => {
    expect(scrub(input)).toBe(expected)
  })

  it('maps null to the empty string', () => expect(scrub(null)).toBe(''))

  it.each([
    ['request_id', true],
    ['requestId', true],
    ['X-Request-Id', true],
    ['traceId', true],
    ['nonce', true],
    ['tool_call_id', true],
    ['toolCallId', true],
    ['call_id', false],
    ['run_id', false],
    ['tool_use_id', true],
    ['city', false],
    ['request', false],
    ['page', false],
  ])('isVolatileKey(%s) is %s', (key, expected) => expect(isVolatileKey(key)).toBe(expected))

  it('scrubText collapses whitespace', () => expect(scrubText('  a \n\t b ')).toBe('a b'))
  it('scrubs JSON to one canonical form whatever the key order', () =>
    expect(scrub('{"b": [1, {"d": 1, "c": 2}], "a": null}')).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}'))
})
