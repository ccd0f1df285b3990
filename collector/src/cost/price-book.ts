/**
 * @module cost/price-book
 * The price file format (one zod schema for the bundled `prices.json` and for the user's
 * `LOUPE_PRICES_FILE`), and the {@link PriceBook} built from them once at boot.
 *
 * A price file groups models by provider so that every group carries the page its prices came
 * from. Prices are USD per 1,000,000 tokens. `cacheRead` and `cacheWrite` are omitted when the
 * provider has no separate price; they then fall back to the input price of the same tier.
 *
 * @example A user price file (adds one model, overrides gpt-4o; the provider group is a label)
 * ```json
 * {
 *   "updated": "2026-11-01",
 *   "providers": {
 *     "our-contract": {
 *       "source": "Enterprise agreement 2026",
 *       "models": {
 *         "gpt-4o": { "input": 2, "output": 8, "cacheRead": 1 },
 *         "acme-llm-v2": { "input": 0.5, "output": 1.5 }
 *       }
 *     }
 *   }
 * }
 * ```
 *
 * Prices that depend on when the call was made:
 * - `changes`: announced price changes, each with the UTC day it takes effect (`from`), for
 *   example the end of a launch price. From that day on, its rates and tiers replace the base.
 * - `peak`: hours in which every rate is multiplied by `factor` (DeepSeek doubles its price on
 *   weekday mornings in Beijing). `weekdays` are ISO (1 = Monday) and `hoursUtc` are [from, to)
 *   hour ranges, both in UTC.
 *
 * Invariant: within one file no two model names share a canonical form (see `cost/match`), so
 * a name never silently shadows another; across files the user's entry replaces the bundled one.
 * Unknown keys are rejected, because a misspelt `cachedInput` would otherwise price at the
 * input rate without a word.
 */
import { z } from 'zod'
import bundled from './prices.json' with { type: 'json' }
import { canonicalModel, createMatcher } from './match.ts'

const Rate = z.number().nonnegative()

const rateFields = {
  input: Rate,
  output: Rate,
  cacheRead: Rate.optional(),
  cacheWrite: Rate.optional(),
}

/** Rates that replace the base rates when a request's total input exceeds `aboveInputTokens`. */
const PriceTier = z.strictObject({
  aboveInputTokens: z.number().int().positive(),
  ...rateFields,
})
type PriceTier = z.infer<typeof PriceTier>

const Tiers = z
  .array(PriceTier)
  .min(1)
  .refine(isAscending, 'tiers must be in strictly ascending order of aboveInputTokens')

/** Rates and tiers that replace the base ones from the UTC day `from` on. */
const PriceChange = z.strictObject({
  from: z.iso.date(),
  ...rateFields,
  tiers: Tiers.optional(),
})
type PriceChange = z.infer<typeof PriceChange>

const HourRange = z
  .tuple([z.number().int().min(0).max(23), z.number().int().min(1).max(24)])
  .refine(([from, to]) => from < to, 'an hour range is [from, to) with from < to')

/** Hours (UTC) in which every rate is multiplied by `factor`. */
const PeakHours = z.strictObject({
  factor: z.number().positive(),
  /** ISO weekdays, 1 = Monday … 7 = Sunday, in UTC */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1),
  hoursUtc: z.array(HourRange).min(1),
})
type PeakHours = z.infer<typeof PeakHours>

const ModelPriceSpec = z.strictObject({
  ...rateFields,
  tiers: Tiers.optional(),
  changes: z
    .array(PriceChange)
    .min(1)
    .refine(
      (changes) => changes.every((c, i) => i === 0 || c.from > changes[i - 1]!.from),
      'changes must be in strictly ascending order of from',
    )
    .optional(),
  peak: PeakHours.optional(),
  note: z.string().optional(),
})
type ModelPriceSpec = z.infer<typeof ModelPriceSpec>

const ProviderPrices = z.strictObject({
  /** where the prices were read, e.g. the provider's pricing page */
  source: z.string().min(1),
  models: z.record(z.string(), ModelPriceSpec),
})
type ProviderPrices = z.infer<typeof ProviderPrices>

export const PriceFile = z
  .strictObject({
    /** the day the prices were last checked */
    updated: z.iso.date(),
    note: z.string().optional(),
    providers: z.record(z.string().min(1), ProviderPrices),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, string>()
    for (const [provider, group] of Object.entries(file.providers)) {
      for (const model of Object.keys(group.models)) {
        const canonical = canonicalModel(model)
        const first = seen.get(canonical)
        if (canonical !== '' && first === undefined) {
          seen.set(canonical, `${provider}/${model}`)
          continue
        }
        ctx.addIssue({
          code: 'custom',
          path: ['providers', provider, 'models', model],
          message: canonical === '' ? 'a model name needs a letter or a digit' : `same model as ${first}`,
        })
      }
    }
  })
export type PriceFile = z.infer<typeof PriceFile>

/** Rates in USD per 1,000,000 tokens, with the cache fallbacks already applied. */
export interface Rates {
  readonly input: number
  readonly output: number
  readonly cacheRead: number
  readonly cacheWrite: number
}

/** The rates of one period: base rates and the long-context tiers above them. */
export interface PricePeriod {
  readonly rates: Rates
  /** in ascending order of `aboveInputTokens` */
  readonly tiers: readonly { readonly aboveInputTokens: number; readonly rates: Rates }[]
}

/** One priced model as the cost engine uses it. */
export interface ModelPrice extends PricePeriod {
  /** the model name as written in the price file */
  readonly model: string
  /** the provider group it was listed under */
  readonly provider: string
  readonly origin: 'bundled' | 'user'
  /** announced changes, ascending: from `fromMs` (UTC midnight) on, `period` replaces the base */
  readonly changes: readonly { readonly fromMs: number; readonly period: PricePeriod }[]
  readonly peak: {
    readonly factor: number
    /** ISO weekdays (1 = Monday), UTC */
    readonly weekdays: ReadonlySet<number>
    /** [from, to) hours, UTC */
    readonly hoursUtc: readonly (readonly [number, number])[]
  } | null
}

/** The merged, matchable price table. Build it once; `lookup` is memoised per model string. */
export interface PriceBook {
  readonly updated: { readonly bundled: string; readonly user: string | null }
  /** number of distinct models */
  readonly size: number
  /** the price for a span's model name (decorations tolerated, see `cost/match`), or null */
  readonly lookup: (model: string) => ModelPrice | null
}

/**
 * Parses the text of a price file. The caller reads the file; `source` (its path) names it in
 * the error.
 * @throws Error naming the source and each bad path, e.g.
 *   `/etc/loupe/prices.json: invalid price file: providers.acme.models["gpt-4.1"].input: ...`
 */
export function parsePriceFile(text: string, source: string): PriceFile {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new Error(`${source}: not valid JSON: ${(err as Error).message}`, { cause: err })
  }
  return validatePriceFile(data, source)
}

function validatePriceFile(data: unknown, source: string): PriceFile {
  const result = PriceFile.safeParse(data)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
  throw new Error(`${source}: invalid price file: ${issues.join('; ')}`, { cause: result.error })
}

/** `providers["gcp.gemini"].models["gemini-2.5-pro"].tiers[0].input` */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)'
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`
      const name = String(key)
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return i === 0 ? name : `.${name}`
      return `[${JSON.stringify(name)}]`
    })
    .join('')
}

function isAscending(tiers: readonly PriceTier[]): boolean {
  let previous = 0
  for (const tier of tiers) {
    if (tier.aboveInputTokens <= previous) return false
    previous = tier.aboveInputTokens
  }
  return true
}

/** Validated once at module load: a bad bundled table is a build defect, caught by its test. */
const BUNDLED = validatePriceFile(bundled, 'bundled collector/src/cost/prices.json')

/** The price table shipped with the collector (see `prices.json` for its date and sources). */
export function bundledPriceFile(): PriceFile {
  return BUNDLED
}

/**
 * Merges the bundled table with an optional user file, user entries replacing bundled entries
 * with the same canonical name, and precomputes the matcher.
 * @example
 * const user = text === undefined ? undefined : parsePriceFile(text, path)
 * const book = buildPriceBook(bundledPriceFile(), user)
 * book.lookup('openai/gpt-4o-2024-08-06')?.rates.input // 2.5
 */
export function buildPriceBook(bundledFile: PriceFile, user?: PriceFile): PriceBook {
  const entries: [string, ModelPrice][] = [
    ...toEntries(bundledFile, 'bundled'),
    ...(user ? toEntries(user, 'user') : []),
  ]
  return {
    updated: { bundled: bundledFile.updated, user: user?.updated ?? null },
    size: new Set(entries.map(([key]) => canonicalModel(key))).size,
    lookup: createMatcher(entries),
  }
}

function toEntries(file: PriceFile, origin: ModelPrice['origin']): [string, ModelPrice][] {
  const entries: [string, ModelPrice][] = []
  for (const [provider, group] of Object.entries(file.providers)) {
    for (const [model, spec] of Object.entries(group.models)) {
      const changes = (spec.changes ?? []).map((change) => ({
        fromMs: Date.parse(change.from),
        period: toPeriod(change),
      }))
      const peak =
        spec.peak === undefined
          ? null
          : { factor: spec.peak.factor, weekdays: new Set(spec.peak.weekdays), hoursUtc: spec.peak.hoursUtc }
      entries.push([model, { model, provider, origin, ...toPeriod(spec), changes, peak }])
    }
  }
  return entries
}

function toPeriod(spec: Pick<ModelPriceSpec, keyof typeof rateFields | 'tiers'>): PricePeriod {
  const tiers = (spec.tiers ?? []).map((tier) => ({
    aboveInputTokens: tier.aboveInputTokens,
    rates: resolveRates(tier),
  }))
  return { rates: resolveRates(spec), tiers }
}

function resolveRates(spec: Pick<ModelPriceSpec, keyof typeof rateFields>): Rates {
  return {
    input: spec.input,
    output: spec.output,
    cacheRead: spec.cacheRead ?? spec.input,
    cacheWrite: spec.cacheWrite ?? spec.input,
  }
}
