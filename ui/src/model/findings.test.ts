import { describe, expect, it } from 'vitest'
import {
  cycleSpanIds,
  findingSpanIds,
  findingTotals,
  parseFindingParam,
  spanMarks,
  worstSeverity,
  type FindingLike,
} from './findings.ts'

/** A finding over `ids` (first and last taken from the list unless given). */
function f(
  detector: FindingLike['detector'],
  severity: FindingLike['severity'],
  ids: string[],
  extra: Partial<FindingLike> = {},
): FindingLike {
  return {
    detector,
    severity,
    spanIds: ids,
    firstSpanId: ids[0] ?? 'x',
    lastSpanId: ids[ids.length - 1] ?? 'x',
    wastedTokens: 0,
    wastedCostUsd: 0,
    wastedSpanIds: [],
    ...extra,
  }
}

describe('worstSeverity', () => {
  it.each<[string, FindingLike['severity'][], FindingLike['severity'] | null]>([
    ['none', [], null],
    ['one warning', ['warning'], 'warning'],
    ['critical wins whatever the order', ['warning', 'critical', 'warning'], 'critical'],
    ['critical first', ['critical', 'warning'], 'critical'],
  ])('%s', (_name, severities, want) => {
    expect(worstSeverity(severities.map((severity) => ({ severity })))).toBe(want)
  })
})

describe('findingSpanIds', () => {
  it.each<[string, FindingLike, string[]]>([
    ['the listed spans', f('cycle', 'warning', ['a', 'b', 'c']), ['a', 'b', 'c']],
    [
      'first and last even when the list is trimmed',
      f('repeated-tool-call', 'warning', ['b'], { firstSpanId: 'a', lastSpanId: 'z' }),
      ['a', 'b', 'z'],
    ],
    ['duplicates once', f('no-progress', 'warning', ['a', 'a', 'b']), ['a', 'b']],
  ])('%s', (_name, finding, want) => {
    expect([...findingSpanIds(finding)].sort()).toEqual(want)
  })
})

describe('spanMarks', () => {
  it.each<[string, FindingLike[], Record<string, string>]>([
    ['no findings, no marks', [], {}],
    [
      'one finding marks each of its spans',
      [f('repeated-tool-call', 'warning', ['a', 'b'])],
      {
        a: 'warning repeated-tool-call #0',
        b: 'warning repeated-tool-call #0',
      },
    ],
    // a and b repeat a tool call; b and c are also a cycle, which is critical
    [
      'overlaps take the worst severity and every detector',
      [f('repeated-tool-call', 'warning', ['a', 'b']), f('cycle', 'critical', ['b', 'c'])],
      {
        a: 'warning repeated-tool-call #0',
        b: 'critical repeated-tool-call,cycle #0,1',
        c: 'critical cycle #1',
      },
    ],
    [
      'a detector twice is listed once',
      [f('repeated-error', 'warning', ['a']), f('repeated-error', 'warning', ['a'])],
      {
        a: 'warning repeated-error #0,1',
      },
    ],
  ])('%s', (_name, findings, want) => {
    const got = Object.fromEntries(
      [...spanMarks(findings)].map(([id, m]) => [
        id,
        `${m.severity} ${m.detectors.join(',')} #${m.findings.join(',')}`,
      ]),
    )
    expect(got).toEqual(want)
  })
})

describe('findingTotals', () => {
  const spans = [
    { spanId: 'a', inputTokens: 1000, outputTokens: 200, costUsd: 0.5 },
    { spanId: 'b', inputTokens: 300, outputTokens: 0, costUsd: 0.25 },
    { spanId: 'c', inputTokens: 0, outputTokens: 0, costUsd: null },
    { spanId: 'd', inputTokens: 9000, outputTokens: 900, costUsd: 4 },
  ]
  it.each<[string, FindingLike[], ReturnType<typeof findingTotals>]>([
    ['none', [], { findings: 0, critical: 0, warning: 0, wastedTokens: 0, wastedCostUsd: 0 }],
    [
      'adds the wasted spans and counts severities',
      [
        f('cycle', 'critical', ['a'], { wastedSpanIds: ['a'] }),
        f('step-budget', 'warning', ['b'], { wastedSpanIds: ['b'] }),
        f('no-progress', 'warning', ['c'], { wastedSpanIds: ['c'] }),
      ],
      { findings: 3, critical: 1, warning: 2, wastedTokens: 1500, wastedCostUsd: 0.75 },
    ],
    // a long loop over the step budget: both findings name the same spans, which were spent once
    [
      'counts a span two findings name once',
      [
        f('repeated-tool-call', 'critical', ['a', 'b'], {
          wastedSpanIds: ['a', 'b'],
          wastedTokens: 1500,
          wastedCostUsd: 0.75,
        }),
        f('step-budget', 'critical', ['b'], { wastedSpanIds: ['b'], wastedTokens: 300, wastedCostUsd: 0.25 }),
      ],
      { findings: 2, critical: 2, warning: 0, wastedTokens: 1500, wastedCostUsd: 0.75 },
    ],
  ])('%s', (_name, findings, want) => {
    expect(findingTotals(findings, spans)).toEqual(want)
  })
})

describe('parseFindingParam', () => {
  it.each<[string | null, number, number | null]>([
    [null, 3, null],
    ['0', 3, 0],
    ['2', 3, 2],
    ['3', 3, null],
    ['0', 0, null],
    ['-1', 3, null],
    ['1.5', 3, null],
    ['abc', 3, null],
    ['', 3, null],
    ['99999999999', 3, null],
  ])('%j of %i findings → %j', (value, count, want) => {
    expect(parseFindingParam(value, count)).toBe(want)
  })
})

describe('cycleSpanIds', () => {
  const findings = [
    f('repeated-tool-call', 'warning', ['t1', 't2']),
    f('cycle', 'critical', ['a1', 'b1', 'a2']),
    f('cycle', 'warning', ['c1', 'd1']),
  ]
  it.each<[string, number | null, string[]]>([
    ['nothing selected: every cycle', null, ['a1', 'a2', 'b1', 'c1', 'd1']],
    ['a selected cycle alone', 2, ['c1', 'd1']],
    ['a selected non-cycle highlights nothing', 0, []],
    ['an index out of range highlights nothing', 7, []],
  ])('%s', (_name, selected, want) => {
    expect([...cycleSpanIds(findings, selected)].sort()).toEqual(want)
  })
})
