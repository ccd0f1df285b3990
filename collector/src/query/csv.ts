/**
 * @module query/csv
 * RFC 4180 CSV: a header line, then one line per row; fields with commas, quotes or line breaks
 * are quoted, quotes doubled. Fields starting with = + - @ are prefixed with ' so a spreadsheet
 * does not run span content as a formula.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n'
}

function field(v: string | number): string {
  if (typeof v === 'number') return String(v)
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}
