import type { SpanKind } from '@loupe/schema'
import { describe, expect, it } from 'vitest'
import type { Attributes } from '../otlp/types.ts'
import type { ContextFields } from './context.ts'
import { extractContext } from './context.ts'
import { reader } from './testing.ts'

type Case = [string, string, SpanKind, boolean, Attributes, Partial<ContextFields>]

describe('extractContext', () => {
  it.each<Case>([
    // sessions
    [
      'otel conversation id',
      'chat',
      'llm',
      false,
      { 'gen_ai.conversation.id': 'c1', 'session.id': 's1' },
      { sessionId: 'c1' },
    ],
    [
      'OI / langfuse v5 session.id + user.id',
      'x',
      'llm',
      false,
      { 'session.id': 's1', 'user.id': 'u1' },
      { sessionId: 's1', userId: 'u1' },
    ],
    [
      'langfuse legacy keys',
      'x',
      'llm',
      false,
      { 'langfuse.session.id': 's2', 'langfuse.user.id': 'u2' },
      { sessionId: 's2', userId: 'u2' },
    ],
    [
      'ai sdk telemetry metadata',
      'ai.generateText',
      'chain',
      true,
      { 'ai.telemetry.metadata.sessionId': 's3', 'ai.telemetry.metadata.userId': 'u3' },
      { sessionId: 's3', userId: 'u3' },
    ],
    [
      'ai sdk conversationId',
      'x',
      'chain',
      false,
      { 'ai.telemetry.metadata.conversationId': 'c3' },
      { sessionId: 'c3' },
    ],
    [
      'ai sdk v7 runtime context',
      'x',
      'agent',
      false,
      { 'ai.settings.context.sessionId': 's4', 'ai.settings.context.userId': 'u4' },
      { sessionId: 's4', userId: 'u4' },
    ],
    [
      'traceloop association properties',
      'x',
      'chain',
      false,
      { 'traceloop.association.properties.session_id': 's5', 'traceloop.association.properties.user_id': 'u5' },
      { sessionId: 's5', userId: 'u5' },
    ],
    [
      'langsmith thread from metadata, session_id is a project',
      'x',
      'chain',
      false,
      {
        'langsmith.trace.session_id': 'proj-123',
        'langsmith.metadata.thread_id': 't6',
        'langsmith.metadata.user_id': 'u6',
      },
      { sessionId: 't6', userId: 'u6' },
    ],
    [
      'langsmith project only → no session',
      'x',
      'chain',
      false,
      { 'langsmith.trace.session_id': 'proj-123' },
      { sessionId: null },
    ],
    [
      'OI metadata JSON user_id/session_id',
      'x',
      'chain',
      false,
      { metadata: '{"user_id":"u7","session_id":"s7"}' },
      { sessionId: 's7', userId: 'u7' },
    ],
    ['adk session id', 'call_llm', 'llm', false, { 'gcp.vertex.agent.session_id': 's8' }, { sessionId: 's8' }],
    ['enduser.id', 'x', 'other', false, { 'enduser.id': 'u9' }, { userId: 'u9' }],
    ['numeric session id', 'x', 'llm', false, { 'session.id': 42 }, { sessionId: '42' }],
    [
      'mcp.session.id is separate',
      'tools/call w',
      'tool',
      false,
      { 'mcp.session.id': 'm1' },
      { mcpSessionId: 'm1', sessionId: null },
    ],
    // agents
    [
      'otel gen_ai.agent.name',
      'invoke_agent a',
      'agent',
      false,
      { 'gen_ai.agent.name': 'planner' },
      { agentName: 'planner' },
    ],
    ['OI agent.name', 'x', 'agent', false, { 'agent.name': 'router' }, { agentName: 'router' }],
    [
      'traceloop entity name on agent',
      'planner.agent',
      'agent',
      false,
      { 'traceloop.entity.name': 'planner' },
      { agentName: 'planner' },
    ],
    [
      'traceloop entity name on a tool is not an agent',
      'search.tool',
      'tool',
      false,
      { 'traceloop.entity.name': 'search' },
      { agentName: null },
    ],
    ['pydantic v2 agent_name', 'agent run', 'agent', false, { agent_name: 'support' }, { agentName: 'support' }],
    ['ai sdk metadata agent', 'x', 'llm', false, { 'ai.telemetry.metadata.agent': 'a1' }, { agentName: 'a1' }],
    ['span name after invoke_agent', 'invoke_agent weather', 'agent', false, {}, { agentName: 'weather' }],
    [
      'ai sdk root functionId',
      'ai.generateText',
      'agent',
      true,
      { 'ai.telemetry.functionId': 'planner' },
      { agentName: 'planner' },
    ],
    [
      'functionId on a doGenerate is not an agent',
      'ai.generateText.doGenerate',
      'llm',
      false,
      { 'ai.telemetry.functionId': 'planner' },
      { agentName: null },
    ],
    ['langgraph node', 'x', 'chain', false, { 'graph.node.name': 'researcher' }, { agentName: 'researcher' }],
    [
      'langfuse agent named by its span',
      'research-agent',
      'agent',
      false,
      { 'langfuse.observation.type': 'agent' },
      { agentName: 'research-agent' },
    ],
    [
      'OI AGENT named by its span',
      'Triage Agent',
      'agent',
      false,
      { 'openinference.span.kind': 'AGENT' },
      { agentName: 'Triage Agent' },
    ],
    // workflows
    ['otel workflow name', 'x', 'chain', false, { 'gen_ai.workflow.name': 'w1' }, { workflowName: 'w1' }],
    [
      'traceloop workflow name',
      'x',
      'llm',
      false,
      { 'traceloop.workflow.name': 'plan_trip' },
      { workflowName: 'plan_trip' },
    ],
    ['langfuse trace name', 'x', 'chain', false, { 'langfuse.trace.name': 'chat-turn' }, { workflowName: 'chat-turn' }],
    ['langsmith trace name on root', 'x', 'chain', true, { 'langsmith.trace.name': 'qa' }, { workflowName: 'qa' }],
    [
      'langsmith trace name on child ignored',
      'x',
      'chain',
      false,
      { 'langsmith.trace.name': 'qa' },
      { workflowName: null },
    ],
    ['adk invoke_workflow name', 'invoke_workflow onboarding', 'chain', false, {}, { workflowName: 'onboarding' }],
    ['root span name', 'handle_request', 'other', true, {}, { workflowName: 'handle_request' }],
    [
      'child span name ignored',
      'handle_request',
      'other',
      false,
      {},
      { workflowName: null, agentName: null, userId: null },
    ],
  ])('%s', (_l, name, kind, isRoot, attrs, expected) => {
    expect(extractContext(reader(attrs), { name, kind, isRoot })).toMatchObject(expected)
  })
})
