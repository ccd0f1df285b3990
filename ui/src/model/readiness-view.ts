/**
 * @module model/readiness-view
 * The Readiness view (`/readiness`) shaped from one `/api/reports/readiness` answer: the URL state
 * (filters and the selected agent and check), the agent × check matrix sorted worst first, figure
 * and table formatting by the figure's name, and the effective policy as readable lines. Pure.
 *
 * Invariant: matrix columns are always the ten checks of CHECK_IDS in the report's order; an agent
 * whose answer lacks a check gets an empty cell rather than a shifted row.
 */
import {
  CHECK_IDS,
  type CheckId,
  type EffectivePolicy,
  type ReadinessAgent,
  type ReadinessCheck,
  type ReadinessResponse,
  type Verdict,
} from '@loupe/schema'
import { formatCost, formatDuration } from './format.ts'

/** Colour is never the only signal: each verdict also has a word and a glyph. */
export const VERDICT_INFO: Record<Verdict, { label: string; icon: string; rank: number }> = {
  fail: { label: 'fail', icon: '✕', rank: 3 },
  warn: { label: 'warn', icon: '!', rank: 2 },
  // as in the API's roll-up: not knowing is better than a warning, worse than a pass
  unknown: { label: 'unknown', icon: '?', rank: 1 },
  pass: { label: 'pass', icon: '✓', rank: 0 },
}

/** Short column headers for the matrix, with what each check asks. */
export const CHECK_INFO: Record<CheckId, { short: string; asks: string }> = {
  'step-limit': { short: 'Step limit', asks: 'Is there a cap on steps, and do runs stay under it?' },
  'cost-budget': { short: 'Budget', asks: 'Do traces stay within the cost budget per trace?' },
  'tool-timeouts': { short: 'Timeouts', asks: 'Do tool calls finish within the tool timeout?' },
  'human-approval': { short: 'Approval', asks: 'Is a human or an approval step in front of risky tools?' },
  'tool-allowlist': { short: 'Allowlist', asks: 'Does the agent call only the tools it is allowed to?' },
  observability: { short: 'Telemetry', asks: 'Do spans carry the model, tokens, tool arguments and results?' },
  'graceful-degradation': {
    short: 'Degradation',
    asks: 'When a tool or model fails, does the run still end with an answer?',
  },
  'rate-limiting': {
    short: 'Rate limits',
    asks: 'Are rate-limit errors (429) handled with back-off rather than hammering?',
  },
  fallback: { short: 'Fallback', asks: 'Is there a fallback model or provider when the first one fails?' },
  guardrails: { short: 'Guardrails', asks: 'Do input or output guardrails run?' },
}

const NO_AGENT = '(no agent)'

/** An agent row, addressable in the URL: both names, each URI-encoded, joined by `|`. */
export function rowKey(a: Pick<ReadinessAgent, 'serviceName' | 'agentName'>): string {
  return `${encodeURIComponent(a.serviceName)}|${encodeURIComponent(a.agentName)}`
}

export function parseRowKey(key: string): { serviceName: string; agentName: string } | undefined {
  const parts = key.split('|')
  if (parts.length !== 2) return undefined
  try {
    return { serviceName: decodeURIComponent(parts[0]!), agentName: decodeURIComponent(parts[1]!) }
  } catch {
    return undefined
  }
}

export interface ReadinessState {
  /** sent to the API */
  filters: { service?: string; agent?: string }
  /** the agent whose detail is open (`row`) */
  row?: string
  /** the check highlighted in the detail (`check`) */
  check?: CheckId
}

export function parseReadinessState(params: URLSearchParams): ReadinessState {
  const state: ReadinessState = { filters: {} }
  const service = params.get('service')?.trim()
  if (service) state.filters.service = service
  const agent = params.get('agent')?.trim()
  if (agent) state.filters.agent = agent
  const row = params.get('row')
  if (row && parseRowKey(row)) state.row = row
  const check = params.get('check')
  if (check && (CHECK_IDS as readonly string[]).includes(check)) state.check = check as CheckId
  return state
}

export interface MatrixRow {
  key: string
  serviceName: string
  agentName: string
  label: string
  agent: ReadinessAgent
  /** one per CHECK_IDS entry, in that order */
  cells: Array<{ id: CheckId; check: ReadinessCheck | undefined }>
}

/** Agents worst first: overall verdict, then fails, warnings and unknowns, then by name. */
export function matrixRows(agents: readonly ReadinessAgent[]): MatrixRow[] {
  return [...agents]
    .sort(
      (a, b) =>
        VERDICT_INFO[b.verdict].rank - VERDICT_INFO[a.verdict].rank ||
        b.counts.fail - a.counts.fail ||
        b.counts.warn - a.counts.warn ||
        b.counts.unknown - a.counts.unknown ||
        a.serviceName.localeCompare(b.serviceName) ||
        a.agentName.localeCompare(b.agentName),
    )
    .map((agent) => {
      const byId = new Map(agent.checks.map((c) => [c.id, c]))
      return {
        key: rowKey(agent),
        serviceName: agent.serviceName,
        agentName: agent.agentName,
        label: `${agent.serviceName || '—'} / ${agent.agentName || NO_AGENT}`,
        agent,
        cells: CHECK_IDS.map((id) => ({ id, check: byId.get(id) })),
      }
    })
}

/** The open agent's row, when the URL names one that is in the answer. */
export function selectedRow(rows: readonly MatrixRow[], key: string | undefined): MatrixRow | undefined {
  return key === undefined ? undefined : rows.find((r) => r.key === key)
}

type Unit = 'usd' | 'ms' | 'share' | 'number'

/**
 * What a figure or column measures, read from its name: a `Usd` or `ms` word gives the unit
 * (`costP95Usd`, `toolP95Ms`, "p95 ms"), a last word of share/rate/coverage a fraction. Words like
 * budget or timeout alone do not: `tracesOverBudget` and "timeout errors" are counts.
 */
export function unitOf(name: string): Unit {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9$%]+/)
    .filter(Boolean)
  const last = words[words.length - 1] ?? ''
  if (words.includes('usd') || words.includes('$') || last === 'cost') return 'usd'
  if (words.includes('ms')) return 'ms'
  if (['share', 'rate', 'ratio', 'fraction', 'coverage', 'pct', '%'].includes(last)) return 'share'
  return 'number'
}

function formatShare(v: number): string {
  const pct = v * 100
  if (pct === 0 || pct === 100) return `${pct}%`
  if (Math.abs(pct) < 1) return `${pct.toFixed(1)}%`
  return `${Math.round(pct)}%`
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString('en-US')
  return v.toLocaleString('en-US', { maximumSignificantDigits: 3 })
}

/** A figure's value formatted by its name; null reads as "not measurable". */
export function formatFigure(name: string, value: number | null): string {
  if (value === null) return '—'
  switch (unitOf(name)) {
    case 'usd':
      return formatCost(value)
    case 'ms':
      return formatDuration(value)
    case 'share':
      return formatShare(value)
    case 'number':
      return formatNumber(value)
  }
}

const ACRONYMS: Record<string, string> = { llm: 'LLM', usd: 'USD', http: 'HTTP', api: 'API', mcp: 'MCP' }

/** `stepsP95` → "Steps p95", `toolP95Ms` → "Tool p95" (the unit shows in the value). */
export function figureLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
  const kept = words.length > 1 && /^(usd|ms)$/i.test(words[words.length - 1]!) ? words.slice(0, -1) : words
  const text = kept.map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase()).join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export function formatCell(column: string, value: string | number | null): string {
  if (value === null) return '—'
  if (typeof value === 'string') return value
  return formatFigure(column, value)
}

export interface PolicyLine {
  label: string
  value: string
}

/** The effective policy as label/value lines, saying what a missing setting means. */
export function policyLines(policy: EffectivePolicy): PolicyLine[] {
  return [
    { label: 'Source', value: policy.source ?? 'defaults and environment (no policy file)' },
    { label: 'Budget per trace', value: policy.budgetUsd === null ? 'none set' : formatCost(policy.budgetUsd) },
    { label: 'Tool timeout', value: formatDuration(policy.toolTimeoutMs) },
    { label: 'Risky tools', value: policy.riskyToolPatterns.length > 0 ? policy.riskyToolPatterns.join(', ') : 'none' },
    {
      label: 'Allowed tools',
      value:
        policy.allowedTools === null
          ? 'any (no allowlist)'
          : policy.allowedTools.length > 0
            ? policy.allowedTools.join(', ')
            : 'none',
    },
    { label: 'Agent overrides', value: policy.agents.length > 0 ? policy.agents.join(', ') : 'none' },
  ]
}

/** "12 traces analysed", or "500 of 1,234 traces analysed (the newest)" when the report capped them. */
export function coverageText(res: Pick<ReadinessResponse, 'tracesAnalysed' | 'tracesInRange'>): string {
  const n = (v: number) => v.toLocaleString('en-US')
  if (res.tracesAnalysed >= res.tracesInRange)
    return `${n(res.tracesAnalysed)} of ${n(res.tracesInRange)} trace${res.tracesInRange === 1 ? '' : 's'} in range analysed`
  return `${n(res.tracesAnalysed)} of ${n(res.tracesInRange)} traces in range analysed (the newest)`
}

/** Verdict counts over the whole matrix, for the summary line. */
export function verdictTotals(agents: readonly ReadinessAgent[]): Record<Verdict, number> {
  const out: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 }
  for (const a of agents) for (const v of ['pass', 'warn', 'fail', 'unknown'] as const) out[v] += a.counts[v]
  return out
}

export function traceHref(traceId: string): string {
  return `/traces/${encodeURIComponent(traceId)}`
}
