/**
 * @module normalise/context
 * Who and where: session (conversation) id, user id, MCP transport session id, agent name and
 * workflow name, each from the ordered sources in `@loupe/schema` semconv. The agent name is the
 * span's own; inheritance from ancestors is `inherit.ts`.
 * Invariant: LangSmith's `langsmith.trace.session_id` is a project, never a session, and
 * `mcp.session.id` never fills `sessionId`.
 */
import {
  AGENT_NAME_SOURCES,
  MCP_SESSION_ID_KEY,
  SESSION_ID_SOURCES,
  USER_ID_SOURCES,
  WORKFLOW_NAME_SOURCES,
} from '@loupe/schema'
import type { AttrReader, SourceContext } from './attributes.ts'
import { toText } from './attributes.ts'

export interface ContextFields {
  agentName: string | null
  workflowName: string | null
  sessionId: string | null
  userId: string | null
  mcpSessionId: string | null
}

/** Fallback for agent spans whose name IS the agent (Langfuse `asType:'agent'`, OpenAI Agents). */
function agentFromName(r: AttrReader, ctx: SourceContext): string | null {
  if (ctx.kind !== 'agent') return null
  if (r.text('langfuse.observation.type') === 'agent' || r.has('openinference.span.kind')) return ctx.name
  return null
}

export function extractContext(r: AttrReader, ctx: SourceContext): ContextFields {
  return {
    agentName: r.firstSource(AGENT_NAME_SOURCES, ctx, toText) ?? agentFromName(r, ctx),
    workflowName: r.firstSource(WORKFLOW_NAME_SOURCES, ctx, toText) ?? null,
    sessionId: r.firstSource(SESSION_ID_SOURCES, ctx, toText) ?? null,
    userId: r.firstSource(USER_ID_SOURCES, ctx, toText) ?? null,
    mcpSessionId: r.text(MCP_SESSION_ID_KEY) ?? null,
  }
}
