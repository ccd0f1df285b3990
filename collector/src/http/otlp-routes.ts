/**
 * @module http/otlp-routes
 * OTLP/HTTP: `POST /v1/traces` (and the Langfuse SDK's `/api/public/otel/v1/traces`), protobuf
 * or JSON, optionally gzip. Success and partial success are answered in the request's encoding;
 * failures carry a `google.rpc.Status` in that encoding, as the OTLP spec asks.
 */
import { Hono } from 'hono'
import { decodeContentEncoding, readBody } from '../ingest/body.ts'
import { ingestTraces, type IngestDeps } from '../ingest/ingest.ts'
import { RPC_CODE as RPC, encodingFor, type OtlpEncoding } from '../otlp/encoding.ts'
import type { AppEnv } from './app-env.ts'

export function otlpRoutes(deps: IngestDeps & { maxBodyBytes: number }) {
  const app = new Hono<AppEnv>()

  app.post('/traces', async (c) => {
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
    const raw = await readBody(c.req.raw.body, c.req.header('content-length'), deps.maxBodyBytes)
    if (!raw.ok) return statusResponse(encoding, raw.status, RPC.invalidArgument, raw.message)
    const body = await decodeContentEncoding(raw.body, c.req.header('content-encoding'), deps.maxBodyBytes)
    if (!body.ok) return statusResponse(encoding, body.status, RPC.invalidArgument, body.message)

    const outcome = await ingestTraces(deps, body.body, encoding, c.get('projectId'))
    switch (outcome.kind) {
      case 'accepted':
        return new Response(new Uint8Array(encoding.encodeResponse(outcome.partial)), {
          status: 200,
          headers: { 'content-type': encoding.contentType },
        })
      case 'invalid':
        return statusResponse(encoding, 400, RPC.invalidArgument, outcome.message)
      case 'busy':
        return statusResponse(encoding, 429, RPC.resourceExhausted, outcome.message, outcome.retryAfterSeconds)
      case 'unavailable':
        return statusResponse(encoding, 503, RPC.unavailable, outcome.message, outcome.retryAfterSeconds)
    }
  })
  // An exporter or probe using another method is told what the endpoint takes, not that it is missing.
  app.all('/traces', (c) =>
    c.json(
      { code: RPC.invalidArgument, message: `${c.req.method} is not supported here: send OTLP traces with POST` },
      405,
      { allow: 'POST' },
    ),
  )

  return app
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
