import { describe, expect, it } from 'vitest'
import { buildPolicy } from '../readiness/policy.ts'
import {
  READINESS_TRACE_CAP,
  readinessSpansQuery,
  readinessTracesQuery,
  toReadinessResponse,
  toReadinessSpan,
  type ReadinessSpanRow,
} from './readiness.ts'

const RANGE = { fromMs: Date.UTC(2026, 10, 1), toMs: Date.UTC(2026, 10, 2) }
const TRACE = '0af7651916cd43dd8448eb211c80319c'

function row(overrides: Partial<ReadinessSpanRow> = {}): ReadinessSpanRow {
  return {
    traceId: TRACE,
    spanId: 'b7ad6b7169203331',
    parentSpanId: '',
    name: 'invoke_agent planner',
    serviceName: 'shop',
    kind: 'agent',
    status: 'ok',
    statusMessage: '',
    errorType: '',
    model: '',
    provider: '',
    inputTokens: 0,
    outputTokens: 0,
    costUsd: null,
    isRollup: 0,
    toolName: '',
    agentName: 'planner',
    startMs: RANGE.fromMs + 1000.25,
    durationMs: 12.5,
    hasToolArguments: 0,
    hasToolResult: 0,
    hasOutput: 1,
    attrs: {},
    eventNames: [],
    ...overrides,
  }
}

describe('readiness read', () => {
  it('chooses the newest settled traces, filtered by service and agent only when asked', () => {
    const plain = readinessTracesQuery('loupe.trace_summaries', 'SETTINGS x = 1', 'p1', {}, RANGE)
    expect(plain.sql).toContain('FROM loupe.trace_summaries FINAL')
    expect(plain.sql).toContain('ORDER BY start_time DESC')
    expect(plain.sql).not.toContain('has(')
    expect(plain.params).toEqual({ projectId: 'p1', fromMs: RANGE.fromMs, toMs: RANGE.toMs, cap: READINESS_TRACE_CAP })
    const filtered = readinessTracesQuery(
      'loupe.trace_summaries',
      '',
      'p1',
      { service: 'shop', agent: 'planner' },
      RANGE,
    )
    expect(filtered.sql).toContain('has(service_names, {service: String})')
    expect(filtered.sql).toContain('has(agent_names, {agent: String})')
    expect(filtered.params).toMatchObject({ service: 'shop', agent: 'planner' })
  })

  it('reads spans of the chosen traces inside the scan window, without their content', () => {
    const q = readinessSpansQuery('loupe.spans', '', 'p1', [TRACE], RANGE)
    expect(q.params).toMatchObject({
      projectId: 'p1',
      traceIds: [TRACE],
      scanFromMs: RANGE.fromMs - 86_400_000,
      scanToMs: RANGE.toMs + 86_400_000,
    })
    for (const content of [/\binput\b,/, /tool_arguments AS/, /tool_result AS/, /\boutput AS/])
      expect(q.sql).not.toMatch(content)
    expect(q.sql).toContain('LIMIT 1 BY trace_id, span_id')
  })

  it('maps a row to the span the checks read', () => {
    expect(
      toReadinessSpan(
        row({ attrs: { 'http.status_code': '429' }, eventNames: ['human.approval'], costUsd: 0.25, isRollup: true }),
      ),
    ).toEqual({
      traceId: TRACE,
      spanId: 'b7ad6b7169203331',
      parentSpanId: null,
      name: 'invoke_agent planner',
      serviceName: 'shop',
      kind: 'agent',
      status: 'ok',
      statusMessage: '',
      errorType: null,
      model: null,
      provider: null,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0.25,
      isRollup: true,
      toolName: null,
      agentName: 'planner',
      startMs: RANGE.fromMs + 1000.25,
      durationMs: 12.5,
      hasToolArguments: false,
      hasToolResult: false,
      hasOutput: true,
      attributes: { 'http.status_code': '429' },
      eventNames: ['human.approval'],
    })
    const tool = toReadinessSpan(
      row({
        parentSpanId: 'aaaaaaaaaaaaaaaa',
        kind: 'tool',
        toolName: 'search',
        hasToolArguments: 1,
        errorType: 'Timeout',
      }),
    )
    expect(tool).toMatchObject({
      parentSpanId: 'aaaaaaaaaaaaaaaa',
      toolName: 'search',
      hasToolArguments: true,
      errorType: 'Timeout',
    })
  })

  it('reports only the asked agent’s rows, with the totals and the policy applied', () => {
    const rows = [
      row(),
      row({
        spanId: 'c7ad6b7169203331',
        parentSpanId: 'b7ad6b7169203331',
        name: 'invoke_agent helper',
        agentName: 'helper',
        startMs: RANGE.fromMs + 1001,
      }),
      // a child that arrived without its agent name inherits it
      row({
        spanId: 'd7ad6b7169203331',
        parentSpanId: 'c7ad6b7169203331',
        name: 'chat',
        kind: 'llm',
        agentName: '',
        startMs: RANGE.fromMs + 1002,
      }),
    ]
    const policy = buildPolicy({ budgetUsd: 1, agents: { helper: { budgetUsd: 3 } } }, 'p.yaml')
    const all = toReadinessResponse(RANGE, {}, [{ traceId: TRACE, total: 7 }], rows, policy)
    expect(all).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      tracesInRange: 7,
      tracesAnalysed: 1,
    })
    expect(all.policy).toMatchObject({ source: 'p.yaml', budgetUsd: 1, agents: ['helper'] })
    expect(all.agents.map((a) => a.agentName)).toEqual(['helper', 'planner'])
    expect(all.agents.find((a) => a.agentName === 'helper')!.spans).toBe(2)
    const helper = toReadinessResponse(RANGE, { agent: 'helper' }, [{ traceId: TRACE, total: 1 }], rows, policy)
    expect(helper.agents.map((a) => a.agentName)).toEqual(['helper'])
    expect(helper.policy.budgetUsd).toBe(3)
    expect(toReadinessResponse(RANGE, { service: 'other' }, [], [], policy)).toMatchObject({
      tracesInRange: 0,
      tracesAnalysed: 0,
      agents: [],
    })
  })
})
