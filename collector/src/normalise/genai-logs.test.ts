import { describe, expect, it } from 'vitest'
import { contentFromLogs, fillFromLogs, type GenAiLog } from './genai-logs.ts'

const at = (n: number) => `${1_764_900_000_000_000_000n + BigInt(n)}`
const log = (eventName: string, body: unknown, attributes: Record<string, string> = {}, time = 0): GenAiLog => ({
  timeUnixNano: at(time),
  eventName,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attributes,
})

describe('contentFromLogs', () => {
  it('reads the current event with its content in the body, or in attributes as JSON text', () => {
    const inBody = log('gen_ai.client.inference.operation.details', {
      'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }],
      'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'text', content: 'Sunny, 21°C' }] }],
    })
    expect(contentFromLogs([inBody])).toEqual({
      input: JSON.stringify([{ role: 'user', content: 'Weather in Paris?' }]),
      output: JSON.stringify([{ role: 'assistant', content: 'Sunny, 21°C' }]),
    })
    const inAttributes = log('gen_ai.client.inference.operation.details', '', {
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be brief.' }]),
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]),
    })
    expect(JSON.parse(contentFromLogs([inAttributes]).input!)).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ])
  })

  it('reads the older per-message events in time order, gen_ai.choice as output', () => {
    const logs = [
      log('gen_ai.choice', { index: 0, finish_reason: 'stop', message: { content: 'Sunny' } }, {}, 3),
      log('gen_ai.user.message', { content: 'Weather?' }, {}, 2),
      log('gen_ai.system.message', 'Be brief.', {}, 1),
    ]
    expect(contentFromLogs(logs)).toEqual({
      input: JSON.stringify([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
      ]),
      output: JSON.stringify([{ role: 'assistant', content: 'Sunny' }]),
    })
  })
})

describe('fillFromLogs', () => {
  const span = (spanId: string, kind: string, input: string | null, output: string | null) => ({
    spanId,
    kind,
    input,
    output,
  })
  const logs = new Map([
    ['a', [log('gen_ai.user.message', { content: 'from the log' })]],
    ['b', [log('gen_ai.user.message', { content: 'from the log' })]],
    ['c', [log('gen_ai.user.message', { content: 'from the log' })]],
  ])

  it("fills an LLM span's missing content, keeps the span's own, and leaves other spans alone", () => {
    const spans = [span('a', 'llm', null, null), span('b', 'llm', 'its own', null), span('c', 'tool', null, null)]
    const filled = fillFromLogs(spans, logs)
    expect(filled[0]!.input).toBe(JSON.stringify([{ role: 'user', content: 'from the log' }]))
    expect(filled[1]).toBe(spans[1])
    expect(filled[2]).toBe(spans[2])
  })
})
