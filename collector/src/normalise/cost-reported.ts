/**
 * @module normalise/cost-reported
 * A span's self-reported USD cost, in §6 order: OTel's `gen_ai.usage.cost.amount` (in USD),
 * `llm.cost.total`, `operation.cost` (Pydantic AI),
 * `gen_ai.usage.cost`, Langfuse `cost_details` (its `total`, else the sum of its entries), then
 * `llm.cost.prompt` + `llm.cost.completion`. Computing a cost from prices is the cost engine's job.
 */
import {
  COST_PART_KEYS,
  COST_TOTAL_KEYS,
  LANGFUSE_COST_DETAILS_KEY,
  OTEL_COST_AMOUNT_KEY,
  OTEL_COST_CURRENCY_KEY,
} from '@loupe/schema'
import type { AttrReader } from './attributes.ts'
import { isObject, toNumber } from './attributes.ts'

/** A usable cost: finite and not negative. */
function cost(v: unknown): number | undefined {
  const n = toNumber(v)
  return n === undefined || n < 0 ? undefined : n
}

export function reportedCostUsd(r: AttrReader): number | null {
  const amount = cost(r.get(OTEL_COST_AMOUNT_KEY))
  if (amount !== undefined) {
    const currency = r.text(OTEL_COST_CURRENCY_KEY)
    if (currency === undefined || currency.trim().toUpperCase() === 'USD') return amount
  }
  for (const key of COST_TOTAL_KEYS) {
    const v = cost(r.get(key))
    if (v !== undefined) return v
  }
  const details = r.json(LANGFUSE_COST_DETAILS_KEY)
  if (isObject(details)) {
    const total = cost(details['total'])
    if (total !== undefined) return total
    let sum = 0
    let any = false
    for (const k in details) {
      const v = cost(details[k])
      if (v === undefined) continue
      sum += v
      any = true
    }
    if (any) return sum
  }
  let parts = 0
  let anyPart = false
  for (const key of COST_PART_KEYS) {
    const v = cost(r.get(key))
    if (v === undefined) continue
    parts += v
    anyPart = true
  }
  return anyPart ? parts : null
}
