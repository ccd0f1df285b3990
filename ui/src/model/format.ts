/**
 * @module model/format
 * How numbers read in the UI. Pure.
 */
import { formatUsd } from '@loupe/schema'

/** Dollars as everywhere else (formatUsd in @loupe/schema); `—` when there is no cost. */
export function formatCost(usd: number | null): string {
  return usd === null ? '—' : formatUsd(usd)
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1)}M`
  if (n >= 10_000) return `${Math.round(n / 1000)}k`
  return n.toLocaleString('en-US')
}

export function formatDuration(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)}µs`
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`
  const m = Math.floor(ms / 60_000)
  const s = Math.round((ms % 60_000) / 1000)
  return `${m}m ${s}s`
}

/** Unix nanoseconds (decimal string) → local date-time text. */
export function formatTime(unixNano: string): string {
  const d = new Date(Number(BigInt(unixNano) / 1_000_000n))
  return d.toLocaleString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
}

/** As formatTime, with milliseconds: "01 Jan 2025, 10:00:00.042" (log records come in bursts). */
export function formatTimeMs(unixNano: string): string {
  const ms = (BigInt(unixNano) / 1_000_000n) % 1000n
  return `${formatTime(unixNano)}.${ms.toString().padStart(3, '0')}`
}

export function nanoToMs(unixNano: string): number {
  return Number(BigInt(unixNano) / 1_000_000n)
}
