/**
 * @module readiness/check
 * What every readiness check shares: its signature, titles, the verdict order, and the small
 * formatting and ranking helpers that keep summaries and example lists alike across checks.
 */
import { formatUsd, type CheckId, type FigureTable, type ReadinessCheck, type Verdict } from '@loupe/schema'
import { quantiles } from '../drift/quantiles.ts'
import type { AgentView } from './trace-view.ts'
import type { AgentPolicy } from './types.ts'

/** A check: pure, over one agent's traces and the policy that agent is judged against. */
export type CheckFn = (view: AgentView, policy: AgentPolicy) => ReadinessCheck

const CHECK_TITLES: Readonly<Record<CheckId, string>> = {
  'step-limit': 'Step limit',
  'cost-budget': 'Cost budget',
  'tool-timeouts': 'Tool timeouts',
  'human-approval': 'Human approval',
  'tool-allowlist': 'Tool allowlist',
  observability: 'Observability coverage',
  'graceful-degradation': 'Graceful degradation',
  'rate-limiting': 'Rate limiting',
  fallback: 'Fallback',
  guardrails: 'Guardrails',
}

const MAX_EXAMPLES = 5

/** Worst first: fail > warn > unknown > pass (unknown is no evidence, better than a warning). */
export const VERDICT_RANK: Readonly<Record<Verdict, number>> = { fail: 0, warn: 1, unknown: 2, pass: 3 }

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((w, v) => (VERDICT_RANK[v] < VERDICT_RANK[w] ? v : w), 'pass')
}

export interface CheckParts {
  verdict: Verdict
  summary: string
  figures: Record<string, number | null>
  /** candidates in order, worst first; duplicates are dropped and the list cut to MAX_EXAMPLES */
  examples?: readonly string[]
  table?: FigureTable
}

export function makeCheck(id: CheckId, parts: CheckParts): ReadinessCheck {
  const out: ReadinessCheck = {
    id,
    title: CHECK_TITLES[id],
    verdict: parts.verdict,
    summary: parts.summary,
    figures: parts.figures,
    exampleTraceIds: [...new Set(parts.examples ?? [])].slice(0, MAX_EXAMPLES),
  }
  if (parts.table) out.table = parts.table
  return out
}

/** Trace ids ranked by a score, highest first, ties by trace id (so the order is deterministic). */
export function rankTraces(items: ReadonlyArray<{ traceId: string; score: number }>): string[] {
  return [...items].sort((a, b) => b.score - a.score || cmp(a.traceId, b.traceId)).map((i) => i.traceId)
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** p50, p95 and max; null for each when there are no values. */
export function spread(values: readonly number[]): { p50: number | null; p95: number | null; max: number | null } {
  if (values.length === 0) return { p50: null, p95: null, max: null }
  // the quantile at 1 is the maximum, without spreading a large array into Math.max
  const [p50, p95, max] = quantiles(values, [0.5, 0.95, 1]) as [number, number, number]
  return { p50, p95, max }
}

/** Rounded for a figure: figures are for reading, not for further sums. */
export function round(x: number | null, digits = 0): number | null {
  if (x === null) return null
  const f = 10 ** digits
  return Math.round(x * f) / f
}

export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4)
}

export function fmtNum(x: number | null): string {
  return x === null ? 'n/a' : String(round(x, 1))
}

export function fmtPct(x: number | null): string {
  return x === null ? 'n/a' : `${round(x * 100, 1)}%`
}

export function fmtMs(ms: number | null): string {
  if (ms === null) return 'n/a'
  return ms < 1000 ? `${Math.round(ms)} ms` : `${round(ms / 1000, 1)} s`
}

export function fmtUsd(usd: number | null): string {
  return usd === null ? 'n/a' : formatUsd(usd)
}

/** The first `n` items and how many more: "a, b, c and 2 more". */
export function someOf(items: readonly string[], n: number): string {
  if (items.length <= n) return items.join(', ')
  return `${items.slice(0, n).join(', ')} and ${items.length - n} more`
}

/** "1 trace", "3 traces" */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`
}
