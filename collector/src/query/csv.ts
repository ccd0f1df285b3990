/**
 * @module query/csv
 * RFC 4180 CSV, for the API's reports and the CLI alike: a header line, then one line per row; fields with commas, quotes or line breaks
 * are quoted, quotes doubled. Fields starting with = + - @ are prefixed with ' so a spreadsheet
 * does not run span content as a formula.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/** One field; null is empty. */
export function csvField(v: string | number | null): string {
  if (v === null) return ''
  if (typeof v === 'number') return String(v)
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}
