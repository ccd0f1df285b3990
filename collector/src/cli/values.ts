/**
 * @module cli/values
 * Pure parsers for flag values. Each takes the flag's name so that its UsageError says which flag
 * was wrong and what a good value looks like.
 */
import { TimeParam } from '@loupe/schema'
import { UsageError } from './errors.ts'

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/

/** `90s`, `30m`, `24h`, `7d`, `2w` (and `500ms`) → milliseconds, > 0. */
export function parseDuration(flag: string, text: string): number {
  const match = DURATION.exec(text.trim())
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN
  if (!(ms > 0) || !Number.isFinite(ms)) {
    throw new UsageError(`${flag}: "${text}" is not a duration like 30m, 24h or 7d`)
  }
  return Math.round(ms)
}

/**
 * A point in time → epoch ms: ISO-8601 or epoch ms (what the API takes), or a duration meaning
 * that long before `now`, so `--from 2d --to 1d` reads as "from two days ago to one day ago".
 */
export function parseTime(flag: string, text: string, now: number): number {
  if (DURATION.test(text.trim())) return now - parseDuration(flag, text)
  const parsed = TimeParam.safeParse(text.trim())
  if (parsed.success) return parsed.data
  throw new UsageError(
    `${flag}: "${text}" is not a time: use ISO-8601 (2025-01-31T12:00:00Z), epoch ms, or a duration ago like 2d`,
  )
}

/** A non-negative amount of dollars; a leading `$` is allowed (`--min-cost '$0.50'`). */
export function parseUsd(flag: string, text: string): number {
  const n = parseNumber(text.trim().replace(/^\$/, ''))
  if (n === null || n < 0) throw new UsageError(`${flag}: "${text}" is not an amount of dollars like 0.5`)
  return n
}

/** Milliseconds: a duration (`2s`, `500ms`) or a plain number of milliseconds. */
export function parseMillis(flag: string, text: string): number {
  const n = parseNumber(text.trim())
  if (n !== null && n >= 0) return n
  if (DURATION.test(text.trim())) return parseDuration(flag, text)
  throw new UsageError(`${flag}: "${text}" is not a duration like 500ms, 2s or 1m`)
}

export function parsePositiveInt(flag: string, text: string): number {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed) && Number(trimmed) >= 1 && Number.isSafeInteger(Number(trimmed))) return Number(trimmed)
  throw new UsageError(`${flag}: "${text}" is not a whole number of at least 1`)
}

/** A probability strictly between 0 and 1, such as a significance level (`--alpha 0.01`). */
export function parseProbability(flag: string, text: string): number {
  const n = parseNumber(text.trim())
  if (n === null || n <= 0 || n >= 1)
    throw new UsageError(`${flag}: "${text}" is not a number between 0 and 1 like 0.05`)
  return n
}

/** The collector's base URL, without a trailing slash. `source` names the flag or variable. */
export function parseBaseUrl(source: string, text: string): string {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw new UsageError(`${source}: "${text}" is not a URL like http://127.0.0.1:4318`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source}: "${text}" is not an http(s) URL like http://127.0.0.1:4318`)
  }
  if (url.search || url.hash) throw new UsageError(`${source}: "${text}" must not have a query or fragment`)
  return url.href.replace(/\/+$/, '')
}

/** `model, service` → ['model', 'service']; the names themselves are the server's to check. */
export function parseList(flag: string, text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (items.length === 0) throw new UsageError(`${flag}: give at least one value, e.g. model,service`)
  return items
}

export function parseChoice<const T extends string>(flag: string, text: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === text.trim())
  if (found === undefined) throw new UsageError(`${flag}: "${text}" is not one of ${choices.join(', ')}`)
  return found
}

function parseNumber(text: string): number | null {
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(text)) return null
  return Number(text)
}
