/**
 * validateLogsRequest: which log records storage can hold, and the reasons given for the rest.
 * (validateTraceRequest is tested beside the trace decoders, in decode.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import type { OtlpLogRecord, OtlpLogsRequest } from './types.ts'
import { retentionFloor, validateLogsRequest } from './validate.ts'

const TRACE = '0af7651916cd43dd8448eb211c80319c'
const SPAN = 'b7ad6b7169203331'

const record = (over: Partial<OtlpLogRecord> = {}): OtlpLogRecord => ({
  timeUnixNano: '1764690000000000000',
  observedTimeUnixNano: '1764690000000000500',
  severityNumber: 9,
  severityText: 'INFO',
  body: 'hello',
  attributes: {},
  flags: 1,
  traceId: TRACE,
  spanId: SPAN,
  eventName: '',
  ...over,
})

const request = (...logRecords: OtlpLogRecord[]): OtlpLogsRequest => ({
  resourceLogs: [
    {
      resource: { attributes: { 'service.name': 'a' } },
      scopeLogs: [{ scope: { name: 's', version: '', attributes: {} }, logRecords }],
    },
  ],
})

describe('validateLogsRequest', () => {
  it.each([
    ['a record with trace context', record(), null],
    ['a record without trace context', record({ traceId: '', spanId: '' }), null],
    ['a span id without a trace id', record({ traceId: '' }), null],
    ['only an observed time', record({ timeUnixNano: '0' }), null],
    ['only a time', record({ observedTimeUnixNano: '0' }), null],
    ['the earliest storable time', record({ timeUnixNano: '1000000000000000000' }), null],
    ['the latest storable time', record({ timeUnixNano: '4102444800000000000' }), null],
    [
      'a short trace id',
      record({ traceId: '0af7651916cd43dd8448eb211c8031' }),
      'log record trace id has 15 bytes, expected 16',
    ],
    [
      'a long span id',
      record({ spanId: 'b7ad6b716920333100' }),
      `log record span id has 9 bytes, expected 8 (trace ${TRACE})`,
    ],
    [
      'no timestamp',
      record({ timeUnixNano: '0', observedTimeUnixNano: '0' }),
      `log record has no timestamp: timeUnixNano and observedTimeUnixNano are both unset (span ${SPAN})`,
    ],
    // milliseconds sent as nanoseconds: ClickHouse would read those digits as seconds, or not at all
    [
      'a time in milliseconds',
      record({ timeUnixNano: '1764690000000', spanId: '' }),
      'log record time 1764690000000 is before 2001-09-09, earlier than storage holds; times are nanoseconds since 1970',
    ],
    [
      'an observed time in milliseconds, used for want of a time',
      record({ timeUnixNano: '0', observedTimeUnixNano: '1764690000000' }),
      `log record time 1764690000000 is before 2001-09-09, earlier than storage holds; times are nanoseconds since 1970 (span ${SPAN})`,
    ],
    // stored beside the time, so it must fit storage too
    [
      'an observed time past 2100',
      record({ observedTimeUnixNano: '18446744073709551615' }),
      `observed time 18446744073709551615 is after 2100-01-01, later than storage holds; times are nanoseconds since 1970 (span ${SPAN})`,
    ],
    [
      'a time past 2100',
      record({ timeUnixNano: '4102444800000000001' }),
      'log record time 4102444800000000001 is after 2100-01-01',
    ],
  ])('%s', (_name, r, problem) => {
    const result = validateLogsRequest(request(r))
    if (problem === null) {
      expect(result).toMatchObject({ acceptedLogRecords: 1, rejectedLogRecords: 0, reasons: [] })
      expect(result.accepted).toEqual(request(r))
    } else {
      expect(result).toMatchObject({ acceptedLogRecords: 0, rejectedLogRecords: 1 })
      expect(result.accepted.resourceLogs).toHaveLength(0)
      expect(result.reasons[0]).toContain(problem)
    }
  })

  it('treats all-zero ids as no trace context, as OTLP asks, instead of rejecting the record', () => {
    const result = validateLogsRequest(
      request(record({ traceId: '0'.repeat(32), spanId: '0'.repeat(16) }), record({ spanId: '0'.repeat(16) })),
    )
    expect(result.rejectedLogRecords).toBe(0)
    const [noContext, noSpan] = result.accepted.resourceLogs[0]!.scopeLogs[0]!.logRecords
    expect([noContext!.traceId, noContext!.spanId]).toEqual(['', ''])
    expect([noSpan!.traceId, noSpan!.spanId]).toEqual([TRACE, ''])
  })

  it('keeps the good records of a batch, counts the bad, and gives each reason once', () => {
    const short = record({ traceId: 'abcd' })
    const result = validateLogsRequest(request(record(), short, short, record({ body: 'second' })))
    expect(result.acceptedLogRecords).toBe(2)
    expect(result.rejectedLogRecords).toBe(2)
    expect(result.reasons).toEqual(['log record trace id has 2 bytes, expected 16'])
    expect(result.accepted.resourceLogs[0]!.scopeLogs[0]!.logRecords.map((r) => r.body)).toEqual(['hello', 'second'])
    expect(result.accepted.resourceLogs[0]!.resource.attributes).toEqual({ 'service.name': 'a' })
  })

  describe('with a retention floor', () => {
    const now = Date.UTC(2026, 11, 2, 12)
    const floor = retentionFloor(30, now)
    const at = (ms: number, over: Partial<OtlpLogRecord> = {}) =>
      record({ timeUnixNano: `${ms}000000`, observedTimeUnixNano: `${ms}000000`, ...over })

    it('keeps records inside the window and rejects older ones, one reason per day', () => {
      const result = validateLogsRequest(
        request(
          at(now - 29 * 86_400_000),
          at(now),
          at(now - 31 * 86_400_000),
          at(now - 31 * 86_400_000 + 1000),
          at(Date.UTC(2025, 0, 5)),
          // the observed time stands in for an unset time here too
          at(Date.UTC(2025, 0, 5), { timeUnixNano: '0' }),
        ),
        floor,
      )
      expect(result.acceptedLogRecords).toBe(2)
      expect(result.rejectedLogRecords).toBe(4)
      expect(result.reasons).toEqual([
        'log record is from 2026-11-01, before the 30-day retention window (LOUPE_RETENTION_DAYS), ' +
          "so storage would delete it on arrival; check the exporter's clock and that times are in nanoseconds",
        expect.stringContaining('log record is from 2025-01-05, before the 30-day retention window'),
      ])
    })

    it('checks no age without a floor', () => {
      expect(validateLogsRequest(request(at(Date.UTC(2002, 0, 1)))).rejectedLogRecords).toBe(0)
    })
  })
})
