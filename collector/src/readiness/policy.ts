/**
 * @module readiness/policy
 * The readiness policy: cost budgets, tool timeouts, step limits, risky-tool patterns and tool
 * allowlists, from one file (LOUPE_POLICY_FILE, JSON or YAML by extension) validated with zod.
 *
 * Precedence, later wins: built-in defaults ← env (LOUPE_BUDGET_USD, LOUPE_TOOL_TIMEOUT_MS) ← the
 * file's top level ← the file's entry for an agent. A key left out inherits; `null` clears
 * (`budgetUsd: null` exempts an agent from the env budget). Lists replace, never merge, so a file
 * that names `riskyTools` states the whole list.
 *
 * @example
 * ```yaml
 * budgetUsd: 0.50            # per trace
 * toolTimeoutMs: 20000
 * riskyTools: [delete, transfer, "/^rm_/"]   # whole words of the tool name, or /regular expressions/
 * allowedTools: [search_*, get_weather]
 * agents:
 *   planner: { budgetUsd: 2, maxSteps: 40 }
 * ```
 */
import type { EffectivePolicy } from '@loupe/schema'
import { z } from 'zod'
import { parseSettingsFile } from '../settings-file.ts'
import { DEFAULT_RISKY_TOOL_PATTERNS, REGEX_PATTERN } from './risky-tools.ts'
import { DEFAULT_TOOL_TIMEOUT_MS, type AgentPolicy, type Policy } from './types.ts'

/** A bad policy file; the message names the file and the path to each bad field. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError'
}

const riskyPattern = z
  .string()
  .min(1, 'must not be empty')
  .superRefine((p, ctx) => {
    const m = REGEX_PATTERN.exec(p)
    if (!m) return
    try {
      new RegExp(m[1]!, m[2])
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression (${(err as Error).message})` })
    }
  })

const AgentEntry = z
  .strictObject({
    budgetUsd: z.number({ error: 'must be a number (USD per trace) or null' }).positive('must be positive').nullable(),
    toolTimeoutMs: z
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number')
      .positive('must be positive'),
    maxSteps: z
      .number({ error: 'must be a number or null' })
      .int('must be a whole number')
      .positive('must be positive')
      .nullable(),
    riskyTools: z.array(riskyPattern, { error: 'must be a list of patterns' }),
    allowedTools: z
      .array(z.string().min(1, 'must not be empty'), { error: 'must be a list of tool names or globs, or null' })
      .nullable(),
  })
  .partial()

const PolicyFileSchema = AgentEntry.extend({
  agents: z.record(z.string().min(1, 'agent name must not be empty'), AgentEntry, {
    error: 'must map agent names to settings',
  }),
}).partial()

export type PolicyFile = z.infer<typeof PolicyFileSchema>
type Entry = z.infer<typeof AgentEntry>

/** What the env contributes (already validated by config). */
export interface PolicyEnv {
  budgetUsd: number | null
  toolTimeoutMs: number
}

const DEFAULT_POLICY_ENV: PolicyEnv = { budgetUsd: null, toolTimeoutMs: DEFAULT_TOOL_TIMEOUT_MS }

function override(base: AgentPolicy, e: Entry): AgentPolicy {
  return {
    budgetUsd: e.budgetUsd !== undefined ? e.budgetUsd : base.budgetUsd,
    toolTimeoutMs: e.toolTimeoutMs ?? base.toolTimeoutMs,
    maxSteps: e.maxSteps !== undefined ? e.maxSteps : base.maxSteps,
    riskyToolPatterns: e.riskyTools ?? base.riskyToolPatterns,
    allowedTools: e.allowedTools !== undefined ? e.allowedTools : base.allowedTools,
  }
}

/** Pure: defaults ← env ← the file's top level ← each agent's entry. */
export function buildPolicy(
  file: PolicyFile | null,
  source: string | null,
  env: PolicyEnv = DEFAULT_POLICY_ENV,
): Policy {
  const fromEnv: AgentPolicy = {
    budgetUsd: env.budgetUsd,
    toolTimeoutMs: env.toolTimeoutMs,
    maxSteps: null,
    riskyToolPatterns: [...DEFAULT_RISKY_TOOL_PATTERNS],
    allowedTools: null,
  }
  const { agents = {}, ...top } = file ?? {}
  const defaults = override(fromEnv, top)
  return {
    source,
    defaults,
    agents: Object.fromEntries(Object.entries(agents).map(([name, entry]) => [name, override(defaults, entry)])),
  }
}

/** Pure: the file's text → its validated content. `path` picks the format by extension. */
export function parsePolicyFile(text: string, path: string): PolicyFile {
  const result = parseSettingsFile(text, path, PolicyFileSchema, (at) =>
    Object.keys(at.length === 0 ? PolicyFileSchema.shape : AgentEntry.shape),
  )
  if (result.ok) return result.value
  const lines = result.problems
  throw new PolicyError(
    `LOUPE_POLICY_FILE ${path}:${lines.length === 1 ? ` ${lines[0]}` : `\n    ${lines.join('\n    ')}`}`,
  )
}

/**
 * Reads and validates the policy file (none: defaults and env only). `readFile` is injected so
 * config stays testable; a missing or invalid file throws PolicyError.
 */
export function loadPolicy(path: string | null, env: PolicyEnv, readFile: (path: string) => string): Policy {
  if (path === null) return buildPolicy(null, null, env)
  let text: string
  try {
    text = readFile(path)
  } catch (err) {
    throw new PolicyError(`LOUPE_POLICY_FILE ${path}: cannot read it (${(err as Error).message})`)
  }
  return buildPolicy(parsePolicyFile(text, path), path, env)
}

/**
 * The policy as a report applied it: an agent's own entry when the report is about that one
 * agent, else the top level; `agents` lists the agents that have their own entry.
 */
export function effectivePolicy(policy: Policy, agent?: string): EffectivePolicy {
  const p = (agent === undefined ? undefined : policy.agents[agent]) ?? policy.defaults
  return {
    source: policy.source,
    budgetUsd: p.budgetUsd,
    toolTimeoutMs: p.toolTimeoutMs,
    riskyToolPatterns: [...p.riskyToolPatterns],
    allowedTools: p.allowedTools === null ? null : [...p.allowedTools],
    agents: Object.keys(policy.agents).sort(),
  }
}
