/**
 * @module grpc/server
 * OTLP/gRPC: `opentelemetry.proto.collector.trace.v1.TraceService/Export`. The service is
 * declared by hand with pass-through (de)serializers, so the bytes go to the same protobuf
 * decoder and ingest path as OTLP/HTTP. gRPC status mapping follows the OTLP spec: bad data is
 * INVALID_ARGUMENT (not retried), a full queue or unavailable storage is UNAVAILABLE (retried).
 */
import * as grpc from '@grpc/grpc-js'
import { ingestTraces, type IngestDeps } from '../ingest/ingest.ts'
import { projectForAuthorization, DEFAULT_PROJECT } from '../auth/projects.ts'
import { PROTOBUF_ENCODING } from '../otlp/encoding.ts'

const passThrough = (b: Buffer) => b

const TRACE_SERVICE: grpc.ServiceDefinition = {
  Export: {
    path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
  },
}

export interface GrpcServerDeps extends IngestDeps {
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
  server.addService(TRACE_SERVICE, {
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
      ingestTraces(deps, call.request, PROTOBUF_ENCODING, projectId).then(
        (outcome) => {
          switch (outcome.kind) {
            case 'accepted':
              callback(null, PROTOBUF_ENCODING.encodeResponse(outcome.partial))
              return
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
  })
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
