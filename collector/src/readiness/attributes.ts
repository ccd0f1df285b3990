/**
 * @module readiness/attributes
 * Which span attributes the readiness checks read. The store read keeps only keys that match (on
 * the lowercased key, with ClickHouse's `match()`) and cuts each value to VALUE_MAX characters, so
 * a trace stays light.
 */
export const READINESS_ATTRIBUTE_KEY_PATTERN =
  'approv|human|hitl|interrupt|confirm|guard|threat|status_code|retry|resend|attempt|rate.?limit|sandbox|permission|denied|decision|fallback'

export const READINESS_ATTRIBUTE_VALUE_MAX = 500
