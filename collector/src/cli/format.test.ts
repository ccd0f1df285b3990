import { describe, expect, it } from 'vitest'
import { toJson, traceListCsv, withFinalNewline } from './format.ts'

describe('csv', () => {
  it('has a column per trace field, lists joined with ;', () => {
    const text = traceListCsv({
      traces: [{
        traceId: '0af7651916cd43dd8448eb211c80319c', rootName: 'root, with comma', serviceNames: ['a', 'b'], agentNames: [],
        models: ['gpt-4o'], startTimeUnixNano: '1738315502000000000', durationMs: 12.5, spanCount: 3, llmCalls: 1,
        toolCalls: 0, inputTokens: 1000, outputTokens: 500, cacheReadTokens: 0, reasoningTokens: 0, costUsd: 0.0075,
        unpricedCalls: 0, errorCount: 0, sessionId: null, userId: 'u1', findingCount: 0,
      }],
      nextCursor: null,
    })
    const [header, row] = text.trimEnd().split('\r\n')
    expect(header?.split(',')).toEqual([
      'traceId', 'startTime', 'startTimeUnixNano', 'durationMs', 'rootName', 'serviceNames', 'agentNames', 'models',
      'spanCount', 'llmCalls', 'toolCalls', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'reasoningTokens',
      'costUsd', 'unpricedCalls', 'errorCount', 'sessionId', 'userId', 'findingCount',
    ])
    expect(row).toBe('0af7651916cd43dd8448eb211c80319c,2025-01-31T09:25:02.000Z,1738315502000000000,12.5,"root, with comma",a;b,,gpt-4o,3,1,0,1000,500,0,0,0.0075,0,0,,u1,0')
  })
})

describe('json and text', () => {
  it('pretty-prints with a final newline', () => {
    expect(toJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n')
  })

  it.each([
    ['a,b\n', 'a,b\n'],
    ['a,b', 'a,b\n'],
    ['', '\n'],
  ])('withFinalNewline(%j)', (text, out) => {
    expect(withFinalNewline(text)).toBe(out)
  })
})
