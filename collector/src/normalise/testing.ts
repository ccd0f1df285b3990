/**
 * @module normalise/testing
 * Builders for decoded OTLP spans and requests, shared by the normaliser's unit tests.
 * Not used at runtime.
 */
import type { Attributes, OtlpEvent, OtlpSpan, OtlpTraceRequest } from '../otlp/types.ts'
import { AttrReader } from './attributes.ts'
import type { SpanRecord } from './span-record.ts'

export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c'

export function otlpSpan(over: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: TRACE_ID,
    spanId: 'b7ad6b7169203331',
    parentSpanId: '',
    traceState: '',
    name: 'span',
    kind: 1,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000250000000',
    attributes: {},
    events: [],
    links: [],
    status: { code: 0, message: '' },
    ...over,
  }
}

export function otlpEvent(name: string, attributes: Attributes = {}): OtlpEvent {
  return { timeUnixNano: '1700000000100000000', name, attributes }
}

export function request(
  spans: OtlpSpan[],
  resource: Attributes = { 'service.name': 'svc' },
  scopeName = 'scope',
): OtlpTraceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: resource },
        scopeSpans: [{ scope: { name: scopeName, version: '', attributes: {} }, spans }],
      },
    ],
  }
}

export const reader = (attrs: Attributes): AttrReader => new AttrReader(attrs)

/** A minimal record for inheritance tests. */
export function record(
  spanId: string,
  parentSpanId: string | null,
  agentName: string | null,
  traceId = TRACE_ID,
): SpanRecord {
  return { spanId, parentSpanId, agentName, traceId } as SpanRecord
}
