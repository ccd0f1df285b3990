import { describe, expect, it } from 'vitest'
import { flattenAttributes, parseJsonish, toCount, toNumber, toText } from './attributes.ts'
import { reader } from './testing.ts'

describe('numeric coercion', () => {
  it.each<[unknown, number | undefined]>([
    [42, 42],
    ['42', 42],
    [' 7 ', 7],
    [{ intValue: 12 }, 12],
    [{ intValue: '9007199254740993' }, 9007199254740992],
    [{ doubleValue: 1.5 }, 1.5],
    ['', undefined],
    ['  ', undefined],
    ['abc', undefined],
    [true, undefined],
    [null, undefined],
    [Number.NaN, undefined],
  ])('toNumber(%j) = %s', (v, n) => {
    expect(toNumber(v)).toBe(n)
  })

  it.each<[unknown, number | undefined]>([
    [10, 10],
    ['10', 10],
    [{ intValue: '10' }, 10],
    [10.6, 11],
    [-3, 0],
    ['x', undefined],
  ])('toCount(%j) = %s', (v, n) => {
    expect(toCount(v)).toBe(n)
  })
})

describe('toText', () => {
  it.each<[unknown, string | undefined]>([
    ['abc', 'abc'],
    ['', undefined],
    [12, '12'],
    [false, 'false'],
    [{ stringValue: 's' }, 's'],
    [['a'], undefined],
    [{ a: 1 }, undefined],
  ])('%j → %s', (v, t) => {
    expect(toText(v)).toBe(t)
  })
})

describe('parseJsonish', () => {
  it.each<[unknown, boolean, unknown]>([
    ['{"a":1}', false, { a: 1 }],
    ['  [1,2]', false, [1, 2]],
    ['Paris', false, undefined],
    ['{broken', false, undefined],
    ['42', false, undefined],
    ['42', true, 42],
    ['"x"', true, 'x'],
    ['Paris', true, undefined],
    [{ a: 1 }, false, { a: 1 }],
    [[1], false, [1]],
    [3, false, undefined],
    [3, true, 3],
  ])('%j (scalars=%s) → %j', (v, scalars, out) => {
    expect(parseJsonish(v, scalars)).toEqual(out)
  })
})

describe('flattenAttributes', () => {
  it('keeps strings and JSON-encodes everything else', () => {
    expect(
      flattenAttributes({ s: 'x', n: 3, f: 1.5, b: true, z: null, a: ['a', 1], o: { k: { n: 1 } }, e: '' }),
    ).toEqual({ s: 'x', n: '3', f: '1.5', b: 'true', z: 'null', a: '["a",1]', o: '{"k":{"n":1}}', e: '' })
  })
  it('names a non-finite double rather than writing null', () => {
    expect(flattenAttributes({ nan: Number.NaN, inf: Infinity, ninf: -Infinity })).toEqual({
      nan: 'NaN',
      inf: 'Infinity',
      ninf: '-Infinity',
    })
  })
  it('keeps a __proto__ key as data', () => {
    const attrs = JSON.parse('{"__proto__":"p","k":"v"}') as Record<string, string>
    const out = flattenAttributes(attrs)
    expect(Object.keys(out)).toEqual(['__proto__', 'k'])
    expect(out['__proto__']).toBe('p')
  })
})

describe('AttrReader', () => {
  it('treats null and empty strings as absent', () => {
    const r = reader({ a: '', b: null, c: 'x', d: 0 })
    expect(r.firstText(['a', 'b', 'c'])).toBe('x')
    expect(r.firstCount(['a', 'b', 'd'])).toBe(0)
    expect(r.has('a')).toBe(false)
    expect(r.firstPresent(['a', 'b', 'd'])).toEqual(['d', 0])
  })
  it('does not read inherited properties', () => {
    expect(reader({}).text('constructor')).toBeUndefined()
    expect(reader({}).get('toString')).toBeUndefined()
  })
  it('parses a JSON attribute once and returns the same value', () => {
    const r = reader({ m: '{"session_id":"s1"}' })
    const first = r.json('m')
    expect(first).toEqual({ session_id: 's1' })
    expect(r.json('m')).toBe(first)
  })
  it.each<[string, unknown]>([
    ['JSON path', { key: 'metadata', path: ['user', 'id'] }],
    ['span name after a prefix', { spanNameAfter: 'invoke_agent ' }],
  ])('reads a %s source', (_l, source) => {
    const r = reader({ metadata: '{"user":{"id":"u1"}}' })
    const ctx = { name: 'invoke_agent u1', kind: 'agent' as const, isRoot: false }
    expect(r.firstSource([source as never], ctx, toText)).toBe('u1')
  })
  it.each<[string, object, boolean, string | undefined]>([
    ['whenKind matches', { key: 'k', whenKind: 'tool' }, false, 'v'],
    ['whenKind does not match', { key: 'k', whenKind: 'agent' }, false, undefined],
    ['whenRoot on a child', { key: 'k', whenRoot: true }, false, undefined],
    ['whenRoot on a root', { key: 'k', whenRoot: true }, true, 'v'],
    ['span name on a root', { spanName: true, whenRoot: true }, true, 'the-span'],
  ])('conditional source: %s', (_l, source, isRoot, out) => {
    const ctx = { name: 'the-span', kind: 'tool' as const, isRoot }
    expect(reader({ k: 'v' }).firstSource([source as never], ctx, toText)).toBe(out)
  })
})
