/**
 * @module settings-file
 * The one way a settings file (the readiness policy, the alert rules) is read: JSON or YAML by
 * extension, validated with zod, every problem named by its dotted path. Pure; callers read the
 * file and wrap the lines in their own error, naming the variable that pointed at it.
 */
import { parse as parseYaml } from 'yaml'
import type { z } from 'zod'

export type SettingsResult<T> = { ok: true; value: T } | { ok: false; problems: string[] }

/**
 * `knownKeys(path)` lists the keys allowed at a path, for the message of an unknown key; an empty
 * file (or one of comments only) is read as `{}`.
 */
export function parseSettingsFile<S extends z.ZodType>(
  text: string,
  path: string,
  schema: S,
  knownKeys: (path: readonly PropertyKey[]) => readonly string[],
): SettingsResult<z.infer<S>> {
  const ext = /\.(json|ya?ml)$/i.exec(path)?.[1]?.toLowerCase()
  if (ext === undefined) return { ok: false, problems: ['must end in .json, .yaml or .yml'] }
  let raw: unknown
  try {
    raw = ext === 'json' ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    const why = (err as Error).message.split('\n')[0]?.replace(/:$/, '')
    return { ok: false, problems: [`not valid ${ext === 'json' ? 'JSON' : 'YAML'} (${why})`] }
  }
  const parsed = schema.safeParse(raw ?? {})
  if (parsed.success) return { ok: true, value: parsed.data }
  return { ok: false, problems: parsed.error.issues.flatMap((issue) => issueLines(issue, knownKeys)) }
}

/** One line per problem, each led by the dotted path to the field (`agents.planner.budgetUsd`). */
function issueLines(issue: z.core.$ZodIssue, knownKeys: (path: readonly PropertyKey[]) => readonly string[]): string[] {
  const at = (extra: readonly PropertyKey[] = []) => [...issue.path, ...extra].map(String).join('.') || '(top level)'
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path)
    const expected = known.length > 0 ? ` (expected one of ${known.join(', ')})` : ''
    return issue.keys.map((k) => `${at([k])}: unknown key${expected}`)
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) return ['(top level): must be a mapping of settings']
  return [`${at()}: ${issue.message}`]
}
