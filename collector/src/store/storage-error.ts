/**
 * @module store/storage-error
 * Any failure to reach or use storage. The HTTP edge answers it with 503 and Retry-After, since
 * that is what OTLP exporters retry on, and a retried export is idempotent (ReplacingMergeTree).
 * The exception is `refusedData`: storage answered, and said the rows themselves are wrong.
 */

/**
 * ClickHouse error types that blame the inserted data, not the server's state: the same rows
 * would fail the same way on any retry. Memory, part-count and network errors are not here.
 */
const DATA_ERROR_TYPES = new Set([
  'INCORRECT_DATA',
  'TYPE_MISMATCH',
  'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
  'ARGUMENT_OUT_OF_BOUND',
  'CANNOT_CONVERT_TYPE',
  'TOO_LARGE_STRING_SIZE',
  'ATTEMPT_TO_READ_AFTER_EOF',
  'CANNOT_READ_ALL_DATA',
  'INCORRECT_NUMBER_OF_COLUMNS',
  'DECIMAL_OVERFLOW',
  'CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN',
])

/** Whether a ClickHouse error type (from either transport's `ClickHouseError.type`) blames the data. */
export function isDataErrorType(type: string): boolean {
  return type.startsWith('CANNOT_PARSE') || DATA_ERROR_TYPES.has(type)
}

export class StorageError extends Error {
  override readonly name = 'StorageError'

  /** Storage refused the rows themselves (a parse or type error): sending them again would fail again. */
  get refusedData(): boolean {
    const type = (this.cause as { type?: unknown } | undefined)?.type
    return typeof type === 'string' && isDataErrorType(type)
  }
}
