import { describe, expect, it } from 'vitest'
import { settleTrace } from '../settle/settle-trace.ts'
import { toSettleSpan } from '../settle/settle-span.ts'
import { makeSpanRecord, RECENT_NS } from '../store/testing.ts'
import { describeCondition, traceCandidates, windowCandidates, type WindowSums } from './evaluate.ts'
import { parseAlertRules, type AlertRule } from './rules.ts'

const TRACE = '0af7651916cd43dd8448eb211c80319c'

function rules(yaml: string): AlertRule[] {
  return parseAlertRules(
    `channels:\n  ops: { type: webhook, url: "http://127.0.0.1:9/hook" }\nrules:\n${yaml}`,
    'a.yaml',
  ).rules
}

/** `steps` LLM calls at $0.0125 each, each followed by get_weather(Paris) with the same answer. */
function loopingTrace(steps: number, running = true) {
  const spans = []
  for (let i = 0; i < steps; i++) {
    const at = RECENT_NS + BigInt(i) * 1_000_000_000n
    const common = { traceId: TRACE, parentSpanId: 'root000000000000', serviceName: 'support', agentName: 'planner' }
    spans.push(
      toSettleSpan(
        makeSpanRecord({
          ...common,
          spanId: `llm${String(i).padStart(13, '0')}`,
          startTimeUnixNano: at.toString(),
          endTimeUnixNano: (at + 400_000_000n).toString(),
          costUsd: 0.0125,
          userId: 'u1',
        }),
      ),
      toSettleSpan(
        makeSpanRecord({
          ...common,
          spanId: `tool${String(i).padStart(12, '0')}`,
          name: 'execute_tool get_weather',
          kind: 'tool',
          model: null,
          provider: null,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: null,
          costSource: null,
          toolName: 'get_weather',
          toolArguments: '{"city":"Paris"}',
          toolResult: '{"temp":18}',
          startTimeUnixNano: (at + 500_000_000n).toString(),
          endTimeUnixNano: (at + 800_000_000n).toString(),
        }),
      ),
    )
  }
  return { ...settleTrace('default', TRACE, 1, spans, {}, new Map()).settled, running }
}

describe('traceCandidates', () => {
  const [loops, critical, pricey, elsewhere] = rules(`
  - { name: loops, when: { finding: { detector: repeated-tool-call } }, notify: [ops] }
  - { name: critical, when: { finding: { minSeverity: critical } }, notify: [ops] }
  - { name: pricey, when: { traceCostUsd: 0.05 }, notify: [ops], filter: { agent: planner, userId: u1 } }
  - { name: elsewhere, when: { traceCostUsd: 0.01 }, notify: [ops], filter: { service: checkout } }
`)

  it('fires a cost rule once the trace passes it, saying it still runs', () => {
    expect(traceCandidates([pricey!], loopingTrace(4))).toEqual([])
    const [c] = traceCandidates([pricey!], loopingTrace(5))
    expect(c).toMatchObject({
      subject: { kind: 'trace', value: TRACE },
      traceId: TRACE,
      value: 0.0625,
      threshold: 0.05,
    })
    expect(c!.message).toBe('trace 0af76519… (planner) has cost $0.063, past $0.05, still running')
  })

  it('fires a finding rule from the severity asked for, and honours the filter', () => {
    const warning = loopingTrace(3)
    expect(traceCandidates([loops!, critical!], warning).map((c) => c.rule.name)).toEqual(['loops'])
    expect(traceCandidates([loops!, critical!], loopingTrace(5)).map((c) => c.rule.name)).toEqual(['loops', 'critical'])
    expect(traceCandidates([elsewhere!], loopingTrace(5))).toEqual([])
  })
})

describe('windowCandidates', () => {
  const [spend, failing, perProject] = rules(`
  - { name: spend, when: { costUsd: 20, per: userId, window: 1d }, notify: [ops] }
  - { name: failing, when: { errorRate: 0.2, per: agent, window: 15m, minCalls: 20 }, notify: [ops] }
  - { name: all, when: { costUsd: 5, per: project, window: 1h }, notify: [ops] }
`)
  const sums = (over: Partial<WindowSums>): WindowSums => ({
    projectId: 'default',
    subject: 'u1',
    costUsd: 0,
    calls: 0,
    errors: 0,
    ...over,
  })

  it('fires per subject over the threshold, never for spans without one', () => {
    const found = windowCandidates(spend!, [
      sums({ costUsd: 21 }),
      sums({ subject: 'u2', costUsd: 19.99 }),
      sums({ subject: '', costUsd: 100 }),
    ])
    expect(found.map((c) => [c.subject, c.value])).toEqual([[{ kind: 'userId', value: 'u1' }, 21]])
    expect(found[0]!.message).toBe('user u1 has spent $21.00 over the last 1d, past $20.00')
    expect(windowCandidates(perProject!, [sums({ subject: '', costUsd: 6 })])[0]!.subject).toEqual({
      kind: 'project',
      value: 'default',
    })
  })

  it('needs minCalls before judging an error rate', () => {
    expect(windowCandidates(failing!, [sums({ subject: 'payer', calls: 19, errors: 19 })])).toEqual([])
    const [c] = windowCandidates(failing!, [sums({ subject: 'payer', calls: 40, errors: 10 })])
    expect(c!.message).toBe('agent payer: 10 of 40 calls failed over the last 15m (25%, threshold 20%)')
  })
})

describe('describeCondition', () => {
  it('says each condition in words', () => {
    const all = rules(`
  - { name: a, when: { finding: { detector: cycle, minSeverity: critical } }, notify: [ops] }
  - { name: b, when: { costUsd: 20, per: userId, window: 1d }, notify: [ops] }
  - { name: c, when: { readiness: { check: cost-budget } }, notify: [ops] }
  - { name: d, when: { drift: {} }, notify: [ops] }
`)
    expect(all.map((r) => describeCondition(r.condition))).toEqual([
      'a critical cycle on a trace',
      'a user spends more than $20.00 over 1d',
      'readiness check cost-budget fails for an agent',
      'a feature drifts for an agent',
    ])
  })
})
