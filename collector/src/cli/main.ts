/**
 * @module cli/main
 * The `loupe` command's entry (`collector/bin/loupe.js` loads it through tsx): plugs the process
 * into `run` and sets the exit code. A crash here is a bug: it prints its stack and exits 1.
 */
import { run } from './run.ts'

// `loupe traces | head` closes stdout early; that is not an error
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw err
})

try {
  process.exitCode = await run(process.argv.slice(2), {
    env: process.env,
    now: Date.now,
    fetch,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  })
} catch (err) {
  process.stderr.write(
    `loupe: internal error (a bug, please report it):\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  )
  process.exitCode = 1
}
