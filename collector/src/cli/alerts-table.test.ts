import { AlertsQuery, type AlertDelivery } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { alertsCsv, alertsTable, DEFAULT_ALERT_LIMIT, deliveryCell, formatNumber, subjectCell } from './alerts-table.ts'
import { ALERT_TRACE, ALERTS } from './testing.ts'

const FIRED = '2025-01-31T11:58:02.000Z'

const delivery = (over: Partial<AlertDelivery>): AlertDelivery => ({
  channel: 'team',
  type: 'slack',
  event: 'firing',
  status: 'pending',
  attempts: 0,
  lastError: null,
  nextAttemptAt: null,
  deliveredAt: null,
  ...over,
})

describe('alertsTable', () => {
  const lines = alertsTable(ALERTS).split('\n')

  it('has a row per alert, newest first as the server sent them, each delivery on a line of its own', () => {
    expect(lines[0]).toMatch(/^fired \(UTC\) +rule +state +subject +value \/ threshold +message +deliveries$/)
    expect(lines[1]).toMatch(
      new RegExp(
        `^2025-01-31 11:58:02  trace-cost  firing    trace:${ALERT_TRACE} +23\\.41 / 20  trace 0af76519… \\(planner\\) cost \\$23\\.41, over the \\$20 limit +ops ✓ delivered$`,
      ),
    )
    expect(lines[2]).toMatch(/^ +team pending \(3 tries, next 12:03:04\)$/)
    expect(lines[3]!.split(/ {2,}/)).toEqual([
      '2025-01-31 09:00:00',
      'user-spend',
      'firing',
      'userId:u-42',
      '31.5 / 25',
      'user u-42 spent $31.50 over 1d (threshold $25)',
      'team ✗ failed: HTTP 404: no_service',
    ])
    expect(lines[4]!.split(/ {2,}/)).toEqual([
      '2025-01-30 14:00:00',
      'errors',
      'resolved',
      'agent:planner',
      '0.125 / 0.05',
      'agent planner: 5 of 40 calls failed over 1h (12.5%, threshold 5%)',
      'ops ✓ delivered',
    ])
    expect(lines[5]).toMatch(/^ +ops \(resolution\) ✓ delivered \(2 tries\)$/)
    expect(lines.slice(6)).toEqual([''])
    // a delivery's continuation line starts under the deliveries header
    expect(lines[2]!.indexOf('team')).toBe(lines[0]!.indexOf('deliveries'))
  })

  it('says (none) for an alert no channel was told of, and keeps a message on one line, cut to fit', () => {
    const [alert] = ALERTS.alerts
    const quiet = { ...alert!, message: `spent\nover ${'x'.repeat(100)}`, deliveries: [] }
    const row = alertsTable({ ...ALERTS, alerts: [quiet] }).split('\n')[1]!
    expect(row).toMatch(/ spent over x+… +\(none\)$/)
    expect(row.slice(row.indexOf('spent'), row.indexOf('…') + 1)).toHaveLength(72)
  })
})

describe('cells', () => {
  it.each([
    ['ops ✓ delivered', delivery({ channel: 'ops', status: 'delivered', attempts: 1 })],
    ['ops ✓ delivered (4 tries)', delivery({ channel: 'ops', status: 'delivered', attempts: 4 })],
    ['team (resolution) ✓ delivered', delivery({ event: 'resolved', status: 'delivered', attempts: 1 })],
    ['team pending', delivery({})],
    ['team pending (next 11:58:02)', delivery({ nextAttemptAt: '2025-01-31T11:58:02.500Z' })],
    [
      'team pending (3 tries, next 12:03:04)',
      delivery({ attempts: 3, lastError: 'HTTP 503', nextAttemptAt: '2025-01-31T12:03:04.000Z' }),
    ],
    ['team pending (1 try, next 12:00:00)', delivery({ attempts: 1, nextAttemptAt: '2025-01-31T12:00:00.000Z' })],
    // the next attempt on another day than the firing carries its date
    [
      'team pending (2 tries, next 2025-02-01 00:03:04)',
      delivery({ attempts: 2, nextAttemptAt: '2025-02-01T00:03:04.000Z' }),
    ],
    [
      'team ✗ failed: HTTP 404: no_service',
      delivery({ status: 'failed', attempts: 5, lastError: 'HTTP 404: no_service' }),
    ],
    ['team ✗ failed', delivery({ status: 'failed', attempts: 5 })],
    // an error with a line break stays on its line, cut to fit
    [
      `team ✗ failed: connect ECONNREFUSED at ${'x'.repeat(35)}…`,
      delivery({ status: 'failed', lastError: `connect ECONNREFUSED\n  at ${'x'.repeat(80)}` }),
    ],
  ])('%s', (cell, d) => {
    expect(deliveryCell(d, FIRED)).toBe(cell)
  })

  it.each([
    [{ kind: 'trace', value: ALERT_TRACE }, `trace:${ALERT_TRACE}`],
    [{ kind: 'userId', value: 'u-42' }, 'userId:u-42'],
    [{ kind: 'sessionId', value: '' }, 'sessionId:(none)'],
    [
      { kind: 'sessionId', value: `sess-${'0'.repeat(60)}-end` },
      `sessionId:sess-${'0'.repeat(15)}…${'0'.repeat(15)}-end`,
    ],
  ] as const)('subjectCell(%j) = %s', (subject, cell) => {
    expect(subjectCell({ subject })).toBe(cell)
  })

  it.each([
    [20, '20'],
    [1500, '1,500'],
    [23.4123, '23.41'],
    [0.125, '0.125'],
    [0.123456, '0.123'],
    [0.0005, '0.0005'],
    [0, '0'],
  ])('formatNumber(%d) = %s', (n, text) => {
    expect(formatNumber(n)).toBe(text)
  })
})

describe('alertsCsv', () => {
  it('writes one line per alert with raw figures, its deliveries as channel/event=status', () => {
    const lines = alertsCsv(ALERTS).trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'firedAt,resolvedAt,rule,state,subjectKind,subject,traceId,value,threshold,stop,message,link,deliveries,id',
    )
    expect(lines).toHaveLength(4)
    expect(lines[1]).toBe(
      `2025-01-31T11:58:02.000Z,,trace-cost,firing,trace,${ALERT_TRACE},${ALERT_TRACE},23.4123,20,true,` +
        `"trace 0af76519… (planner) cost $23.41, over the $20 limit",http://127.0.0.1:4318/traces/${ALERT_TRACE},` +
        'ops/firing=delivered;team/firing=pending,a3',
    )
    expect(lines[3]).toMatch(
      /^2025-01-30T14:00:00\.000Z,2025-01-30T15:00:00\.000Z,errors,resolved,agent,planner,,0\.125,0\.05,false,.*,ops\/firing=delivered;ops\/resolved=delivered,a1$/,
    )
  })

  it('writes only the header when no alert fired', () => {
    expect(alertsCsv({ ...ALERTS, alerts: [] }).split('\r\n')[0]).toMatch(/^firedAt,/)
    expect(alertsCsv({ ...ALERTS, alerts: [] }).split('\r\n')).toHaveLength(2)
  })
})

it("knows the server's default limit", () => {
  expect(AlertsQuery.parse({ from: '2025-01-30T12:00:00Z', to: '2025-01-31T12:00:00Z' }).limit).toBe(
    DEFAULT_ALERT_LIMIT,
  )
})
