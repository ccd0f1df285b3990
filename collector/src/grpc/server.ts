/**
 * @module grpc/server
 * OTLP/gRPC: `opentelemetry.proto.collector.trace.v1.TraceService/Export` and
 * `opentelemetry.proto.collector.logs.v1.LogsService/Export`. The services are declared by hand
 * with pass-through (de)serializers, so the bytes go to the same protobuf decoder and ingest path
 * as OTLP/HTTP. gRPC status mapping follows the OTLP spec: bad data is
 * INVALID_ARGUMENT (not retried), a full queue or unavailable storage is UNAVAILABLE (retried).
 */
import * as grpc from '@grpc/grpc-js'
import { ingestLogs, type LogsIngestDeps } from '../ingest/ingest-logs.ts'
import { ingestTraces, type IngestDeps, type IngestOutcome } from '../ingest/ingest.ts'
import { projectForAuthorization, DEFAULT_PROJECT } from '../auth/projects.ts'
import { PROTOBUF_ENCODING } from '../otlp/encoding.ts'

const passThrough = (b: Buffer) => b

const exportService = (path: string): grpc.ServiceDefinition => ({
  Export: {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
  },
})

export interface GrpcServerDeps extends IngestDeps, LogsIngestDeps {
  apiKeys: ReadonlyMap<string, string> | null
  maxBodyBytes: number
}

export async function startGrpcServer(
  deps: GrpcServerDeps,
  host: string,
  port: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': deps.maxBodyBytes,
  })
  server.addService(
    exportService('/opentelemetry.proto.collector.trace.v1.TraceService/Export'),
    exportHandler(deps, async (body, projectId) => {
      const outcome = await ingestTraces(deps, body, PROTOBUF_ENCODING, projectId)
      return outcome.kind === 'accepted' ? PROTOBUF_ENCODING.encodeResponse(outcome.partial) : outcome
    }),
  )
  server.addService(
    exportService('/opentelemetry.proto.collector.logs.v1.LogsService/Export'),
    exportHandler(deps, async (body, projectId) => {
      const outcome = await ingestLogs(deps, body, PROTOBUF_ENCODING, projectId)
      return outcome.kind === 'accepted' ? PROTOBUF_ENCODING.encodeLogsResponse(outcome.partial) : outcome
    }),
  )
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    )
  })
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve())
        setTimeout(() => {
          server.forceShutdown()
          resolve()
        }, 5_000).unref()
      }),
  }
}

/** One Export call: the API key, then the signal's ingest, its outcome as a gRPC status. */
function exportHandler(
  deps: GrpcServerDeps,
  ingest: (body: Buffer, projectId: string) => Promise<Buffer | Exclude<IngestOutcome, { kind: 'accepted' }>>,
): grpc.UntypedServiceImplementation {
  return {
    Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      let projectId = DEFAULT_PROJECT
      if (deps.apiKeys !== null) {
        const header = call.metadata.get('authorization')[0]
        const project = projectForAuthorization(typeof header === 'string' ? header : undefined, deps.apiKeys)
        if (project === null) {
          callback({
            code: grpc.status.UNAUTHENTICATED,
            details: 'an API key is required: send authorization: Bearer <key>',
          })
          return
        }
        projectId = project
      }
      ingest(call.request, projectId).then(
        (outcome) => {
          if (Buffer.isBuffer(outcome)) {
            callback(null, outcome)
            return
          }
          switch (outcome.kind) {
            case 'invalid':
              callback({ code: grpc.status.INVALID_ARGUMENT, details: outcome.message })
              return
            case 'busy':
            case 'unavailable':
              callback({ code: grpc.status.UNAVAILABLE, details: outcome.message })
              return
          }
        },
        (err: unknown) => callback({ code: grpc.status.INTERNAL, details: (err as Error).message }),
      )
    },
  }
}
