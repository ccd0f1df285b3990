/**
 * Hostile input never crashes a decoder: random bytes, and valid requests cut or corrupted at
 * random places, either decode or raise OtlpDecodeError, nothing else. Seeded, so a failure
 * reproduces.
 */
import { describe, expect, it } from 'vitest'
import { OtlpDecodeError } from './decode-error.ts'
import { JSON_ENCODING, PROTOBUF_ENCODING } from './encoding.ts'
import { validateLogsRequest, validateTraceRequest } from './validate.ts'

function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const VALID_TRACES_JSON = Buffer.from(
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }] },
        scopeSpans: [
          {
            scope: { name: 's' },
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                name: 'chat',
                kind: 3,
                startTimeUnixNano: '1',
                endTimeUnixNano: '2',
                attributes: [
                  {
                    key: 'k',
                    value: {
                      arrayValue: {
                        values: [
                          { intValue: '5' },
                          { kvlistValue: { values: [{ key: 'x', value: { doubleValue: 1.5 } }] } },
                        ],
                      },
                    },
                  },
                ],
                events: [{ name: 'e', timeUnixNano: '1' }],
                status: { code: 2, message: 'm' },
              },
            ],
          },
        ],
      },
    ],
  }),
)

const VALID_LOGS_JSON = Buffer.from(
  JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }] },
        scopeLogs: [
          {
            scope: { name: 's' },
            logRecords: [
              {
                timeUnixNano: '1764690000000000000',
                observedTimeUnixNano: '1764690000000000001',
                severityNumber: 'SEVERITY_NUMBER_INFO',
                severityText: 'INFO',
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                flags: 1,
                eventName: 'gen_ai.client.inference.operation.details',
                body: {
                  kvlistValue: {
                    values: [
                      {
                        key: 'gen_ai.input.messages',
                        value: { arrayValue: { values: [{ kvlistValue: { values: [] } }, { bytesValue: 'AAE=' }] } },
                      },
                    ],
                  },
                },
                attributes: [{ key: 'event.name', value: { stringValue: 'x' } }],
              },
            ],
          },
        ],
      },
    ],
  }),
)

/** Each signal's decoders, a valid JSON request to damage, and its validation (which must not throw either). */
const SIGNALS = [
  {
    signal: 'traces',
    protobuf: PROTOBUF_ENCODING.decode,
    json: JSON_ENCODING.decode,
    validJson: VALID_TRACES_JSON,
    validate: (req: unknown) => validateTraceRequest(req as Parameters<typeof validateTraceRequest>[0]),
  },
  {
    signal: 'logs',
    protobuf: PROTOBUF_ENCODING.decodeLogs,
    json: JSON_ENCODING.decodeLogs,
    validJson: VALID_LOGS_JSON,
    validate: (req: unknown) => validateLogsRequest(req as Parameters<typeof validateLogsRequest>[0]),
  },
]

function expectDecodeOrTypedError(decode: (b: Buffer) => unknown, validate: (req: unknown) => unknown, body: Buffer) {
  try {
    validate(decode(body))
  } catch (err) {
    expect(err).toBeInstanceOf(OtlpDecodeError)
  }
}

describe.each(SIGNALS)('$signal decoders under hostile input', ({ protobuf, json, validJson, validate }) => {
  it('random bytes', () => {
    const r = rng(42)
    for (let i = 0; i < 3000; i++) {
      const body = Buffer.from(Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256)))
      expectDecodeOrTypedError(protobuf, validate, body)
      expectDecodeOrTypedError(json, validate, body)
    }
  })

  it('valid JSON truncated or with bytes flipped', () => {
    const r = rng(7)
    for (let i = 0; i < 2000; i++) {
      const body = Buffer.from(validJson)
      if (r() < 0.5) expectDecodeOrTypedError(json, validate, body.subarray(0, Math.floor(r() * body.length)))
      else {
        body[Math.floor(r() * body.length)] = Math.floor(r() * 256)
        expectDecodeOrTypedError(json, validate, body)
      }
    }
  })

  it('protobuf-shaped bytes: nested length-delimited fields with random lengths', () => {
    const r = rng(99)
    for (let i = 0; i < 3000; i++) {
      const parts: number[] = []
      for (let j = 0; j < 12; j++)
        parts.push(((Math.floor(r() * 16) + 1) << 3) | [0, 1, 2, 5][Math.floor(r() * 4)]!, Math.floor(r() * 256))
      expectDecodeOrTypedError(protobuf, validate, Buffer.from([0x0a, parts.length, ...parts]))
    }
  })
})
