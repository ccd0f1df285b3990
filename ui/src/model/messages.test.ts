import { describe, expect, it } from 'vitest'
import {
  asTurns,
  parseMessages,
  prettyJson,
  safeHref,
  toolNamesById,
  type ContentRef,
  type ParsedMessages,
} from './messages.ts'

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

describe('content given by reference', () => {
  /** The references of the first turn. */
  const refs = (v: unknown): ContentRef[] => {
    const p = parseMessages(j(v))
    return p.kind === 'conversation' ? p.turns[0]!.refs : []
  }

  it('reads OTel GenAI uri and file parts beside text, in the order sent', () => {
    const p = parseMessages(
      j([
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'What is in this picture?' },
            { type: 'uri', uri: 'https://example.com/cat.png', modality: 'image', mime_type: 'image/png' },
            { type: 'file', file_id: 'file-abc123', modality: 'document' },
          ],
        },
      ]),
    )
    expect(brief(p)).toBe('user:What is in this picture?')
    expect(p.kind === 'conversation' && p.turns[0]!.refs).toEqual([
      {
        kind: 'uri',
        uri: 'https://example.com/cat.png',
        href: 'https://example.com/cat.png',
        text: 'https://example.com/cat.png',
        modality: 'image',
        mimeType: 'image/png',
      },
      { kind: 'file', fileId: 'file-abc123', modality: 'document', mimeType: null },
    ])
  })

  it('reads references in a content parts list, without turning them into text', () => {
    const p = parseMessages(j([{ role: 'user', content: [{ type: 'file', file_id: 'f-1' }] }]))
    expect(p.kind === 'conversation' && p.turns[0]).toMatchObject({
      content: '',
      refs: [{ kind: 'file', fileId: 'f-1' }],
    })
  })

  it('reads references from a parts list beside text content (and no text twice)', () => {
    expect(
      refs([
        {
          role: 'user',
          content: 'Summarise this',
          parts: [
            { type: 'text', content: 'Summarise this' },
            { type: 'uri', uri: 'http://files.local/a.pdf' },
          ],
        },
      ]),
    ).toMatchObject([{ kind: 'uri', href: 'http://files.local/a.pdf' }])
    const p = parseMessages(
      j([{ role: 'user', content: 'Summarise this', parts: [{ type: 'text', content: 'Summarise this' }] }]),
    )
    expect(brief(p)).toBe('user:Summarise this')
  })

  it('does not read a parts list twice when it is the content', () => {
    expect(refs([{ role: 'assistant', content: null, parts: [{ type: 'uri', uri: 'https://a.b/c' }] }])).toHaveLength(1)
  })

  it.each<[string, string | null]>([
    ['https://example.com/a?b=1#c', 'https://example.com/a?b=1#c'],
    ['HTTP://Example.com', 'http://example.com/'],
    ['  https://example.com/x  ', 'https://example.com/x'],
    ['javascript:alert(1)', null],
    [' javascript:alert(1)', null],
    ['data:image/png;base64,AAAA', null],
    ['gs://bucket/object.png', null],
    ['file:///etc/passwd', null],
    ['/relative/path.png', null],
    ['not a uri', null],
  ])('safeHref(%j) → %j', (uri, href) => {
    expect(safeHref(uri)).toBe(href)
  })

  it('keeps a non-http URI as text, cut for display', () => {
    const uri = `data:image/png;base64,${'A'.repeat(5000)}`
    const [ref] = refs([{ role: 'user', content: [{ type: 'uri', uri, modality: 'image' }] }])
    expect(ref).toMatchObject({ kind: 'uri', uri, href: null })
    expect(ref?.kind === 'uri' && ref.text.length).toBe(200)
  })

  it('leaves parts that are not references as they were', () => {
    // a uri part without its uri is not a reference: shown as JSON, as any unknown part is
    const p = parseMessages(j([{ role: 'user', content: [{ type: 'uri' }, { type: 'file' }] }]))
    expect(p.kind === 'conversation' && p.turns[0]!.refs).toEqual([])
    expect(p.kind === 'conversation' && p.turns[0]!.content).toContain('"type": "uri"')
  })

  it('gives raw text turns no references', () => {
    expect(asTurns(parseMessages('hello'), 'user')[0]!.refs).toEqual([])
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
