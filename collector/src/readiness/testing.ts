/**
 * @module readiness/testing
 * Builders for hand-built readiness spans, shared by the checks' unit tests. Not used at runtime.
 *
 * A `Run` is one trace of one agent: a root agent span (no parent, with output) at t = 0 lasting a
 * minute, then each added span starts one second after the previous one and lasts half a second,
 * under the root, unless `startMs`, `durationMs` or `parentSpanId` say otherwise.
 */
import type { ReadinessCheck } from '@loupe/schema'
import type { CheckFn } from './check.ts'
import { buildAgentViews } from './trace-view.ts'
import { DEFAULT_RISKY_TOOL_PATTERNS } from './risky-tools.ts'
import { DEFAULT_TOOL_TIMEOUT_MS, type AgentPolicy, type ReadinessSpan } from './types.ts'

type Over = Partial<ReadinessSpan>

/** A valid 32-hex trace id for a small number: tid(1) = '000…01'. */
export const tid = (n: number): string => n.toString(16).padStart(32, '0')

export const POLICY: AgentPolicy = {
  budgetUsd: null,
  toolTimeoutMs: DEFAULT_TOOL_TIMEOUT_MS,
  maxSteps: null,
  riskyToolPatterns: [...DEFAULT_RISKY_TOOL_PATTERNS],
  allowedTools: null,
}

export function rspan(over: Over = {}): ReadinessSpan {
  return {
    traceId: tid(1),
    spanId: '0000000000000001',
    parentSpanId: null,
    name: 'span',
    serviceName: 'svc',
    kind: 'other',
    status: 'unset',
    statusMessage: '',
    errorType: null,
    startMs: 0,
    durationMs: 500,
    model: null,
    provider: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: null,
    isRollup: false,
    toolName: null,
    agentName: 'planner',
    hasToolArguments: false,
    hasToolResult: false,
    hasOutput: false,
    attributes: {},
    eventNames: [],
    ...over,
  }
}

export class Run {
  readonly spans: ReadinessSpan[] = []
  readonly root: ReadinessSpan
  private n = 0
  private clock = 1000

  constructor(
    readonly trace: number,
    readonly agent: string | null = 'planner',
    readonly service = 'svc',
    root: Over = {},
  ) {
    this.root = this.push({
      kind: 'agent',
      name: `invoke_agent ${agent ?? ''}`,
      parentSpanId: null,
      startMs: 0,
      durationMs: 60_000,
      hasOutput: true,
      ...root,
    })
  }

  private push(over: Over): ReadinessSpan {
    this.n += 1
    const s = rspan({
      traceId: tid(this.trace),
      spanId: `${this.trace.toString(16).padStart(8, '0')}${this.n.toString(16).padStart(8, '0')}`,
      parentSpanId: this.spans[0]?.spanId ?? null,
      serviceName: this.service,
      agentName: this.agent,
      startMs: this.clock,
      ...over,
    })
    this.clock = s.startMs + 1000
    this.spans.push(s)
    return s
  }

  /** An LLM call: gpt-4o from openai, 1000 in / 100 out, $0.01 unless overridden. */
  llm(over: Over = {}): ReadinessSpan {
    return this.push({
      kind: 'llm',
      name: 'chat gpt-4o',
      model: 'gpt-4o',
      provider: 'openai',
      inputTokens: 1000,
      outputTokens: 100,
      costUsd: 0.01,
      status: 'ok',
      ...over,
    })
  }

  /** A tool call with arguments and result. */
  tool(name: string, over: Over = {}): ReadinessSpan {
    return this.push({
      kind: 'tool',
      name: `execute_tool ${name}`,
      toolName: name,
      hasToolArguments: true,
      hasToolResult: true,
      status: 'ok',
      ...over,
    })
  }

  /** n LLM + tool turns: 2n steps. */
  turns(n: number, tool = 'search'): this {
    for (let i = 0; i < n; i++) {
      this.llm()
      this.tool(tool)
    }
    return this
  }

  other(over: Over = {}): ReadinessSpan {
    return this.push(over)
  }
}

/** Runs one check over one agent's runs (they must share service and agent). */
export function runCheck(check: CheckFn, runs: readonly Run[], policy: Partial<AgentPolicy> = {}): ReadinessCheck {
  const views = buildAgentViews(runs.flatMap((r) => r.spans))
  const agent = runs[0]?.agent ?? ''
  const view = views.find((v) => v.agentName === (agent ?? '')) ?? views[0]
  if (!view) throw new Error('no spans')
  return check(view, { ...POLICY, ...policy })
}
