/**
 * @module store/testing
 * A complete SpanRecord with plausible defaults, for tests that need rows without going through
 * the normaliser (the store's unit tests, route tests and the store's integration tests). Not used
 * at runtime.
 */
import type { SpanRecord } from '../normalise/span-record.ts'

/** An hour ago, in Unix nanoseconds, rounded to the second: recent enough for any retention. */
export const RECENT_NS = BigInt(Math.floor(Date.now() / 1000) - 3600) * 1_000_000_000n

export function makeSpanRecord(overrides: Partial<SpanRecord> = {}): SpanRecord {
  return {
    projectId: 'default',
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: null,
    name: 'chat gpt-4o',
    serviceName: 'agent',
    kind: 'llm',
    operationName: 'chat',
    status: 'ok',
    statusMessage: '',
    errorType: null,
    startTimeUnixNano: RECENT_NS.toString(),
    endTimeUnixNano: (RECENT_NS + 1_500_000_000n).toString(),
    durationMs: 1500,
    model: 'gpt-4o',
    provider: 'openai',
    inputTokens: 1000,
    outputTokens: 500,
    cacheReadTokens: 200,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.00725,
    costSource: 'computed',
    isRollup: false,
    toolName: null,
    toolCallId: null,
    toolArguments: null,
    toolArgsHash: null,
    toolResult: null,
    agentName: 'planner',
    workflowName: null,
    sessionId: 's-1',
    userId: 'u-1',
    mcpSessionId: null,
    input: '[{"role":"user","content":"hi"}]',
    output: '[{"role":"assistant","content":"hello"}]',
    scopeName: 'test',
    attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': '1000' },
    resourceAttributes: { 'service.name': 'agent' },
    events: [
      { timeUnixNano: (RECENT_NS + 1_000_000_000n).toString(), name: 'gen_ai.choice', attributes: { index: '0' } },
    ],
    links: [],
    ...overrides,
  }
}
