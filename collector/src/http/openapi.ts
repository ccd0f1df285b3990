/**
 * @module http/openapi
 * Builds the OpenAPI 3.1 document from the route table in `@loupe/schema` and its zod schemas.
 */
import { API_ROUTES, ErrorResponse, type ApiRoute } from '@loupe/schema'
import { z } from 'zod'

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' })

export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  const routes: readonly ApiRoute[] = Object.values(API_ROUTES)
  for (const route of routes) {
    const querySchema = jsonSchema(route.query, 'input') as {
      properties?: Record<string, Record<string, unknown>>
      required?: string[]
    }
    const parameters = [
      ...Object.entries(route.pathParams ?? {}).map(([name, description]) => ({
        name,
        in: 'path',
        required: true,
        description,
        schema: { type: 'string' },
      })),
      ...Object.entries(querySchema.properties ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: querySchema.required?.includes(name) ?? false,
        ...(typeof schema['description'] === 'string' ? { description: schema['description'] } : {}),
        schema,
      })),
    ]
    const content: Record<string, unknown> = { 'application/json': { schema: jsonSchema(route.response, 'output') } }
    if (route.alsoProduces) content[route.alsoProduces] = { schema: { type: 'string' } }
    paths[route.path] = {
      [route.method]: {
        summary: route.summary,
        parameters,
        security: route.path === '/api/health' ? [] : [{ bearer: [] }, {}],
        responses: {
          200: { description: 'OK', content },
          400: {
            description: 'A parameter is invalid; the message names it',
            content: { 'application/json': { schema: jsonSchema(ErrorResponse, 'output') } },
          },
          401: { description: 'API key missing or wrong (when LOUPE_API_KEYS is set)' },
          404: { description: 'Not found' },
          503: { description: 'Storage unavailable; retry after Retry-After seconds' },
        },
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Loupe query API',
      version,
      description:
        'Traces, sessions and cost reports of AI agents. OTLP ingest is at /v1/traces (HTTP) and TraceService/Export (gRPC).',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API key from LOUPE_API_KEYS' } },
    },
    paths,
  }
}
