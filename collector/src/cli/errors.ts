/**
 * @module cli/errors
 * The CLI's exit codes and the one error class per expected failure. Scripts branch on the code,
 * people read the message; neither ever sees a stack trace for these. A tripped `--fail-on` gate is
 * not an error: the command succeeded and reports a finding, so `run` returns EXIT.gate itself.
 */

/** Exit codes, a contract with scripts: listed in `loupe --help`, never renumbered. */
export const EXIT = {
  ok: 0,
  /** unknown command or flag, or a bad flag value */
  usage: 2,
  /** no HTTP answer: connection refused, DNS failure, timeout */
  unreachable: 3,
  /** the server answered with a 4xx/5xx status */
  server: 4,
  /** the server answered 2xx, but not with what the API contract says */
  schema: 5,
  /** the report printed in full, and its `--fail-on` threshold was met (a failed check, a drift) */
  gate: 6,
} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** An expected failure: its message is printed as is, prefixed with `loupe: `. */
export abstract class CliError extends Error {
  abstract readonly exitCode: ExitCode
}

export class UsageError extends CliError {
  override readonly name = 'UsageError'
  readonly exitCode = EXIT.usage
}

export class UnreachableError extends CliError {
  override readonly name = 'UnreachableError'
  readonly exitCode = EXIT.unreachable
}

export class ServerError extends CliError {
  override readonly name = 'ServerError'
  readonly exitCode = EXIT.server
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export class SchemaError extends CliError {
  override readonly name = 'SchemaError'
  readonly exitCode = EXIT.schema
}
