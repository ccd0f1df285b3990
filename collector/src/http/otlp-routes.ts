/**
 * @module http/otlp-routes
 * OTLP/HTTP: `POST /v1/traces` and `POST /v1/logs` (also under the Langfuse SDK's
 * `/api/public/otel/v1/`), protobuf or JSON, optionally gzip or deflate; `/v1/metrics` says that
 * metrics are not kept. Success and partial success are answered in the request's encoding;
 * failures carry a `google.rpc.Status` in that encoding, as the OTLP spec asks.
 */
import { Hono, type Context } from 'hono'
import { decodeContentEncoding, readBody } from '../ingest/body.ts'
import { ingestLogs, type LogsIngestDeps } from '../ingest/ingest-logs.ts'
import { ingestTraces, type IngestDeps, type IngestOutcome } from '../ingest/ingest.ts'
import { JSON_ENCODING, RPC_CODE as RPC, encodingFor, type OtlpEncoding } from '../otlp/encoding.ts'
import type { AppEnv } from './app-env.ts'

export function otlpRoutes(deps: IngestDeps & LogsIngestDeps & { maxBodyBytes: number }) {
  const app = new Hono<AppEnv>()

  app.post(
    '/traces',
    exportHandler(deps.maxBodyBytes, async (body, encoding, projectId) => {
      const outcome = await ingestTraces(deps, body, encoding, projectId)
      return outcome.kind === 'accepted' ? encoding.encodeResponse(outcome.partial) : outcome
    }),
  )
  app.post(
    '/logs',
    exportHandler(deps.maxBodyBytes, async (body, encoding, projectId) => {
      const outcome = await ingestLogs(deps, body, encoding, projectId)
      return outcome.kind === 'accepted' ? encoding.encodeLogsResponse(outcome.partial) : outcome
    }),
  )
  // An exporter or probe using another method is told what the endpoint takes, not that it is missing.
  for (const signal of ['traces', 'logs'] as const) {
    app.all(`/${signal}`, (c) =>
      c.json(
        { code: RPC.invalidArgument, message: `${c.req.method} is not supported here: send OTLP ${signal} with POST` },
        405,
        { allow: 'POST' },
      ),
    )
  }
  // SDKs pointed at OTEL_EXPORTER_OTLP_ENDPOINT send metrics too: say plainly that they are not kept.
  app.all('/metrics', (c) =>
    statusResponse(
      encodingFor(c.req.header('content-type')) ?? JSON_ENCODING,
      404,
      RPC.unimplemented,
      'Loupe does not store metrics: turn metrics export off with OTEL_METRICS_EXPORTER=none',
    ),
  )

  return app
}

type Refused = Exclude<IngestOutcome, { kind: 'accepted' }>

/** One OTLP/HTTP export: content type, body limits and decompression, then the signal's ingest. */
function exportHandler(
  maxBodyBytes: number,
  ingest: (body: Buffer, encoding: OtlpEncoding, projectId: string) => Promise<Buffer | Refused>,
) {
  return async (c: Context<AppEnv>) => {
    const encoding = encodingFor(c.req.header('content-type'))
    if (encoding === null) {
      return c.json(
        {
          code: RPC.invalidArgument,
          message: `unsupported Content-Type "${c.req.header('content-type') ?? ''}": send application/x-protobuf or application/json`,
        },
        415,
      )
    }
    const raw = await readBody(c.req.raw.body, c.req.header('content-length'), maxBodyBytes)
    if (!raw.ok) return statusResponse(encoding, raw.status, RPC.invalidArgument, raw.message)
    const body = await decodeContentEncoding(raw.body, c.req.header('content-encoding'), maxBodyBytes)
    if (!body.ok) return statusResponse(encoding, body.status, RPC.invalidArgument, body.message)

    const outcome = await ingest(body.body, encoding, c.get('projectId'))
    if (Buffer.isBuffer(outcome)) {
      return new Response(new Uint8Array(outcome), { status: 200, headers: { 'content-type': encoding.contentType } })
    }
    switch (outcome.kind) {
      case 'invalid':
        return statusResponse(encoding, 400, RPC.invalidArgument, outcome.message)
      case 'busy':
        return statusResponse(encoding, 429, RPC.resourceExhausted, outcome.message, outcome.retryAfterSeconds)
      case 'unavailable':
        return statusResponse(encoding, 503, RPC.unavailable, outcome.message, outcome.retryAfterSeconds)
    }
  }
}

function statusResponse(
  encoding: OtlpEncoding,
  httpStatus: number,
  code: number,
  message: string,
  retryAfterSeconds?: number,
): Response {
  const headers: Record<string, string> = { 'content-type': encoding.contentType }
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds)
  return new Response(new Uint8Array(encoding.encodeStatus(code, message)), { status: httpStatus, headers })
}
