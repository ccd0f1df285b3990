/**
 * @module http/app-env
 * The Hono environment every route shares: the project the request's API key opened.
 */
export interface AppEnv {
  Variables: { projectId: string }
}
