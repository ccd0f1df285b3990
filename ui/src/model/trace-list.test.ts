import { describe, expect, it } from 'vitest'
import {
  clearFiltersChange,
  facetOptions,
  filterChange,
  hasActiveFilters,
  readTraceListState,
  sortChange,
  sortIndicator,
  summariseList,
  traceListQuery,
  type TraceListState,
} from './trace-list.ts'

const state = (search: string) => readTraceListState(new URLSearchParams(search))

describe('readTraceListState', () => {
  it.each<[string, Partial<TraceListState>]>([
    ['', { filters: {}, sort: 'startTime', order: 'desc', cursor: undefined }],
    ['sort=costUsd&order=asc', { sort: 'costUsd', order: 'asc' }],
    ['sort=bogus&order=sideways', { sort: 'startTime', order: 'desc' }],
    ['service=api&agent=triage&q=%20refund%20', { filters: { service: 'api', agent: 'triage', q: 'refund' } }],
    ['status=error', { filters: { status: 'error' } }],
    ['status=ok', { filters: {} }],
    ['state=running', { filters: { state: 'running' } }],
    ['state=done', { filters: {} }],
    ['minCostUsd=0.5', { filters: { minCostUsd: '0.5' } }],
    ['minCostUsd=-1', { filters: {} }],
    ['minCostUsd=abc', { filters: {} }],
    ['userId=&model=', { filters: {} }],
    ['cursor=abc&range=1h', { cursor: 'abc', filters: {} }],
  ])('%s', (search, expected) => {
    expect(state(search)).toMatchObject(expected)
  })
})

describe('traceListQuery', () => {
  it('maps the state onto the API parameters', () => {
    expect(traceListQuery(state('model=gpt-4o&status=error&sort=durationMs&cursor=c1'), { from: 1, to: 2 })).toEqual({
      from: 1,
      to: 2,
      model: 'gpt-4o',
      status: 'error',
      sort: 'durationMs',
      order: 'desc',
      limit: 50,
      cursor: 'c1',
    })
  })
})

describe('changes', () => {
  it.each<[string, ReturnType<typeof filterChange>]>([
    ['api', { service: 'api', cursor: undefined }],
    ['  ', { service: undefined, cursor: undefined }],
  ])('filter service=%j', (value, expected) => {
    expect(filterChange('service', value)).toEqual(expected)
  })

  it('clearing filters removes every filter key and the cursor, and nothing else', () => {
    const changes = clearFiltersChange()
    expect(Object.keys(changes).sort()).toEqual([
      'agent',
      'cursor',
      'minCostUsd',
      'model',
      'provider',
      'q',
      'service',
      'state',
      'status',
      'userId',
    ])
    expect(Object.values(changes).every((v) => v === undefined)).toBe(true)
  })

  it.each<[string, Parameters<typeof sortChange>[1], ReturnType<typeof sortChange>]>([
    ['', 'startTime', { sort: 'startTime', order: 'asc', cursor: undefined }],
    ['sort=startTime&order=asc', 'startTime', { sort: undefined, order: undefined, cursor: undefined }],
    ['', 'costUsd', { sort: 'costUsd', order: 'desc', cursor: undefined }],
    ['sort=costUsd', 'costUsd', { sort: 'costUsd', order: 'asc', cursor: undefined }],
    ['sort=costUsd&order=asc', 'durationMs', { sort: 'durationMs', order: 'desc', cursor: undefined }],
  ])('sort from %j clicking %s', (search, column, expected) => {
    expect(sortChange(state(search), column)).toEqual(expected)
  })

  it.each<[string, Parameters<typeof sortIndicator>[1], ReturnType<typeof sortIndicator>]>([
    ['', 'startTime', { ariaSort: 'descending', arrow: '↓' }],
    ['', 'costUsd', { ariaSort: 'none', arrow: '' }],
    ['sort=spanCount&order=asc', 'spanCount', { ariaSort: 'ascending', arrow: '↑' }],
  ])('indicator for %j on %s', (search, column, expected) => {
    expect(sortIndicator(state(search), column)).toEqual(expected)
  })
})

describe('helpers', () => {
  it.each<[string, boolean]>([
    ['', false],
    ['sort=costUsd&cursor=x', false],
    ['q=x', true],
    ['status=error', true],
  ])('hasActiveFilters(%j) = %s', (search, expected) => {
    expect(hasActiveFilters(state(search))).toBe(expected)
  })

  it.each<[string[] | undefined, string | undefined, string[]]>([
    [['a', 'b'], undefined, ['a', 'b']],
    [['a', 'b'], 'b', ['a', 'b']],
    [['a', 'b'], 'z', ['z', 'a', 'b']],
    [undefined, 'z', ['z']],
  ])('facetOptions(%j, %j)', (values, selected, expected) => {
    expect(facetOptions(values, selected)).toEqual(expected)
  })

  it.each<[string[], string]>([
    [[], '—'],
    [['a'], 'a'],
    [['a', 'b'], 'a, b'],
    [['a', 'b', 'c', 'd'], 'a, b +2'],
  ])('summariseList(%j) = %j', (values, text) => {
    expect(summariseList(values)).toBe(text)
  })
})
