import type { CostMeasures, CostReportResponse, TraceSummary } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import {
  costReportTable,
  formatDuration,
  formatInt,
  formatTimestamp,
  formatUsdColumn,
  renderTable,
  traceListTable,
  truncateEnd,
  truncateMiddle,
} from './table.ts'

describe('cells', () => {
  it.each([
    [
      [0.3, 0.0075, 0, 0.3075],
      ['$0.3000', '$0.0075', '$0.0000', '$0.3075'],
    ],
    [
      [12.5, 1234],
      ['$12.50', '$1,234.00'],
    ],
    [
      [1.5, 0.0000021],
      ['$1.5000000', '$0.0000021'],
    ],
    [
      [0, 0],
      ['$0.00', '$0.00'],
    ],
    [[], []],
  ])('formatUsdColumn(%j) lines up the decimal points', (amounts, cells) => {
    expect(formatUsdColumn(amounts)).toEqual(cells)
  })

  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
  ])('formatInt(%d) = %s', (n, text) => {
    expect(formatInt(n)).toBe(text)
  })

  it.each([
    [0, '0ms'],
    [0.4, '<1ms'],
    [350.4, '350ms'],
    [1000, '1.0s'],
    [4210, '4.2s'],
    [59_949, '59.9s'],
    [59_950, '1m00s'],
    [125_000, '2m05s'],
    [3_720_000, '1h02m'],
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('formats a nanosecond timestamp as UTC', () => {
    expect(formatTimestamp('1738315502123456789')).toBe('2025-01-31 09:25:02')
  })

  it.each([
    ['short', 10, 'short'],
    ['0123456789abcdef', 9, '0123…cdef'],
    ['0123456789abcdef', 10, '01234…cdef'],
    ['0123456789', 10, '0123456789'],
  ])('truncateMiddle(%s, %d) = %s', (text, max, out) => {
    expect(truncateMiddle(text, max)).toBe(out)
  })

  it.each([
    ['plan the next step', 10, 'plan the …'],
    ['plan', 10, 'plan'],
  ])('truncateEnd(%s, %d) = %s', (text, max, out) => {
    expect(truncateEnd(text, max)).toBe(out)
  })
})

describe('renderTable', () => {
  it('pads each column to its widest cell, right-aligns numbers, rules off the totals', () => {
    const text = renderTable(
      [
        { header: 'model', align: 'left' },
        { header: 'cost', align: 'right' },
      ],
      [
        ['gpt-4o', '$0.0075'],
        ['claude-sonnet-4-5', '$12.00'],
      ],
      ['total', '$12.01'],
    )
    expect(text).toBe(
      [
        'model                 cost',
        'gpt-4o             $0.0075',
        'claude-sonnet-4-5   $12.00',
        '-----------------  -------',
        'total               $12.01',
        '',
      ].join('\n'),
    )
  })

  it('trims trailing padding of a left-aligned last column', () => {
    expect(
      renderTable(
        [
          { header: 'a', align: 'left' },
          { header: 'name', align: 'left' },
        ],
        [['1', 'x']],
      ),
    ).toBe('a  name\n1  x\n')
  })
})

const ZERO: CostMeasures = {
  spanCount: 0,
  llmCalls: 0,
  toolCalls: 0,
  toolDurationMs: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  costUsd: 0,
  unpricedCalls: 0,
  wastedCostUsd: 0,
  runningCostUsd: 0,
}

describe('costReportTable', () => {
  const report = (rows: CostReportResponse['rows'], totals: CostMeasures): CostReportResponse => ({
    groupBy: ['model', 'service'],
    from: '2025-01-24T00:00:00.000Z',
    to: '2025-01-31T00:00:00.000Z',
    rows,
    totals,
  })
  const gpt = { ...ZERO, spanCount: 2, llmCalls: 2, inputTokens: 2000, outputTokens: 1000, costUsd: 0.015 }
  const mini = { ...ZERO, spanCount: 1, llmCalls: 1, inputTokens: 1_500_000, outputTokens: 30, costUsd: 0.225018 }
  const totals = { ...ZERO, spanCount: 3, llmCalls: 3, inputTokens: 1_502_000, outputTokens: 1030, costUsd: 0.240018 }

  it('lays out dimensions, the always-shown measures and a totals line', () => {
    const text = costReportTable(
      report(
        [
          { ...gpt, dimensions: { model: 'gpt-4o', service: 'support-bot' } },
          { ...mini, dimensions: { model: 'gpt-4o-mini', service: '' } },
        ],
        totals,
      ),
    )
    expect(text.split('\n')).toEqual([
      'model        service      llm calls  input tokens  output tokens    cost',
      'gpt-4o       support-bot          2         2,000          1,000  $0.015',
      'gpt-4o-mini  (none)               1     1,500,000             30  $0.225',
      '-----------  -----------  ---------  ------------  -------------  ------',
      'total                             3     1,502,000          1,030  $0.240',
      '',
    ])
  })

  it.each([
    ['toolCalls', 'tool calls'],
    ['cacheReadTokens', 'cache read'],
    ['cacheWriteTokens', 'cache write'],
    ['reasoningTokens', 'reasoning'],
    ['unpricedCalls', 'unpriced calls'],
  ] as const)('shows %s only when some row has it', (measure, header) => {
    const without = costReportTable(report([{ ...gpt, dimensions: { model: 'm', service: 's' } }], gpt))
    const withIt = costReportTable(
      report([{ ...gpt, [measure]: 7, dimensions: { model: 'm', service: 's' } }], { ...gpt, [measure]: 7 }),
    )
    expect(without).not.toContain(header)
    expect(withIt.split('\n')[0]).toContain(header)
  })

  it('shows the cost still running, in dollars, only when some trace is running', () => {
    const text = costReportTable(
      report([{ ...gpt, runningCostUsd: 0.25, dimensions: { model: 'm', service: 's' } }], {
        ...gpt,
        runningCostUsd: 0.25,
      }),
    )
    const [header, row] = text.split('\n')
    expect(header).toContain('still running')
    expect(row).toMatch(/\$0\.25\d*$/)
    expect(costReportTable(report([{ ...gpt, dimensions: { model: 'm', service: 's' } }], gpt))).not.toContain(
      'still running',
    )
  })
})

const trace = (over: Partial<TraceSummary>): TraceSummary => ({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  rootName: 'invoke_agent planner',
  serviceNames: ['support-bot'],
  agentNames: ['planner'],
  models: ['gpt-4o'],
  startTimeUnixNano: '1738315502000000000',
  durationMs: 4210,
  spanCount: 5,
  llmCalls: 2,
  toolCalls: 1,
  inputTokens: 2000,
  outputTokens: 1000,
  cacheReadTokens: 0,
  reasoningTokens: 0,
  costUsd: 0.015,
  unpricedCalls: 0,
  errorCount: 0,
  sessionId: null,
  userId: null,
  findingCount: 0,
  running: false,
  ...over,
})

describe('traceListTable', () => {
  it('shows whole trace ids and sums the listed traces', () => {
    const lines = traceListTable({
      traces: [
        trace({}),
        trace({
          traceId: 'f'.repeat(32),
          rootName: 'a very long root span name that goes on and on',
          costUsd: 1.5,
          errorCount: 1,
        }),
      ],
      nextCursor: null,
    }).split('\n')
    expect(lines[0]).toMatch(
      /^trace +start \(UTC\) +duration +root +service +models +llm calls +tool calls +input tokens +output tokens +cost +errors$/,
    )
    expect(lines[1]).toContain('0af7651916cd43dd8448eb211c80319c  2025-01-31 09:25:02      4.2s  invoke_agent planner')
    expect(lines[2]).toContain('a very long root span name that…')
    expect(lines[4]).toMatch(/^total \(2 traces\) +4 +2 +4,000 +2,000 +\$1\.515 +1$/)
    // every row is as wide as the header: the columns line up
    expect(new Set(lines.slice(0, 5).map((l) => l.length)).size).toBe(1)
  })

  it('marks a running trace beside its duration so far', () => {
    const [, row] = traceListTable({ traces: [trace({ running: true })], nextCursor: null }).split('\n')
    expect(row).toContain('4.2s running')
  })
})
