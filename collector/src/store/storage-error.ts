/**
 * @module store/storage-error
 * Any failure to reach or use storage. The HTTP edge answers it with 503 and Retry-After, since
 * that is what OTLP exporters retry on, and a retried export is idempotent (ReplacingMergeTree).
 */
export class StorageError extends Error {
  override readonly name = 'StorageError'
}
