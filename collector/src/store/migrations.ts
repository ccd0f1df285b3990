/**
 * @module store/migrations
 * Numbered, append-only migrations: `NNN_name.sql` files in `@loupe/schema`'s ddl folder, applied
 * in order, each recorded in `schema_migrations`. `{database}` and `{retention_days}` are the only
 * placeholders; statements end with `;` at the end of a line.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface Migration {
  version: number
  name: string
  statements: string[]
}

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/

/** Pure: turns migration files into ordered statements with placeholders filled. */
export function parseMigrations(
  files: ReadonlyArray<{ name: string; text: string }>,
  vars: { database: string; retentionDays: number },
): Migration[] {
  const out: Migration[] = []
  for (const f of files) {
    const m = FILE.exec(f.name)
    if (!m) continue
    const text = f.text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('--'))
      .join('\n')
      .replaceAll('{database}', vars.database)
      .replaceAll('{retention_days}', String(Math.trunc(vars.retentionDays)))
    const statements = text
      .split(/;\s*(?:\n|$)/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
    out.push({ version: Number(m[1]), name: m[2]!, statements })
  }
  out.sort((a, b) => a.version - b.version)
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.version === out[i - 1]!.version) throw new Error(`two migrations numbered ${out[i]!.version}`)
  }
  return out
}

export function readMigrationFiles(dir: string): Array<{ name: string; text: string }> {
  return readdirSync(dir)
    .filter((name) => FILE.test(name))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }))
}
