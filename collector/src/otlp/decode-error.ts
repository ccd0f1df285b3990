/**
 * @module otlp/decode-error
 * The one error a decoder raises: the request body is not a readable OTLP trace request.
 * It becomes a 400 whose message is `message`, so messages name the field and what was wrong.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError'
}
