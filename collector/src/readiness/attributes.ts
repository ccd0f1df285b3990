/**
 * @module readiness/attributes
 * Which span attributes the readiness checks read. The store read keeps only keys that match (on
 * the lowercased key, in ClickHouse with `match()` and here with RegExp: the pattern is plain
 * RE2/JS syntax) and cuts each value to VALUE_MAX characters, so a trace stays light.
 */
export const READINESS_ATTRIBUTE_KEY_PATTERN =
  'approv|human|hitl|interrupt|confirm|guard|threat|status_code|retry|resend|attempt|rate.?limit|sandbox|permission|denied|decision|fallback'

export const READINESS_ATTRIBUTE_VALUE_MAX = 500

const keyRe = new RegExp(READINESS_ATTRIBUTE_KEY_PATTERN)

/** Pure: the same filter the SQL applies, for spans built in memory (tests, trace detail). */
export function readinessAttributes(attributes: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(attributes)) {
    if (keyRe.test(k.toLowerCase())) out[k] = v.slice(0, READINESS_ATTRIBUTE_VALUE_MAX)
  }
  return out
}
