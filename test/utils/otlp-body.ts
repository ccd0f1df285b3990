/**
 * Builds OTLP/JSON trace request bodies for tests that need exact control over ids and fields
 * (bad input, durability), where a real exporter would refuse to send them.
 */
export interface TestSpan {
  traceId: string
  spanId: string
  parentSpanId?: string
  name?: string
  attributes?: Record<string, string | number>
  /** Start time in Unix ms; a minute ago (plus the span's index in ms) when unset. */
  startMs?: number
  /** End time as sent (decimal Unix nanoseconds); half a millisecond after the start when unset. */
  endUnixNano?: string
}

const RECENT_NS = BigInt(Date.now() - 60_000) * 1_000_000n

export function otlpJson(spans: TestSpan[], service = 'test-agent'): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: spans.map((s, i) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name ?? `span-${i}`,
              kind: 1,
              startTimeUnixNano: startNs(s, i).toString(),
              endTimeUnixNano: s.endUnixNano ?? (startNs(s, i) + 500_000n).toString(),
              attributes: Object.entries(s.attributes ?? {}).map(([key, v]) => ({
                key,
                value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v },
              })),
            })),
          },
        ],
      },
    ],
  })
}

function startNs(s: TestSpan, i: number): bigint {
  return s.startMs === undefined ? RECENT_NS + BigInt(i) * 1_000_000n : BigInt(s.startMs) * 1_000_000n
}

/** A random hex id of n bytes. */
export function hexId(bytes: number): string {
  let s = ''
  for (let i = 0; i < bytes; i++)
    s += Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0')
  return s
}
