import { DriftQuery } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import { BadQueryError } from './bad-query.ts'
import {
  callSamplesQuery,
  resolveDriftWindows,
  SAMPLE_CAP,
  toCallSamples,
  toTraceSamples,
  traceSamplesQuery,
} from './drift.ts'

const H = 3_600_000
const D = 24 * H
const NOW = Date.UTC(2026, 0, 15, 12)

describe('resolveDriftWindows', () => {
  it.each([
    ['defaults: the last 24 h against the 7 days before', {}, [NOW - D, NOW], [NOW - 8 * D, NOW - D]],
    [
      'an explicit current window moves the reference with it',
      { from: NOW - 3 * D, to: NOW - 2 * D },
      [NOW - 3 * D, NOW - 2 * D],
      [NOW - 10 * D, NOW - 3 * D],
    ],
    ['referenceTo alone: 7 days before it', { referenceTo: NOW - 2 * D }, [NOW - D, NOW], [NOW - 9 * D, NOW - 2 * D]],
    [
      'referenceFrom alone: up to the current window',
      { referenceFrom: NOW - 3 * D },
      [NOW - D, NOW],
      [NOW - 3 * D, NOW - D],
    ],
    [
      'a reference after the current window',
      { from: NOW - 5 * D, to: NOW - 4 * D, referenceFrom: NOW - 2 * D, referenceTo: NOW },
      [NOW - 5 * D, NOW - 4 * D],
      [NOW - 2 * D, NOW],
    ],
  ])('%s', (_, q, current, reference) => {
    const w = resolveDriftWindows(q, NOW)
    expect([w.current.fromMs, w.current.toMs]).toEqual(current)
    expect([w.reference.fromMs, w.reference.toMs]).toEqual(reference)
  })

  it.each([
    ['from after to', { from: NOW, to: NOW - H }, 'from'],
    ['referenceFrom after referenceTo', { referenceFrom: NOW - 2 * D, referenceTo: NOW - 3 * D }, 'referenceFrom'],
    ['referenceFrom at or after the default referenceTo', { referenceFrom: NOW - H }, 'referenceFrom'],
    ['overlapping windows', { referenceFrom: NOW - 2 * D, referenceTo: NOW - H }, 'overlaps'],
  ])('rejects %s, naming it', (_, q, named) => {
    expect(() => resolveDriftWindows(q, NOW)).toThrow(BadQueryError)
    expect(() => resolveDriftWindows(q, NOW)).toThrow(named)
  })
})

describe('drift SQL', () => {
  const windows = resolveDriftWindows({}, NOW)
  const tables = { spans: 'db.spans', summaries: 'db.trace_summaries' }

  it('binds every value as a parameter, filters included', () => {
    const q = DriftQuery.parse({ service: "a'b", agent: 'x', model: 'gpt-4o' })
    for (const built of [
      callSamplesQuery(tables.spans, '', 'p1', q, windows),
      traceSamplesQuery(tables, '', 'p1', q, windows),
    ]) {
      expect(built.sql).not.toContain("a'b")
      expect(built.sql).not.toContain('gpt-4o')
      expect(built.params).toMatchObject({
        projectId: 'p1',
        cap: SAMPLE_CAP,
        refFromMs: NOW - 8 * D,
        curToMs: NOW,
        f_service: "a'b",
        f_agent: 'x',
        f_model: 'gpt-4o',
      })
    }
  })

  it('samples by hash, capped, and reads the spans of traces past the window end', () => {
    const calls = callSamplesQuery(tables.spans, '', 'p1', DriftQuery.parse({}), windows)
    expect(calls.sql).toContain("kind = 'llm' AND NOT is_rollup")
    expect(calls.sql).toMatch(/arraySlice\(arraySort\(groupArray\(\(cityHash64\(span_id\)/)
    const traces = traceSamplesQuery(tables, '', 'p1', DriftQuery.parse({}), windows)
    expect(traces.sql).toMatch(/arraySlice\(arraySort\(groupArray\(\(cityHash64\(trace_id\)/)
    expect(traces.sql).toContain('FROM db.trace_summaries FINAL')
    expect(traces.params).toMatchObject({ refScanToMs: NOW, curScanToMs: NOW + D })
  })
})

describe('rows → samples', () => {
  it('maps call rows, window 1 being the current one', () => {
    const [s] = toCallSamples([
      {
        w: 1,
        agent: 'a',
        model: 'm',
        calls: '3',
        errors: 1,
        latencyMs: [1.5, 2],
        inputTokens: [10, 20],
        outputTokens: [1, 2],
      },
    ])
    expect(s).toEqual({
      window: 'cur',
      agentName: 'a',
      model: 'm',
      calls: 3,
      errors: 1,
      latencyMs: [1.5, 2],
      inputTokens: [10, 20],
      outputTokens: [1, 2],
    })
  })

  it('maps trace rows: exact pico-dollar costs, retries from the failed traces’ steps', () => {
    const [s] = toTraceSamples([
      {
        w: false,
        agent: 'a',
        traces: 3,
        errors: 1,
        costUnits: ['1', '123456789012345', '0'],
        steps: [3, 5, '1'],
        stepLists: [
          [],
          [
            [0, 'gpt-4o', 0],
            [1, 'search', 1],
            [0, 'gpt-4o', 0],
            [1, 'search', 0],
            [0, 'gpt-4o', 0],
          ],
          [],
        ],
      },
    ])
    expect(s).toEqual({
      window: 'ref',
      agentName: 'a',
      traces: 3,
      errors: 1,
      costUsd: [1e-12, 123456789012345 / 1e12, 0],
      steps: [3, 5, 1],
      retries: [0, 1, 0],
    })
  })
})
