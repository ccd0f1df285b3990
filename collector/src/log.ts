/**
 * @module log
 * Structured logs as JSON lines on stderr, so stdout stays free for whatever runs us.
 */
type Fields = Record<string, unknown>

function write(level: string, message: string, fields?: Fields): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`)
}

export const log = {
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
}
