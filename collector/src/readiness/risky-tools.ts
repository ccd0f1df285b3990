/**
 * @module readiness/risky-tools
 * Which tool calls are risky: the policy's patterns, matched against a tool's name.
 *
 * A plain pattern matches whole words of the name, not substrings: names are split into words at
 * `_ - . / :` spaces and camelCase, so `delete` matches `delete_file`, `deleteFile` and
 * `files.delete` but not `undelete`, and `post` matches `http_post` but not `get_postcode`. A
 * pattern of several words (`run_command`) matches those words in a row. A `/regular expression/`
 * (flags allowed, always case-insensitive) matches the name as written.
 *
 * A name that begins with a read verb (`get_charge_status`, `list_orders`) only looks at something,
 * so a plain pattern that matches a later word of it does not make it risky; a pattern that
 * names the read verb itself (`get_secret`) or a regular expression still does. Limit: a name that
 * reads and then acts (`get_and_delete`) is judged by its first word.
 *
 * Words joined without a separator (`deletefile`) are one word; a regular expression catches them.
 */

/** `/body/flags` is a regular expression; anything else is a plain pattern. */
export const REGEX_PATTERN = /^\/(.+)\/([a-z]*)$/

/** Destructive, financial, outbound and execution verbs (and the nouns tools name them by). */
export const DEFAULT_RISKY_TOOL_PATTERNS = [
  'delete',
  'drop',
  'remove',
  'rm',
  'purge',
  'erase',
  'wipe',
  'truncate',
  'destroy',
  'kill',
  'terminate',
  'revoke',
  'transfer',
  'pay',
  'payment',
  'refund',
  'charge',
  'withdraw',
  'purchase',
  'buy',
  'order',
  'send',
  'email',
  'post',
  'publish',
  'write',
  'update',
  'deploy',
  'exec',
  'execute',
  'run_command',
  'shell',
  'bash',
  'terminal',
  'sql',
] as const

/** First words of a name that only reads. */
const READ_VERBS: ReadonlySet<string> = new Set([
  'get',
  'list',
  'search',
  'find',
  'fetch',
  'read',
  'retrieve',
  'lookup',
  'look',
  'view',
  'show',
  'describe',
  'check',
  'count',
  'preview',
  'estimate',
  'calculate',
  'validate',
  'verify',
  'inspect',
])

/** The OTel GenAI tool span name, `execute_tool <name>`, when a span carries no tool name of its own. */
const TOOL_SPAN_PREFIX = /^execute_tool\s+/

/** Lower-case words of a tool name: `sendEmail`, `send-email` and `HTTPSend.email` split alike. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
}

/** Index of the first run of `needle` in `words`, or -1. */
function indexOfRun(words: readonly string[], needle: readonly string[]): number {
  for (let i = 0; i + needle.length <= words.length; i++) {
    if (needle.every((w, j) => words[i + j] === w)) return i
  }
  return -1
}

/** Compiles risky patterns into a test of a tool name (see the module comment for the rules). */
export function riskyMatcher(patterns: readonly string[]): (name: string) => boolean {
  const tests = patterns.map((p): ((name: string, words: string[]) => boolean) => {
    const m = REGEX_PATTERN.exec(p)
    if (m) {
      try {
        // g and y would make test() stateful across names
        const re = new RegExp(m[1]!, `${m[2]!.replace(/[giy]/g, '')}i`)
        return (n) => re.test(n)
      } catch {
        // an invalid expression is matched as a plain pattern rather than dropped: a typo must not hide calls
      }
    }
    const needle = nameWords(p)
    // nothing word-like to match on (`.`): a substring is the best reading
    if (needle.length === 0) return (n) => n.toLowerCase().includes(p.toLowerCase())
    return (_, words) => {
      const at = indexOfRun(words, needle)
      return at === 0 || (at > 0 && !READ_VERBS.has(words[0]!))
    }
  })
  return (name) => {
    const n = name.replace(TOOL_SPAN_PREFIX, '')
    const words = nameWords(n)
    return tests.some((t) => t(n, words))
  }
}
