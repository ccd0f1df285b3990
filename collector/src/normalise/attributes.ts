/**
 * @module normalise/attributes
 * Lookup helpers over one span's attributes: first present key, numeric coercion, JSON that
 * arrives either as a string or as a structured value, and flattening to `Record<string,string>`.
 * Invariant: a value that is missing, `null` or `''` counts as absent everywhere, so "first
 * present key" means first non-empty. Each attribute's JSON is parsed at most once per span.
 */
import type { FieldSource, SpanKind } from '@loupe/schema'
import type { AttrValue, Attributes } from '../otlp/types.ts'

/** Anything JSON.parse can return, plus AttrValue's structured form. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

const hasOwn = Object.prototype.hasOwnProperty

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A number from an int, a double, a numeric string or an OTLP `{intValue}`-style wrapper. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'string') {
    if (v.length === 0 || v.trim().length === 0) return undefined
    const n = Number(v)
    return Number.isFinite(n) ? n : undefined
  }
  if (isObject(v)) {
    const inner = v['intValue'] ?? v['doubleValue'] ?? v['stringValue']
    return inner === undefined ? undefined : toNumber(inner)
  }
  return undefined
}

/** A token count: a non-negative integer, or undefined when the value is not a number. */
export function toCount(v: unknown): number | undefined {
  const n = toNumber(v)
  return n === undefined ? undefined : n > 0 ? Math.round(n) : 0
}

/** A scalar as text (numbers and booleans printed); containers and empty strings are absent. */
export function toText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? v : undefined
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (isObject(v) && typeof v['stringValue'] === 'string') return toText(v['stringValue'])
  return undefined
}

/** Whether a string could be JSON worth parsing: cheap first-character test, no regex. */
function looksLikeJson(s: string, scalars: boolean): boolean {
  let i = 0
  let c = s.charCodeAt(0)
  // skip JSON whitespace: space, \n, \t, \r
  while (c === 32 || c === 10 || c === 9 || c === 13) c = s.charCodeAt(++i)
  if (c === 123 /* { */ || c === 91 /* [ */) return true
  if (!scalars) return false
  // " - digits t f n
  return c === 34 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110
}

/**
 * A JSON string parsed, or a structured value as it is. With `scalars: false` (the default) only
 * objects and arrays count: a plain string stays a string (returned as undefined here).
 */
export function parseJsonish(v: unknown, scalars = false): Json | undefined {
  if (typeof v === 'string') {
    if (!looksLikeJson(v, scalars)) return undefined
    try {
      return JSON.parse(v) as Json
    } catch {
      return undefined
    }
  }
  if (v === null || v === undefined) return undefined
  if (typeof v === 'object') return v as Json
  return scalars ? (v as Json) : undefined
}

/** Walk `path` into a parsed value. */
function walk(v: Json | undefined, path: readonly string[]): Json | undefined {
  let cur: Json | undefined = v
  for (const p of path) {
    if (!isObject(cur) || !hasOwn.call(cur, p)) return undefined
    cur = cur[p]
  }
  return cur
}

/** The display text of any value: strings as they are, everything else as JSON. */
export function stringify(v: AttrValue | Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/**
 * Flatten attributes to strings: strings stay as they are, everything else becomes JSON, except a
 * non-finite double, which JSON would turn into `null`: it keeps its name (`NaN`, `Infinity`).
 */
export function flattenAttributes(attrs: Attributes): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key in attrs) {
    if (!hasOwn.call(attrs, key)) continue
    const v = attrs[key] as AttrValue
    const s = typeof v === 'string' ? v : typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v)
    // `out['__proto__'] = s` would be dropped silently; keep the key as data.
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: s, enumerable: true, writable: true, configurable: true })
    } else out[key] = s
  }
  return out
}

/** Context for conditional field sources (see `FieldSource`). */
export interface SourceContext {
  name: string
  kind: SpanKind
  isRoot: boolean
}

/**
 * Read access to one span's attributes with a per-span JSON cache. Cheap to create: the cache
 * map is only allocated on the first JSON read.
 */
export class AttrReader {
  readonly attrs: Attributes
  private cache: Map<string, Json | undefined> | undefined

  constructor(attrs: Attributes) {
    this.attrs = attrs
  }

  /** The raw value, or undefined when missing, null or ''. */
  get(key: string): AttrValue | undefined {
    // Plain indexing is the hot path; an inherited member ('constructor', ...) is a function,
    // never an AttrValue, so it is filtered out without a hasOwnProperty call.
    const v = this.attrs[key]
    return v === undefined || v === null || v === '' || typeof v === 'function' ? undefined : v
  }

  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  text(key: string): string | undefined {
    return toText(this.get(key))
  }

  firstText(keys: readonly string[]): string | undefined {
    for (const k of keys) {
      const v = toText(this.get(k))
      if (v !== undefined) return v
    }
    return undefined
  }

  /** The first key holding a usable value, and that value. */
  firstPresent(keys: readonly string[]): [string, AttrValue] | undefined {
    for (const k of keys) {
      const v = this.get(k)
      if (v !== undefined) return [k, v]
    }
    return undefined
  }

  count(key: string): number | undefined {
    return toCount(this.get(key))
  }

  firstCount(keys: readonly string[]): number | undefined {
    for (const k of keys) {
      const v = toCount(this.get(k))
      if (v !== undefined) return v
    }
    return undefined
  }

  /** The attribute as a JSON container (parsed once per span), or undefined. */
  json(key: string): Json | undefined {
    const raw = this.get(key)
    if (raw === undefined) return undefined
    if (typeof raw !== 'string') return typeof raw === 'object' ? (raw as Json) : undefined
    if (this.cache === undefined) this.cache = new Map()
    else if (this.cache.has(key)) return this.cache.get(key)
    const parsed = parseJsonish(raw)
    this.cache.set(key, parsed)
    return parsed
  }

  /** A value from a data-driven source list; `read` turns the raw value into the result. */
  firstSource<T>(
    sources: readonly FieldSource[],
    ctx: SourceContext | undefined,
    read: (v: unknown) => T | undefined,
  ): T | undefined {
    for (const s of sources) {
      let raw: unknown
      if (typeof s === 'string') raw = this.get(s)
      else if ('key' in s) {
        if (s.whenKind !== undefined && ctx?.kind !== s.whenKind) continue
        if (s.whenRoot === true && ctx?.isRoot !== true) continue
        raw = s.path === undefined ? this.get(s.key) : walk(this.json(s.key), s.path)
      } else {
        if (ctx === undefined) continue
        if (s.whenKind !== undefined && ctx.kind !== s.whenKind) continue
        if ('spanNameAfter' in s) {
          const after = s.spanNameAfter
          raw = ctx.name.startsWith(after) ? ctx.name.slice(after.length).trim() : undefined
        } else {
          if (s.whenRoot === true && !ctx.isRoot) continue
          raw = ctx.name
        }
      }
      if (raw === undefined || raw === null || raw === '') continue
      const v = read(raw)
      if (v !== undefined) return v
    }
    return undefined
  }
}
