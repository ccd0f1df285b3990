/**
 * @module otlp/decode-error
 * The one error a decoder raises: the request body is not a readable OTLP trace or logs request.
 * It becomes a 400 whose message is `message`, so messages name the field and what was wrong.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError'
}

/**
 * How deeply attribute values (arrays and key/value lists) may nest. The decoders recurse per
 * level, and a few kilobytes of nesting would otherwise exhaust the stack; protobuf's own parsers
 * stop at the same depth.
 */
export const MAX_VALUE_DEPTH = 100
