/**
 * @module cost/load
 * The bundled price table, overlaid with the user's price file (`LOUPE_PRICES_FILE`) when one is
 * configured. The file is read through `readFile` so this stays testable; a bad file stops start-up.
 */
import { buildPriceBook, bundledPriceFile, parsePriceFile, type PriceBook } from './price-book.ts'

/** Past this age the bundled table is likely to miss models released since, which then show as unpriced. */
const STALE_AFTER_DAYS = 90

/**
 * A warning when the bundled table was last checked more than STALE_AFTER_DAYS before `now`
 * and no price file adds to it, else null.
 */
export function stalePricesWarning(book: PriceBook, now: number): string | null {
  if (book.updated.user !== null) return null
  const days = Math.floor((now - Date.parse(book.updated.bundled)) / 86_400_000)
  if (days <= STALE_AFTER_DAYS) return null
  return (
    `the bundled price table was last checked on ${book.updated.bundled}, ${days} days ago: models released since then ` +
    'are unpriced (GET /api/prices?model=… tells); add them with LOUPE_PRICES_FILE, or update Loupe'
  )
}

export function loadPriceBook(userFile: string | null, readFile: (path: string) => string): PriceBook {
  if (userFile === null) return buildPriceBook(bundledPriceFile())
  let text: string
  try {
    text = readFile(userFile)
  } catch (err) {
    throw new Error(`LOUPE_PRICES_FILE: cannot read ${userFile}: ${(err as Error).message}`, { cause: err })
  }
  return buildPriceBook(bundledPriceFile(), parsePriceFile(text, `LOUPE_PRICES_FILE ${userFile}`))
}
