import { describe, expect, it } from 'vitest'
import { asTurns, parseMessages, prettyJson, toolNamesById, type ParsedMessages } from './messages.ts'

/** `role:content` per turn, tool calls as `→name(args)`, results as `#id`: a conversation on one line. */
function brief(p: ParsedMessages): string {
  if (p.kind !== 'conversation') return `${p.kind}${p.kind === 'empty' ? '' : `:${p.text}`}`
  return p.turns
    .map((t) => {
      let out = `${t.role}${t.label !== t.role ? `(${t.label})` : ''}:${t.json ? t.content.replace(/\s+/g, '') : t.content}`
      for (const c of t.toolCalls) out += ` →${c.name}(${c.arguments.replace(/\s+/g, '')})`
      if (t.toolCallId !== null) out += ` #${t.toolCallId}`
      return out
    })
    .join(' | ')
}

const j = (v: unknown) => JSON.stringify(v)

describe('parseMessages', () => {
  it.each<[string, string | null, string]>([
    ['null', null, 'empty'],
    ['blank', '  ', 'empty'],
    ['raw text', 'What is the weather?', 'text:What is the weather?'],
    ['text that only starts like JSON', '{not json', 'text:{not json'],
    ['a JSON number stays text', '42', 'text:42'],
    // the collector's normalised shape
    [
      'system, user, assistant',
      j([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
      ]),
      'system:Be brief. | user:Hi | assistant:Hello',
    ],
    [
      'assistant tool call then tool result',
      j([
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        },
        { role: 'tool', content: '{"temp":21}', toolCallId: 'call_1' },
      ]),
      'assistant: →get_weather({"city":"Paris"}) | tool:{"temp":21} #call_1',
    ],
    // tolerated shapes the collector would normally have normalised
    [
      'OpenAI tool_calls',
      j([
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c9', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }],
        },
      ]),
      'assistant: →search({"q":"x"})',
    ],
    [
      'parts list with text and a tool_use part',
      j([
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Looking.' },
            { type: 'tool_use', id: 't1', name: 'lookup', input: { id: 7 } },
          ],
        },
      ]),
      'assistant:Looking. →lookup({"id":7})',
    ],
    ['{messages} wrapper', j({ messages: [{ role: 'user', content: 'Q' }] }), 'user:Q'],
    ['a single message object', j({ role: 'assistant', content: 'A' }), 'assistant:A'],
    [
      'role aliases',
      j([
        { role: 'developer', content: 'd' },
        { role: 'human', content: 'h' },
        { role: 'model', content: 'm' },
        { role: 'function', content: 'f' },
      ]),
      'system(developer):d | user(human):h | assistant(model):m | tool(function):f',
    ],
    ['an unknown role with a body is kept, labelled', j([{ role: 'critic', content: 'meh' }]), 'user(critic):meh'],
    // not messages: shown as data
    ['a chain input object', j({ question: 'Why?' }), 'json:{\n  "question": "Why?"\n}'],
    [
      'a list that is only partly messages',
      j([{ role: 'user', content: 'a' }, { x: 1 }]),
      `json:${JSON.stringify([{ role: 'user', content: 'a' }, { x: 1 }], null, 2)}`,
    ],
    ['an empty list', '[]', 'json:[]'],
  ])('%s', (_name, input, want) => {
    expect(brief(parseMessages(input))).toBe(want)
  })

  it('pretty-prints JSON content and marks it', () => {
    const p = parseMessages(j([{ role: 'tool', content: '{"a":[1,2]}', toolCallId: 'x' }]))
    expect(p.kind === 'conversation' && p.turns[0]).toMatchObject({
      content: '{\n  "a": [\n    1,\n    2\n  ]\n}',
      json: true,
    })
  })

  it('keeps markup as plain text', () => {
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    const p = parseMessages(j([{ role: 'assistant', content: evil }]))
    expect(p.kind === 'conversation' && p.turns[0]!.content).toBe(evil)
    expect(parseMessages(evil)).toEqual({ kind: 'text', text: evil })
  })
})

describe('asTurns', () => {
  it.each<[string, string | null, 'user' | 'assistant', string]>([
    ['raw prompt becomes a user turn', 'Tell me a joke', 'user', 'user:Tell me a joke'],
    ['raw completion becomes an assistant turn', 'Why did…', 'assistant', 'assistant:Why did…'],
    ['JSON becomes one JSON turn', '{"a":1}', 'assistant', 'assistant:{\n  "a": 1\n}'],
    ['empty gives none', null, 'user', ''],
  ])('%s', (_name, input, role, want) => {
    expect(
      asTurns(parseMessages(input), role)
        .map((t) => `${t.role}:${t.content}`)
        .join(' | '),
    ).toBe(want)
  })
})

describe('helpers', () => {
  it.each<[string, string | null]>([
    ['{"b":1}', '{\n  "b": 1\n}'],
    ['plain', null],
    ['[1', null],
  ])('prettyJson(%s)', (input, want) => {
    expect(prettyJson(input)).toBe(want)
  })

  it('toolNamesById maps call ids to tool names', () => {
    const p = parseMessages(
      j([
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'a', name: 'one', arguments: '' },
            { name: 'no-id', arguments: '' },
          ],
        },
      ]),
    )
    expect([...toolNamesById(asTurns(p, 'user'))]).toEqual([['a', 'one']])
  })
})
