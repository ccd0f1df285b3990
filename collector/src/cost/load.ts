/**
 * @module cost/load
 * The bundled price table, overlaid with the user's price file (`LOUPE_PRICES_FILE`) when one is
 * configured. The file is read through `readFile` so this stays testable; a bad file stops start-up.
 */
import { buildPriceBook, bundledPriceFile, parsePriceFile, type PriceBook } from './price-book.ts'

export function loadPriceBook(userFile: string | null, readFile: (path: string) => string): PriceBook {
  if (userFile === null) return buildPriceBook(bundledPriceFile())
  let text: string
  try {
    text = readFile(userFile)
  } catch (err) {
    throw new Error(`LOUPE_PRICES_FILE: cannot read ${userFile}: ${(err as Error).message}`)
  }
  return buildPriceBook(bundledPriceFile(), parsePriceFile(text, `LOUPE_PRICES_FILE ${userFile}`))
}
