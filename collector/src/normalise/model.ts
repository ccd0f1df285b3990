/**
 * @module normalise/model
 * Model and provider. The model is the response model, else the request model. The provider is
 * normalised to the OTel well-known values (`openai.chat` → `openai`, `google.vertex.chat` →
 * `gcp.vertex_ai`, `mistralai` → `mistral_ai`, ...); values naming an instrumentation rather
 * than a provider (`gcp.vertex.agent`) are skipped, and when nothing is left the provider is
 * inferred from the model name.
 */
import {
  MODEL_PROVIDER_PREFIXES,
  MODEL_REQUEST_KEYS,
  MODEL_RESPONSE_KEYS,
  PROVIDER_ALIASES,
  PROVIDER_IGNORED,
  PROVIDER_KEYS,
  PROVIDERS_CANONICAL,
} from '@loupe/schema'
import type { AttrReader } from './attributes.ts'

const ALIASES: ReadonlyMap<string, string> = new Map(Object.entries(PROVIDER_ALIASES))
const CANONICAL: ReadonlySet<string> = new Set(PROVIDERS_CANONICAL)
const IGNORED: ReadonlySet<string> = new Set(PROVIDER_IGNORED)

/** Response model, else request model, else null. */
export function extractModel(r: AttrReader): string | null {
  return r.firstText(MODEL_RESPONSE_KEYS) ?? r.firstText(MODEL_REQUEST_KEYS) ?? null
}

/**
 * A provider value in OTel's vocabulary. Order: whole value as an alias or a canonical value,
 * then its first two dot-segments as an alias, then its first segment as an alias or as it is.
 */
export function normaliseProvider(raw: string): string {
  const v = raw.trim().toLowerCase()
  const whole = ALIASES.get(v)
  if (whole !== undefined) return whole
  if (CANONICAL.has(v)) return v
  const dot = v.indexOf('.')
  if (dot === -1) return v
  const dot2 = v.indexOf('.', dot + 1)
  if (dot2 !== -1) {
    const two = v.slice(0, dot2)
    const twoAlias = ALIASES.get(two)
    if (twoAlias !== undefined) return twoAlias
    if (CANONICAL.has(two)) return two
  }
  const first = v.slice(0, dot)
  return ALIASES.get(first) ?? first
}

/** The provider implied by a model name, e.g. `claude-3-5-sonnet` → `anthropic`, or null. */
export function inferProviderFromModel(model: string): string | null {
  const lower = model.toLowerCase()
  const slash = lower.lastIndexOf('/')
  const name = slash === -1 ? lower : lower.slice(slash + 1)
  for (const [prefix, provider] of MODEL_PROVIDER_PREFIXES) if (name.startsWith(prefix)) return provider
  return null
}

/** The normalised provider of a span, or null when neither an attribute nor the model names one. */
export function extractProvider(r: AttrReader, model: string | null): string | null {
  for (const key of PROVIDER_KEYS) {
    const v = r.text(key)
    if (v === undefined || IGNORED.has(v)) continue
    return normaliseProvider(v)
  }
  return model === null ? null : inferProviderFromModel(model)
}
