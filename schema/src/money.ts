/**
 * @module money
 * How an amount of US dollars reads, the same in detector messages, readiness summaries, the CLI
 * and the UI: cents from $1 up (`$1,234.57`), and below that three decimals or as many as two
 * significant digits need, whichever is more, less trailing zeros (`$0.787`, `$0.25`, `$0.053`,
 * `$0.0073`, `$0.00067`), so a small amount never rounds to `$0.00`. Exactly zero is `$0`. Always
 * en-US, whatever the machine's locale.
 */

/** At most this many decimals (Intl's limit): only an amount below 1e-20 dollars shows as zero. */
const MAX_DECIMALS = 20

const formats = new Map<number, Intl.NumberFormat>()

function numberFormat(decimals: number): Intl.NumberFormat {
  let f = formats.get(decimals)
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    formats.set(decimals, f)
  }
  return f
}

/** The decimals `formatUsd` gives one amount: 2 from $1 up; below, up to 3 or two significant digits, less trailing zeros. */
export function usdDecimals(usd: number): number {
  const abs = Math.abs(usd)
  if (abs === 0 || abs >= 1) return 2
  const text = abs.toFixed(Math.min(MAX_DECIMALS, Math.max(3, 1 - Math.floor(Math.log10(abs)))))
  // 0.9996 rounds up to a dollar: cents, like any other dollar
  if (Number(text) >= 1) return 2
  // $0.25, not $0.250: a zero the precision did not need says nothing
  return Math.max(2, text.replace(/0+$/, '').length - text.indexOf('.') - 1)
}

/**
 * Dollars (see the module comment). `decimals` overrides the precision, for a column that lines
 * up its decimal points.
 *
 * @example formatUsd(0.00067) // '$0.00067'
 */
export function formatUsd(usd: number, decimals?: number): string {
  if (usd < 0) return `-${formatUsd(-usd, decimals)}`
  if (usd === 0 && decimals === undefined) return '$0'
  return `$${numberFormat(decimals ?? usdDecimals(usd)).format(usd)}`
}
