/**
 * @module readiness/checks/rate-limiting
 * How the agent reacts to rate limits. A rate-limited span is a non-rollup span of the agent whose
 * error type or message says 429 / rate limit / too many requests / quota, or whose HTTP status code
 * attribute is 429. Its retry is the next span of the same operation in the trace (same model for
 * LLM calls, same tool for tool calls, same name otherwise); spacing runs from the end of the
 * rate-limited span to the start of the retry.
 *
 * A chain is a run of same-operation spans where every span but the last was rate-limited. A chain
 * backs off when each spacing is at least 1 s, or spacings grow from one retry to the next and none
 * is immediate. Verdicts: pass when there are no rate-limit errors, or every chain backs off; fail
 * when any retry is immediate (under 100 ms: it hammers the provider); warn otherwise, including
 * rate-limit errors that were never retried (the SDK gave up, or the run did).
 */
import { cmp, fmtMs, makeCheck, plural, rankTraces, round, spread, type CheckFn } from '../check.ts'
import { endMs } from '../trace-view.ts'
import type { ReadinessSpan } from '../types.ts'

const IMMEDIATE_MS = 100
const BACKOFF_MS = 1000

const RATE_LIMIT = /429|rate.?limit|too many requests|quota/i

export function isRateLimited(s: ReadinessSpan): boolean {
  if (s.status !== 'error') return false
  if (RATE_LIMIT.test(s.errorType ?? '') || RATE_LIMIT.test(s.statusMessage)) return true
  return Object.entries(s.attributes).some(([k, v]) => k.toLowerCase().includes('status_code') && v.trim() === '429')
}

function operationOf(s: ReadinessSpan): string {
  if (s.kind === 'llm' || s.kind === 'embedding') return `${s.kind} ${s.model ?? s.name}`
  if (s.kind === 'tool') return `tool ${s.toolName ?? s.name}`
  return `${s.kind} ${s.name}`
}

/** Spacings (ms) of one chain, in order; empty when the first rate limit was never retried. */
interface Chain {
  traceId: string
  operation: string
  rateLimited: number
  spacings: number[]
}

function chainsOf(traceId: string, spans: readonly ReadinessSpan[]): Chain[] {
  const byOp = new Map<string, ReadinessSpan[]>()
  for (const s of spans) {
    // an agent or chain span that fails with its call's 429 repeats that error: only calls count
    if (s.isRollup || s.kind === 'agent' || s.kind === 'chain') continue
    const op = operationOf(s)
    const list = byOp.get(op)
    if (list) list.push(s)
    else byOp.set(op, [s])
  }
  const chains: Chain[] = []
  for (const [operation, list] of byOp) {
    let chain: Chain | null = null
    for (const [i, s] of list.entries()) {
      if (!isRateLimited(s)) {
        chain = null
        continue
      }
      chain ??= { traceId, operation, rateLimited: 0, spacings: [] }
      if (chain.rateLimited === 0) chains.push(chain)
      chain.rateLimited += 1
      const next = list[i + 1]
      if (next) chain.spacings.push(Math.max(0, next.startMs - endMs(s)))
    }
  }
  return chains
}

export function backsOff(spacings: readonly number[]): boolean {
  if (spacings.length === 0) return false
  if (spacings.every((d) => d >= BACKOFF_MS)) return true
  return spacings.length > 1 && spacings.every((d, i) => d >= IMMEDIATE_MS && (i === 0 || d > (spacings[i - 1] ?? 0)))
}

export const rateLimiting: CheckFn = (view) => {
  const chains = view.traces
    .flatMap((t) => chainsOf(t.traceId, t.spans))
    .sort((a, b) => cmp(a.traceId, b.traceId) || cmp(a.operation, b.operation))
  const spacings = chains.flatMap((c) => c.spacings)
  const rateLimited = chains.reduce((n, c) => n + c.rateLimited, 0)
  const immediate = spacings.filter((d) => d < IMMEDIATE_MS).length
  const notRetried = rateLimited - spacings.length
  const { p50 } = spread(spacings)
  const figures = {
    rateLimited,
    retried: spacings.length,
    notRetried,
    immediateRetries: immediate,
    spacingMedianMs: round(p50),
    spacingMinMs: spacings.length === 0 ? null : round(Math.min(...spacings)),
    chainsBackingOff: chains.filter((c) => backsOff(c.spacings)).length,
  }
  const ops = [...new Set(chains.map((c) => c.operation))].sort()
  const table = {
    columns: ['operation', 'rate-limited', 'retried', 'immediate', 'min spacing ms', 'median spacing ms'],
    rows: ops.map((op) => {
      const mine = chains.filter((c) => c.operation === op)
      const ds = mine.flatMap((c) => c.spacings)
      return [
        op,
        mine.reduce((n, c) => n + c.rateLimited, 0),
        ds.length,
        ds.filter((d) => d < IMMEDIATE_MS).length,
        ds.length === 0 ? null : Math.min(...ds),
        round(spread(ds).p50),
      ]
    }),
  }
  const worst = rankTraces(
    chains.map((c) => ({
      traceId: c.traceId,
      score: c.spacings.filter((d) => d < IMMEDIATE_MS).length * 1e6 + (backsOff(c.spacings) ? 0 : 1e3) + c.rateLimited,
    })),
  )
  if (rateLimited === 0) {
    return makeCheck('rate-limiting', {
      verdict: 'pass',
      figures,
      summary: 'No 429 or rate-limit errors in the window.',
    })
  }
  const spaced = `median spacing ${fmtMs(p50)}, min ${fmtMs(figures.spacingMinMs)}`
  if (immediate > 0) {
    return makeCheck('rate-limiting', {
      verdict: 'fail',
      figures,
      table,
      examples: worst,
      summary: `${plural(immediate, 'retry', 'retries')} of ${plural(rateLimited, 'rate-limit error')} came within ${IMMEDIATE_MS} ms (${spaced}): no backoff.`,
    })
  }
  if (chains.every((c) => backsOff(c.spacings))) {
    return makeCheck('rate-limiting', {
      verdict: 'pass',
      figures,
      table,
      examples: worst,
      summary: `All ${plural(spacings.length, 'retry', 'retries')} after ${plural(rateLimited, 'rate-limit error')} backed off (${spaced}).`,
    })
  }
  return makeCheck('rate-limiting', {
    verdict: 'warn',
    figures,
    table,
    examples: worst,
    summary:
      notRetried > 0 && spacings.length === 0
        ? `${plural(rateLimited, 'rate-limit error')}, none retried: the run gave up instead of backing off.`
        : `${plural(rateLimited, 'rate-limit error')}: retries are spaced but show no backoff (${spaced}${notRetried > 0 ? `, ${notRetried} never retried` : ''}).`,
  })
}
