/**
 * @module http/api-routes
 * The read API under `/api`. Every span leaves through `toApiSpan`, so the project id never does.
 */
import { TraceId, type Span, type TraceSpan } from '@loupe/schema'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { detectFindings } from '../detect/detect.ts'
import type { DetectorConfig } from '../detect/types.ts'
import { inheritAgentNames } from '../normalise/inherit.ts'
import { countingSpan, markDuplicateCalls } from '../settle/duplicate-calls.ts'
import type { SpanRecord } from '../normalise/span-record.ts'
import type { QueryService } from '../query/query-service.ts'
import type { SpanStore } from '../store/span-store.ts'
import type { AppEnv } from './app-env.ts'
import { parseOr400 } from './errors.ts'

export function apiRoutes(deps: { store: SpanStore; queries: QueryService; detectors?: Partial<DetectorConfig> }) {
  const app = new Hono<AppEnv>()

  app.get('/traces/:traceId', async (c) => {
    const traceId = parseOr400(TraceId, c.req.param('traceId').toLowerCase(), 'traceId')
    const records = await deps.store.getTrace(c.get('projectId'), traceId)
    if (records.length === 0) throw new HTTPException(404, { message: `trace ${traceId} not found` })
    // the settler's own decisions and detectors, over the same spans: detail and list agree, and
    // so does a trace still waiting to settle
    const { spans, notCounted } = markDuplicateCalls(inheritAgentNames(records))
    const findings = detectFindings(spans, deps.detectors ?? {}, await deps.queries.stepHistory(c.get('projectId')))
    const toTraceSpan = (s: SpanRecord): TraceSpan =>
      Object.assign(toApiSpan(s), { countedIn: notCounted.has(s.spanId) ? countingSpan(s.spanId, notCounted) : null })
    return c.json({ traceId, summary: deps.queries.traceSummary(spans, findings.length), spans: spans.map(toTraceSpan), findings })
  })

  return app
}

export function toApiSpan(record: SpanRecord): Span {
  const { projectId: _projectId, ...span } = record
  return span
}
