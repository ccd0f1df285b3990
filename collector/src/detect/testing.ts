/**
 * @module detect/testing
 * A builder for hand-built agent traces, shared by the detectors' unit tests. Not used at runtime.
 * Each added step starts one second after the previous one and lasts half a second, so steps never
 * overlap unless added together with `parallel`.
 */
import type { DetectSpan } from './types.ts'

const TRACE = '0af7651916cd43dd8448eb211c80319c'
const S = 1_000_000_000n
const T0 = 1_800_000_000n * S

type Over = Partial<DetectSpan>

const json = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v)

function span(spanId: string, over: Over = {}): DetectSpan {
  return {
    traceId: TRACE,
    spanId,
    parentSpanId: 'root000000000000',
    name: spanId,
    kind: 'other',
    status: 'ok',
    statusMessage: '',
    errorType: null,
    startTimeUnixNano: T0.toString(),
    endTimeUnixNano: (T0 + S / 2n).toString(),
    model: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: null,
    isRollup: false,
    toolName: null,
    toolArguments: null,
    toolResult: null,
    agentName: 'planner',
    input: null,
    output: null,
    ...over,
  }
}

export class TraceBuilder {
  readonly spans: DetectSpan[] = []
  private seconds = 0
  private n = 0
  agent: string

  constructor(agent = 'planner') {
    this.agent = agent
  }

  private nextId(): string {
    this.n += 1
    return this.n.toString(16).padStart(16, '0')
  }

  private at(seconds: number, over: Over): Over {
    const start = T0 + BigInt(Math.round(seconds * 1000)) * 1_000_000n
    return {
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + S / 2n).toString(),
      agentName: this.agent,
      ...over,
    }
  }

  private add(over: Over, advance = true): DetectSpan {
    const s = span(this.nextId(), this.at(this.seconds, over))
    if (advance) this.seconds += 1
    this.spans.push(s)
    return s
  }

  /** An LLM call: 1000 in / 100 out, $0.01 unless overridden. */
  llm(over: Over = {}): DetectSpan {
    return this.add({
      kind: 'llm',
      name: 'chat',
      model: 'gpt-4o',
      inputTokens: 1000,
      outputTokens: 100,
      costUsd: 0.01,
      ...over,
    })
  }

  tool(name: string, args: unknown, result: unknown, over: Over = {}): DetectSpan {
    return this.add({
      kind: 'tool',
      name: `execute_tool ${name}`,
      toolName: name,
      toolArguments: json(args),
      toolResult: json(result),
      ...over,
    })
  }

  /** An LLM call that requests one tool call, then the call. */
  turn(name: string, args: unknown, result: unknown, over: Over = {}, llm: Over = {}): DetectSpan {
    this.llm(llm)
    return this.tool(name, args, result, over)
  }

  /** Tool calls started together by one LLM call. */
  parallel(calls: ReadonlyArray<[name: string, args: unknown, result: unknown]>): DetectSpan[] {
    this.llm()
    const out = calls.map(([name, args, result]) =>
      this.add(
        {
          kind: 'tool',
          name: `execute_tool ${name}`,
          toolName: name,
          toolArguments: json(args),
          toolResult: json(result),
        },
        false,
      ),
    )
    this.seconds += 1
    return out
  }

  /** Any other span (agent, chain, rollup) at the current time. */
  other(over: Over): DetectSpan {
    return this.add(over)
  }

  /** `n` identical turns */
  repeat(n: number, name: string, args: unknown, result: unknown, over: Over = {}): this {
    for (let i = 0; i < n; i++) this.turn(name, args, result, over)
    return this
  }
}
