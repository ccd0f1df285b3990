import { describe, expect, it } from 'vitest'
import { csvField, toCsv } from './csv.ts'

describe('csv', () => {
  it.each<[string | number | null, string]>([
    ['plain', 'plain'],
    [0.0075, '0.0075'],
    [null, ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['-1+1', "'-1+1"],
  ])('field %j → %s', (value, text) => {
    expect(csvField(value)).toBe(text)
  })

  it('writes a header line and CRLF rows', () => {
    expect(
      toCsv(
        ['model', 'costUsd'],
        [
          ['gpt-4o', 0.0075],
          ['a,b', null],
        ],
      ),
    ).toBe('model,costUsd\r\ngpt-4o,0.0075\r\n"a,b",\r\n')
  })
})
