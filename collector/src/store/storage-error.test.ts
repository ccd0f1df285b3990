import { describe, expect, it } from 'vitest'
import { isDataErrorType, StorageError } from './storage-error.ts'

describe('StorageError.refusedData', () => {
  it.each([
    ['CANNOT_PARSE_INPUT_ASSERTION_FAILED', true],
    ['CANNOT_PARSE_DATETIME', true],
    ['TYPE_MISMATCH', true],
    ['MEMORY_LIMIT_EXCEEDED', false],
    ['TOO_MANY_PARTS', false],
    ['TIMEOUT_EXCEEDED', false],
  ])('%s blames the data: %s', (type, blames) => {
    expect(isDataErrorType(type)).toBe(blames)
    expect(new StorageError('x', { cause: Object.assign(new Error('y'), { code: '1', type }) }).refusedData).toBe(
      blames,
    )
  })

  it('is false without a typed ClickHouse cause (a refused connection, a socket timeout)', () => {
    expect(new StorageError('x', { cause: new Error('ECONNREFUSED') }).refusedData).toBe(false)
    expect(new StorageError('x').refusedData).toBe(false)
  })
})
