/**
 * @module cost/match
 * Model-name matching: maps whatever a span calls its model (`openai/gpt-4o-2024-08-06`,
 * `us.anthropic.claude-sonnet-4-5-20250929-v1:0`, `models/gemini-2.5-pro`,
 * `meta-llama/Llama-3.3-70B-Instruct`, `mistral-large-latest`) to a price-table entry.
 *
 * How: both the table's keys and the span's name are reduced to tokens (lowercase, split on
 * every run of characters other than `a-z0-9`). A name matches a key when the key's tokens occur
 * as a contiguous run anywhere in the name's tokens, so provider prefixes (`openai/`,
 * `us.anthropic.`, `models/`, `accounts/fireworks/models/`), date and version suffixes
 * (`-20250929`, `-v1:0`, `@20240620`, `-latest`, `-instruct`) and `3.5`/`3-5` spellings all fall
 * away without a list of decorations to keep up to date.
 *
 * Invariants:
 * - Whole tokens only: `o1` never matches inside `gpt-4o-1...`, and `gpt-4.1` (`gpt 4 1`) never
 *   matches `gpt-4-1106-preview` (`gpt 4 1106 preview`).
 * - The key with the most tokens wins (`gpt-4o-mini` over `gpt-4o`, `o3-mini` over `o3`,
 *   `gpt-4.1-nano` over `gpt-4.1`, `claude-sonnet-4-5` over `claude-sonnet-4`); among equally
 *   long keys the one found first from the left wins.
 * - A fine-tuned name such as `ft:gpt-4o-mini:org::id` matches its base model unless a price
 *   file names it in full, which is then the longer, winning key.
 * - A key ending in a version number does not match a later point release: `gpt-5` does not price
 *   `gpt-5.4` (`gpt 5 4`), nor `claude-opus-4` price `claude-opus-4-6`. Providers reprice point
 *   releases (Opus 4.5 costs a third of Opus 4), so such a model stays unpriced, which is
 *   visible, rather than silently costed at its predecessor's price. A date or build number after
 *   the version (`gpt-5-2025-08-07`, `gemini-2.0-flash-001`, `grok-4-0709`) still matches.
 */

/** How many distinct model strings one matcher remembers before it starts over. */
const MEMO_LIMIT = 10_000

/** Runs of characters that separate tokens. */
const SEPARATORS = /[^a-z0-9]+/
/** Bedrock and Fireworks glue the version to the family: `llama3-3-70b`, `llama4-scout`. */
const GLUED_LLAMA = /llama(?=\d)/g
/** Fireworks spells versions as `v3p1` (3.1). */
const FIREWORKS_VERSION = /(^|[^a-z0-9])v(\d+)p(\d+)(?=[^a-z0-9]|$)/g
/** A version number token (`4`, `5`). */
const NUMBER = /^\d+$/
/** A minor version right after a version: one or two digits, no leading zero (a build `001` or date `0709` has one). */
const MINOR_VERSION = /^[1-9]\d?$/

/** Whether the name's tokens go on past `end` with a point release of the version that ends there. */
function continuesVersion(tokens: readonly string[], end: number): boolean {
  const next = tokens[end]
  return next !== undefined && MINOR_VERSION.test(next) && NUMBER.test(tokens[end - 1]!)
}

/**
 * The tokens of a model name, as matching compares them.
 * @example modelTokens('anthropic.claude-3-5-haiku-20241022-v1:0')
 * // ['anthropic', 'claude', '3', '5', 'haiku', '20241022', 'v1', '0']
 */
export function modelTokens(name: string): string[] {
  return name
    .toLowerCase()
    .replace(GLUED_LLAMA, 'llama-')
    .replace(FIREWORKS_VERSION, '$1$2-$3')
    .split(SEPARATORS)
    .filter((token) => token !== '')
}

/** The canonical spelling of a model name: its tokens joined by `-` (`GPT-4.1` → `gpt-4-1`). */
export function canonicalModel(name: string): string {
  return modelTokens(name).join('-')
}

/** Finds the entry for a model name, or null when no key occurs in it. */
export type Matcher<T> = (model: string) => T | null

/**
 * Builds a matcher over `entries` once; lookups are memoised per model string, so the per-span
 * cost is one Map hit. Keys are canonicalised; when two keys share a canonical form the later
 * entry wins (that is how a user price file overrides the bundled one).
 *
 * The memo is bounded because model names come from clients: past {@link MEMO_LIMIT} distinct
 * names it is cleared rather than grown.
 */
export function createMatcher<T>(entries: Iterable<readonly [key: string, value: T]>): Matcher<T> {
  const byKey = new Map<string, T>()
  let longestKey = 0
  for (const [key, value] of entries) {
    const tokens = modelTokens(key)
    if (tokens.length === 0) continue
    byKey.set(tokens.join('-'), value)
    longestKey = Math.max(longestKey, tokens.length)
  }

  const find = (model: string): T | null => {
    const tokens = modelTokens(model)
    for (let length = Math.min(tokens.length, longestKey); length > 0; length--) {
      for (let start = 0; start + length <= tokens.length; start++) {
        const hit = byKey.get(tokens.slice(start, start + length).join('-'))
        if (hit !== undefined && !continuesVersion(tokens, start + length)) return hit
      }
    }
    return null
  }

  const memo = new Map<string, T | null>()
  return (model) => {
    const known = memo.get(model)
    if (known !== undefined) return known
    const found = find(model)
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(model, found)
    return found
  }
}
