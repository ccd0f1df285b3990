import { describe, expect, it } from 'vitest'
import type { Attributes } from '../otlp/types.ts'
import { reportedCostUsd } from './cost-reported.ts'
import { reader } from './testing.ts'

describe('reportedCostUsd', () => {
  it.each<[string, Attributes, number | null]>([
    [
      'otel gen_ai.usage.cost.amount in USD',
      { 'gen_ai.usage.cost.amount': 0.0031, 'gen_ai.usage.cost.currency': 'USD', 'llm.cost.total': 9 },
      0.0031,
    ],
    ['otel gen_ai.usage.cost.amount without a currency', { 'gen_ai.usage.cost.amount': 0.0031 }, 0.0031],
    [
      'otel amount in another currency is not dollars',
      { 'gen_ai.usage.cost.amount': 0.0031, 'gen_ai.usage.cost.currency': 'EUR' },
      null,
    ],
    [
      'otel amount in another currency, a USD key still counts',
      { 'gen_ai.usage.cost.amount': 0.0031, 'gen_ai.usage.cost.currency': 'EUR', 'llm.cost.total': 0.004 },
      0.004,
    ],
    ['OI llm.cost.total', { 'llm.cost.total': 0.0042, 'llm.cost.prompt': 1, 'llm.cost.completion': 1 }, 0.0042],
    ['pydantic operation.cost', { 'operation.cost': 0.0021 }, 0.0021],
    ['non-standard gen_ai.usage.cost (string)', { 'gen_ai.usage.cost': '0.5' }, 0.5],
    ['{doubleValue}', { 'llm.cost.total': { doubleValue: 0.25 } }, 0.25],
    ['precedence: llm.cost.total first', { 'operation.cost': 9, 'llm.cost.total': 1 }, 1],
    [
      'langfuse cost_details total',
      { 'langfuse.observation.cost_details': '{"input":0.000535,"output":0.000609,"total":0.001144}' },
      0.001144,
    ],
    [
      'langfuse cost_details summed',
      { 'langfuse.observation.cost_details': { input: 0.25, output: 0.5, cache_read: 0.125 } },
      0.875,
    ],
    ['OI prompt + completion', { 'llm.cost.prompt': 0.25, 'llm.cost.completion': 0.5 }, 0.75],
    ['OI prompt only', { 'llm.cost.prompt': 0.25 }, 0.25],
    ['zero is a reported cost', { 'operation.cost': 0 }, 0],
    ['negative is ignored', { 'operation.cost': -1 }, null],
    ['garbage is ignored', { 'operation.cost': 'free' }, null],
    ['none', { 'gen_ai.usage.input_tokens': 10 }, null],
  ])('%s', (_l, attrs, cost) => {
    expect(reportedCostUsd(reader(attrs))).toBe(cost)
  })
})
