/**
 * @module readiness/types
 * What the readiness checks read: a light view of a span, with only the attributes and event
 * names that can show an approval gate, a guardrail decision, a rate limit or a retry. The store
 * read (query/readiness.ts) builds these; the checks are pure functions over them.
 */
import type { SpanRecord } from '../normalise/span-record.ts'

export type ReadinessSpan = Pick<
  SpanRecord,
  | 'traceId'
  | 'spanId'
  | 'parentSpanId'
  | 'name'
  | 'serviceName'
  | 'kind'
  | 'status'
  | 'statusMessage'
  | 'errorType'
  | 'model'
  | 'provider'
  | 'inputTokens'
  | 'outputTokens'
  | 'costUsd'
  | 'isRollup'
  | 'toolName'
  | 'agentName'
> & {
  startMs: number
  durationMs: number
  hasToolArguments: boolean
  hasToolResult: boolean
  /** the span carries display output (a final answer, on an agent or root span) */
  hasOutput: boolean
  /** only keys the checks read: approval/human/interrupt/guardrail/http status/retry/error keys */
  attributes: Record<string, string>
  eventNames: string[]
}

/** The policy one agent is judged against (defaults ← env ← policy file ← the file's agent entry). */
export interface AgentPolicy {
  /** cost budget per trace in USD; null when none is configured */
  budgetUsd: number | null
  toolTimeoutMs: number
  /** the step limit the team says it set; null: infer a cap from the distribution */
  maxSteps: number | null
  /** whole words of the tool name, or /regular expressions/ (readiness/risky-tools.ts) */
  riskyToolPatterns: string[]
  /** exact tool names or globs with `*`; null when no allowlist is configured */
  allowedTools: string[] | null
}

export interface Policy {
  /** the file it came from, null when only defaults and env apply */
  source: string | null
  defaults: AgentPolicy
  /** per agent name overrides, already merged over `defaults` */
  agents: Record<string, AgentPolicy>
}

export const DEFAULT_TOOL_TIMEOUT_MS = 30_000

export function policyFor(policy: Policy, agentName: string): AgentPolicy {
  return policy.agents[agentName] ?? policy.defaults
}
