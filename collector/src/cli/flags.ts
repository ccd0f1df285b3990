/**
 * @module cli/flags
 * Pure: one command's flags through node:util `parseArgs` (strict: an unknown flag or a missing
 * value is an error), with its errors reworded as UsageErrors that name the flag and the command.
 */
import { parseArgs } from 'node:util'
import { UsageError } from './errors.ts'

/** Words left after the command's own are mistakes, such as a value given to a flag that takes none. */
export function rejectExtra(command: string, extra: readonly string[]): void {
  if (extra.length > 0)
    throw new UsageError(`${command}: unexpected argument "${extra[0]}"; see loupe ${command} --help`)
}

type Options = Parameters<typeof parseArgs>[0] extends infer C
  ? C extends { options?: infer O }
    ? NonNullable<O>
    : never
  : never

/** node:util parseArgs, strict, with its errors reworded to name the flag and the command. */
export function parseFlags<const O extends Options>(command: string, flags: readonly string[], options: O) {
  let parsed
  try {
    parsed = parseArgs({ args: [...flags], options, strict: true, allowPositionals: true })
  } catch (err) {
    throw new UsageError(rewordParseError(command, err))
  }
  rejectExtra(command, parsed.positionals)
  return parsed.values
}

function rewordParseError(command: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  const code = (err as { code?: unknown }).code
  const flag = /'(?:-\w, )?(-[^' ]+)/.exec(message)?.[1] ?? '?'
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return `unknown flag ${flag} for loupe ${command}; see loupe ${command} --help`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take an argument')) return `${flag} does not take a value`
    if (message.includes('ambiguous'))
      return `${flag}: needs a value (write ${flag}=VALUE for one that starts with "-")`
    return `${flag}: needs a value`
  }
  return message
}
