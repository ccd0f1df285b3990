import type { AlertDelivery, RuleView } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import {
  deliveryLines,
  filterText,
  firingMarker,
  formatEvery,
  formatInstant,
  measure,
  parseAlertFilters,
  ruleKinds,
  ruleOptions,
  subjectView,
  testResultText,
  type AlertFilters,
  type RuleKind,
} from './alerts-view.ts'
import { formatTime } from './format.ts'

const NOW = Date.parse('2026-12-04T10:00:00.000Z')
const TRACE = '0af7651916cd43dd8448eb211c80319c'

function rule(name: string, state: RuleView['state'], firingSubjects = state === 'firing' ? 1 : 0): RuleView {
  return {
    name,
    kind: 'traceCost',
    condition: 'trace costUsd ≥ 0.01',
    notify: ['ops'],
    stop: false,
    filter: {},
    state,
    firingSubjects,
    lastFiredAt: null,
  }
}

function delivery(over: Partial<AlertDelivery>): AlertDelivery {
  return {
    channel: 'ops',
    type: 'webhook',
    event: 'firing',
    status: 'delivered',
    attempts: 1,
    lastError: null,
    nextAttemptAt: null,
    deliveredAt: null,
    ...over,
  }
}

describe('parseAlertFilters', () => {
  it.each<[string, AlertFilters]>([
    ['', {}],
    ['rule=runaway&state=firing', { rule: 'runaway', state: 'firing' }],
    ['rule=%20loops%20&state=resolved', { rule: 'loops', state: 'resolved' }],
    ['rule=&state=ok', {}],
  ])('%s', (search, want) => {
    expect(parseAlertFilters(new URLSearchParams(search))).toEqual(want)
  })
})

describe('firingMarker', () => {
  it('is absent while nothing fires, or before the rules are known', () => {
    expect(firingMarker(undefined)).toBeNull()
    expect(firingMarker({ rules: [] })).toBeNull()
    expect(firingMarker({ rules: [rule('a', 'ok'), rule('b', 'ok')] })).toBeNull()
  })
  it('counts the rules that fire, and names them and their subjects on hover', () => {
    const m = firingMarker({ rules: [rule('runaway', 'firing', 2), rule('quiet', 'ok'), rule('spend', 'firing', 1)] })
    expect(m).toEqual({
      count: 2,
      label: '2 firing',
      title: '2 alert rules firing, for 3 subjects: runaway, spend',
    })
    expect(firingMarker({ rules: [rule('runaway', 'firing')] })?.title).toBe(
      '1 alert rule firing, for 1 subject: runaway',
    )
  })
})

describe('words and numbers', () => {
  it('writes a filter out', () => {
    expect(filterText({})).toBe('')
    expect(filterText({ service: 'checkout', agent: 'planner' })).toBe('service=checkout, agent=planner')
  })
  it.each([
    [1000, '1 s'],
    [10_000, '10 s'],
    [300_000, '5 min'],
    [7_200_000, '2 h'],
  ])('every %i ms reads %s', (ms, text) => {
    expect(formatEvery(ms)).toBe(text)
  })
  it('formats an instant as the rest of the UI does, and leaves what is not one alone', () => {
    expect(formatInstant('2026-12-04T10:00:00.000Z')).toBe(formatTime(String(BigInt(NOW) * 1_000_000n)))
    expect(formatInstant('soon')).toBe('soon')
  })
})

describe('subjectView', () => {
  it.each([
    [{ kind: 'trace', value: TRACE }, TRACE, { kind: 'trace', value: TRACE, path: `/traces/${TRACE}` }],
    [{ kind: 'sessionId', value: 'chat 42' }, null, { kind: 'session', value: 'chat 42', path: '/sessions/chat%2042' }],
    [{ kind: 'userId', value: 'u-1' }, null, { kind: 'user', value: 'u-1', path: null }],
    [{ kind: 'agent', value: 'planner' }, null, { kind: 'agent', value: 'planner', path: null }],
    // a windowed alert that names a trace still links to it
    [{ kind: 'agent', value: 'planner' }, TRACE, { kind: 'agent', value: 'planner', path: `/traces/${TRACE}` }],
  ] as const)('%o with trace %s', (subject, traceId, want) => {
    expect(subjectView({ subject, traceId })).toEqual(want)
  })
})

describe('measure', () => {
  it.each<[RuleKind | undefined, number, number, string, string | null]>([
    ['traceCost', 0.0132, 0.01, '$0.013', '$0.01'],
    ['cost', 21.5, 20, '$21.50', '$20.00'],
    ['errorRate', 0.3333, 0.2, '33.3%', '20%'],
    ['finding', 4, 0, '4×', null],
    ['readiness', 1, 1, 'fails', null],
    ['drift', 0.81234, 0.5, '0.812', '0.5'],
    [undefined, 2.5, 1, '2.5', '1'],
  ])('%s %d / %d', (kind, value, threshold, v, t) => {
    expect(measure({ value, threshold }, kind)).toEqual({ value: v, threshold: t })
  })
  it('reads an alert by its rule of the same name', () => {
    const kinds = ruleKinds({ rules: [{ ...rule('spend', 'ok'), kind: 'cost' }] })
    expect(kinds.get('spend')).toBe('cost')
    expect(kinds.get('gone')).toBeUndefined()
    expect(ruleKinds(undefined).size).toBe(0)
  })
})

describe('deliveryLines', () => {
  it('says delivered with a tick', () => {
    const [line] = deliveryLines([delivery({ deliveredAt: '2026-12-04T09:59:58.000Z', attempts: 2 })], NOW)
    expect(line).toMatchObject({ key: 'ops-firing', channel: 'ops', status: 'delivered', text: '✓ delivered' })
    expect(line?.title).toMatch(/^webhook ops: delivered .+ on attempt 2$/)
  })
  it('says when a pending delivery is tried next, and why the last try failed', () => {
    const lines = deliveryLines(
      [
        delivery({ status: 'pending', attempts: 0, nextAttemptAt: new Date(NOW).toISOString() }),
        delivery({
          channel: 'team',
          type: 'slack',
          status: 'pending',
          attempts: 2,
          lastError: 'HTTP 500',
          nextAttemptAt: new Date(NOW + 14_400).toISOString(),
        }),
        delivery({ channel: 'late', status: 'pending', attempts: 3, nextAttemptAt: new Date(NOW - 50).toISOString() }),
        delivery({
          channel: 'slow',
          status: 'pending',
          attempts: 1,
          nextAttemptAt: new Date(NOW + 180_000).toISOString(),
        }),
      ],
      NOW,
    )
    expect(lines.map((l) => l.text)).toEqual([
      '… pending',
      '… pending: 2 attempts, next in 14 s',
      '… pending: 3 attempts, next now',
      '… pending: 1 attempt, next in 3 min',
    ])
    expect(lines[1]?.title).toBe('slack team: not delivered yet; last error: HTTP 500')
  })
  it('says what a failed delivery last heard', () => {
    const lines = deliveryLines(
      [
        delivery({ status: 'failed', attempts: 12, lastError: 'HTTP 404' }),
        delivery({ channel: 'hang', status: 'failed', attempts: 1, lastError: null }),
      ],
      NOW,
    )
    expect(lines.map((l) => l.text)).toEqual([
      '✗ failed after 12 attempts: HTTP 404',
      '✗ failed after 1 attempt: no answer',
    ])
  })
  it("puts each channel's firing notice before the resolutions, and marks those", () => {
    const lines = deliveryLines(
      [
        delivery({ channel: 'ops', event: 'resolved' }),
        delivery({ channel: 'ops' }),
        delivery({ channel: 'team', event: 'resolved', status: 'pending', attempts: 0 }),
        delivery({ channel: 'team' }),
      ],
      NOW,
    )
    expect(lines.map((l) => [l.key, l.channel])).toEqual([
      ['ops-firing', 'ops'],
      ['team-firing', 'team'],
      ['ops-resolved', 'ops (resolved)'],
      ['team-resolved', 'team (resolved)'],
    ])
  })
})

describe('testResultText', () => {
  it.each([
    [
      { delivered: true, status: 200, error: null },
      { ok: true, text: '✓ delivered (HTTP 200)' },
    ],
    [
      { delivered: false, status: 500, error: null },
      { ok: false, text: '✗ not delivered: HTTP 500' },
    ],
    [
      { delivered: false, status: null, error: 'connect ECONNREFUSED' },
      { ok: false, text: '✗ not delivered: connect ECONNREFUSED' },
    ],
    [
      { delivered: false, status: null, error: null },
      { ok: false, text: '✗ not delivered: no answer' },
    ],
  ])('%o', (r, want) => {
    expect(testResultText({ channel: 'ops', ...r })).toEqual(want)
  })
})

describe('ruleOptions', () => {
  it('lists the rules in force, then removed rules seen in alerts, then the selection, once each', () => {
    expect(
      ruleOptions(
        { rules: [rule('b', 'ok'), rule('a', 'ok')] },
        [{ rule: 'a' }, { rule: 'old' }, { rule: 'old' }],
        'x',
      ),
    ).toEqual(['b', 'a', 'old', 'x'])
    expect(ruleOptions(undefined, [], undefined)).toEqual([])
  })
})
