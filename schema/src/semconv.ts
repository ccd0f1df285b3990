/**
 * @module semconv
 * Our own copy of the agent-telemetry attribute keys, as data: for every canonical field the
 * ordered list of keys to read (first non-empty value wins), and for every convention the map
 * from its span-kind vocabulary to ours. The GenAI conventions are still "Development" upstream
 * and keep changing, so a new key should be a one-line change here, never new code.
 * Source of truth: /work/shared/semconv.md §6 (precedence) and §1–§5 (which keys exist).
 */
import type { SpanKind } from './span.ts'

/**
 * Where a value can come from. A plain string is an attribute key; `path` walks into an attribute
 * holding JSON (a JSON string or a structured value); `whenKind` / `whenRoot` restrict a source to
 * spans of that kind or to root spans; `spanNameAfter` takes the span name after that prefix.
 */
export type FieldSource =
  | string
  | {
      readonly key: string
      readonly path?: readonly string[]
      readonly whenKind?: SpanKind
      readonly whenRoot?: boolean
    }
  | { readonly spanNameAfter: string; readonly whenKind?: SpanKind }
  | { readonly spanName: true; readonly whenRoot?: boolean; readonly whenKind?: SpanKind }

// ---------------------------------------------------------------------------------------------
// kind (§6 "kind", rules 1–11)

/** Rule 1. `span` and `event` are absent on purpose: they fall through to the next rule. */
export const LANGFUSE_OBSERVATION_TYPE_KINDS: Readonly<Record<string, SpanKind>> = {
  generation: 'llm',
  embedding: 'embedding',
  agent: 'agent',
  tool: 'tool',
  chain: 'chain',
  retriever: 'retriever',
  guardrail: 'guardrail',
  evaluator: 'other',
}

/** Rule 2 (values upper-cased before lookup). */
export const OPENINFERENCE_SPAN_KINDS: Readonly<Record<string, SpanKind>> = {
  LLM: 'llm',
  EMBEDDING: 'embedding',
  TOOL: 'tool',
  AGENT: 'agent',
  CHAIN: 'chain',
  PROMPT: 'chain',
  RETRIEVER: 'retriever',
  RERANKER: 'retriever',
  GUARDRAIL: 'guardrail',
  EVALUATOR: 'other',
  DECISION: 'other',
}

/** Rule 3: `gen_ai.operation.name`, including the custom values seen in the wild. */
export const GEN_AI_OPERATION_KINDS: Readonly<Record<string, SpanKind>> = {
  chat: 'llm',
  text_completion: 'llm',
  generate_content: 'llm',
  completion: 'llm',
  generate: 'llm',
  fetch_response: 'llm',
  embeddings: 'embedding',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
  invoke_workflow: 'chain',
  // semconv-genai #571: one turn of a framework runner (ADK, OpenAI Agents `Runner.run`), a wrapper
  handle_conversation_turn: 'chain',
  agent_step: 'chain',
  plan: 'chain',
  chain: 'chain',
  retrieval: 'retriever',
  search_memory: 'retriever',
  rerank: 'retriever',
  apply_guardrail: 'guardrail',
  'guardrail.run': 'guardrail',
  guard: 'guardrail',
  create_memory: 'other',
  update_memory: 'other',
  upsert_memory: 'other',
  delete_memory: 'other',
  create_memory_store: 'other',
  delete_memory_store: 'other',
}

/** The operation whose tokens must not be counted (§1.1). */
export const NO_TOKEN_OPERATIONS: readonly string[] = ['fetch_response']

/** Rule 4: `traceloop.span.kind` (`unknown` falls through). */
export const TRACELOOP_SPAN_KINDS: Readonly<Record<string, SpanKind>> = {
  workflow: 'chain',
  task: 'chain',
  session: 'chain',
  agent: 'agent',
  tool: 'tool',
}

/**
 * Rule 5: `langsmith.span.kind`. LangSmith derives `gen_ai.operation.name` from it (and maps
 * retriever→`embeddings`, prompt→`chat`), so when both are present this one is read first.
 */
export const LANGSMITH_SPAN_KINDS: Readonly<Record<string, SpanKind>> = {
  llm: 'llm',
  chain: 'chain',
  prompt: 'chain',
  parser: 'chain',
  tool: 'tool',
  retriever: 'retriever',
  embedding: 'embedding',
}

/**
 * Rule 6: Vercel AI SDK `ai.operationId` (or the first word of `operation.name`). The wrappers
 * that sum their children's usage are `chain`, or `agent` when they carry an agent name or a
 * `ai.telemetry.functionId` (see AI_SDK_AGENT_MARKER_KEYS).
 */
export const AI_SDK_OPERATION_KINDS: Readonly<Record<string, SpanKind>> = {
  'ai.generateText': 'chain',
  'ai.streamText': 'chain',
  'ai.generateObject': 'chain',
  'ai.streamObject': 'chain',
  'ai.generateText.doGenerate': 'llm',
  'ai.streamText.doStream': 'llm',
  'ai.generateObject.doGenerate': 'llm',
  'ai.streamObject.doStream': 'llm',
  'ai.toolCall': 'tool',
  'ai.embed': 'chain',
  'ai.embedMany': 'chain',
  'ai.embed.doEmbed': 'embedding',
  'ai.embedMany.doEmbed': 'embedding',
}
/** AI SDK wrapper operations promoted from `chain` to `agent` when a marker key is present. */
export const AI_SDK_ROOT_OPERATIONS: readonly string[] = [
  'ai.generateText',
  'ai.streamText',
  'ai.generateObject',
  'ai.streamObject',
]
export const AI_SDK_AGENT_MARKER_KEYS: readonly string[] = [
  'ai.telemetry.functionId',
  'gen_ai.agent.name',
  'agent.name',
  'ai.telemetry.metadata.agent',
]
/** Unknown `ai.*` operations by suffix (e.g. a future `ai.generateSpeech.doGenerate`). */
export const AI_SDK_OPERATION_SUFFIX_KINDS: readonly (readonly [string, SpanKind])[] = [
  ['.doGenerate', 'llm'],
  ['.doStream', 'llm'],
  ['.doEmbed', 'embedding'],
]
export const AI_SDK_OPERATION_ID_KEY = 'ai.operationId'
/** AI SDK `operation.name` is "ai.generateText {functionId}": its first word is the operation. */
export const AI_SDK_OPERATION_NAME_KEY = 'operation.name'

/** Rule 7: MCP `mcp.method.name`; any other method is `other`. */
export const MCP_METHOD_KEY = 'mcp.method.name'
export const MCP_METHOD_KINDS: Readonly<Record<string, SpanKind>> = { 'tools/call': 'tool' }

/** Legacy OpenLLMetry `llm.request.type` (not in §6; distinguishes embedding calls from chat). */
export const LLM_REQUEST_TYPE_KEY = 'llm.request.type'
export const LLM_REQUEST_TYPE_KINDS: Readonly<Record<string, SpanKind>> = {
  chat: 'llm',
  completion: 'llm',
  embedding: 'embedding',
  rerank: 'retriever',
}

/** Rule 8: span names (ADK `call_llm`/`invocation`, Pydantic AI v2 `agent run`/`running tool`). */
export const SPAN_NAME_KINDS: Readonly<Record<string, SpanKind>> = {
  call_llm: 'llm',
  invocation: 'chain',
  'agent run': 'agent',
  'running tool': 'tool',
}
/** Rule 8: span-name prefixes, matched as the whole name or the prefix followed by a space. */
export const SPAN_NAME_PREFIX_KINDS: readonly (readonly [string, SpanKind])[] = [
  ['invoke_agent', 'agent'],
  ['execute_tool', 'tool'],
  ['invoke_workflow', 'chain'],
  ['handle_conversation_turn', 'chain'],
  ['execute_node', 'chain'],
]

/** Rule 9. */
export const TOOL_MARKER_KEYS: readonly string[] = ['gen_ai.tool.name', 'gen_ai.tool.call.id']
/** Rule 10. */
export const MODEL_MARKER_KEYS: readonly string[] = ['gen_ai.request.model', 'gen_ai.response.model', 'llm.model_name']

export const KIND_KEYS = {
  langfuse: 'langfuse.observation.type',
  openinference: 'openinference.span.kind',
  genAiOperation: 'gen_ai.operation.name',
  traceloop: 'traceloop.span.kind',
  langsmith: 'langsmith.span.kind',
} as const

/** `operationName`: the raw operation in each convention's own words. */
export const OPERATION_NAME_KEYS: readonly string[] = [
  'gen_ai.operation.name',
  'ai.operationId',
  'mcp.method.name',
  'llm.request.type',
]

// ---------------------------------------------------------------------------------------------
// model and provider

export const MODEL_REQUEST_KEYS: readonly string[] = [
  'gen_ai.request.model',
  'llm.request.model_name',
  'ai.model.id',
  'langfuse.observation.model.name',
  'llm.model_name',
  'embedding.model_name',
  'reranker.model_name',
  'decision.request.model_name',
]
export const MODEL_RESPONSE_KEYS: readonly string[] = [
  'gen_ai.response.model',
  'llm.response.model_name',
  'ai.response.model',
  'decision.response.model_name',
  'llm.model_name',
]
export const PROVIDER_KEYS: readonly string[] = [
  'gen_ai.provider.name',
  'llm.provider',
  'ai.model.provider',
  'gen_ai.system',
  'llm.system',
  'decision.provider',
]
/** `gen_ai.system` values that name an instrumentation, not a provider: skipped. */
export const PROVIDER_IGNORED: readonly string[] = ['gcp.vertex.agent']
/** The OTel well-known provider values, kept as they are. */
export const PROVIDERS_CANONICAL: readonly string[] = [
  'openai',
  'anthropic',
  'aws.bedrock',
  'azure.ai.openai',
  'azure.ai.inference',
  'gcp.gen_ai',
  'gcp.vertex_ai',
  'gcp.gemini',
  'cohere',
  'deepseek',
  'groq',
  'mistral_ai',
  'moonshot_ai',
  'perplexity',
  'x_ai',
  'ibm.watsonx.ai',
  'oracle_cloud.generative_ai',
]
/**
 * Aliases, looked up for the whole lower-cased value, then its first two dot-segments, then its
 * first segment (AI SDK ids are `{provider}.{api}`: `openai.chat`, `google.vertex.chat`).
 * A first segment that is not listed is kept as it is (`openai.chat` → `openai`).
 */
export const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  'google-vertex': 'gcp.vertex_ai',
  'google.vertex': 'gcp.vertex_ai',
  vertex: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  vertex_ai: 'gcp.vertex_ai',
  google: 'gcp.gemini',
  gemini: 'gcp.gemini',
  'google.generative-ai': 'gcp.gemini',
  'amazon-bedrock': 'aws.bedrock',
  // OpenInference's `llm.system` value for Bedrock
  amazon: 'aws.bedrock',
  bedrock: 'aws.bedrock',
  aws: 'aws.bedrock',
  azure: 'azure.ai.openai',
  'azure-openai': 'azure.ai.openai',
  'az.ai.openai': 'azure.ai.openai',
  'az.ai.inference': 'azure.ai.inference',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  xai: 'x_ai',
  moonshot: 'moonshot_ai',
  moonshotai: 'moonshot_ai',
  watsonx: 'ibm.watsonx.ai',
}
/** Provider inferred from the model name (lower-cased, after the last `/`), by prefix. */
export const MODEL_PROVIDER_PREFIXES: readonly (readonly [string, string])[] = [
  ['gpt', 'openai'],
  ['chatgpt-', 'openai'],
  ['o1', 'openai'],
  ['o3', 'openai'],
  ['o4', 'openai'],
  ['text-embedding-', 'openai'],
  ['claude', 'anthropic'],
  ['gemini', 'gcp.gemini'],
  ['mistral', 'mistral_ai'],
  ['mixtral', 'mistral_ai'],
  ['codestral', 'mistral_ai'],
  ['ministral', 'mistral_ai'],
  ['pixtral', 'mistral_ai'],
  ['magistral', 'mistral_ai'],
  ['devstral', 'mistral_ai'],
  ['deepseek', 'deepseek'],
  ['grok', 'x_ai'],
  ['llama', 'meta'],
  ['nova', 'aws.bedrock'],
  ['command', 'cohere'],
  ['kimi', 'moonshot_ai'],
  // Bedrock model ids: `{vendor}.{model}`, optionally behind a cross-region prefix.
  ['anthropic.', 'aws.bedrock'],
  ['amazon.', 'aws.bedrock'],
  ['meta.', 'aws.bedrock'],
  ['us.', 'aws.bedrock'],
  ['eu.', 'aws.bedrock'],
  ['apac.', 'aws.bedrock'],
  ['global.', 'aws.bedrock'],
]

// ---------------------------------------------------------------------------------------------
// tokens (all counts; input includes cache, output includes reasoning)

export const INPUT_TOKEN_KEYS: readonly string[] = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'llm.token_count.prompt',
  'ai.usage.inputTokens',
  'ai.usage.promptTokens',
  'ai.usage.tokens',
  'decision.token_count.input',
]
export const OUTPUT_TOKEN_KEYS: readonly string[] = [
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'llm.token_count.completion',
  'ai.usage.outputTokens',
  'ai.usage.completionTokens',
  'decision.token_count.output',
]
export const CACHE_READ_TOKEN_SOURCES: readonly FieldSource[] = [
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_read_input_tokens',
  'llm.token_count.prompt_details.cache_read',
  'ai.usage.inputTokenDetails.cacheReadTokens',
  'ai.usage.cachedInputTokens',
  { key: 'gen_ai.usage.input_token_details', path: ['cache_read'] },
  { key: 'ai.response.providerMetadata', path: ['openai', 'cachedPromptTokens'] },
  { key: 'ai.response.providerMetadata', path: ['anthropic', 'usage', 'cache_read_input_tokens'] },
]
export const CACHE_WRITE_TOKEN_SOURCES: readonly FieldSource[] = [
  // semconv-genai #440 renamed cache_creation to cache_write; instrumentations moved in 2026
  'gen_ai.usage.cache_write.input_tokens',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.cache_creation_input_tokens',
  'llm.token_count.prompt_details.cache_write',
  'ai.usage.inputTokenDetails.cacheWriteTokens',
  { key: 'gen_ai.usage.input_token_details', path: ['cache_creation'] },
  { key: 'ai.response.providerMetadata', path: ['anthropic', 'usage', 'cache_creation_input_tokens'] },
  { key: 'ai.response.providerMetadata', path: ['anthropic', 'cacheCreationInputTokens'] },
]
export const REASONING_TOKEN_SOURCES: readonly FieldSource[] = [
  'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.usage.reasoning_tokens',
  'llm.token_count.completion_details.reasoning',
  'ai.usage.outputTokenDetails.reasoningTokens',
  'ai.usage.reasoningTokens',
  { key: 'gen_ai.usage.output_token_details', path: ['reasoning'] },
  // Pydantic AI flattens the provider's usage details (OpenAI's count is part of output)
  'gen_ai.usage.details.reasoning_tokens',
]

/**
 * Vercel AI SDK v5 (its usage has `cachedInputTokens`; v6 has `inputTokenDetails` instead) passed
 * these providers' own input count through as `inputTokens`, and it excludes the cache: Anthropic's
 * `input_tokens`. v6 counts the cache in.
 */
export const AI_SDK_V5_CACHED_KEY = 'ai.usage.cachedInputTokens'
export const AI_SDK_PROVIDER_KEY = 'ai.model.provider'
export const AI_SDK_V5_UNCACHED_INPUT_PROVIDERS: readonly string[] = ['anthropic', 'vertex.anthropic']

/**
 * Instrumentation scopes that send a provider's uncached input count as `gen_ai.usage.input_tokens`
 * beside its cache counts: OpenLLMetry's JS Anthropic instrumentation sends Anthropic's own
 * `input_tokens` (checked on 0.27.0). Their cache counts are added to the input.
 */
export const UNCACHED_INPUT_SCOPES: readonly string[] = ['@traceloop/instrumentation-anthropic']

/**
 * Langfuse `usage_details` (a JSON map, or flattened keys under the same prefix). Its categories
 * are disjoint (total = the sum of all), so `input` excludes cached and `output` excludes
 * reasoning tokens: the normaliser adds them back. Read only when no key above is present.
 */
export const LANGFUSE_USAGE_DETAILS_KEY = 'langfuse.observation.usage_details'
export const LANGFUSE_USAGE_FIELDS = {
  input: ['input'],
  output: ['output'],
  cacheRead: ['input_cached_tokens', 'cache_read_input_tokens', 'input_cache_read'],
  cacheWrite: ['cache_creation_input_tokens', 'input_cache_creation'],
  reasoning: ['output_reasoning_tokens', 'output_reasoning'],
  inputAudio: ['input_audio_tokens', 'input_audio'],
  outputAudio: ['output_audio_tokens', 'output_audio'],
  acceptedPrediction: ['output_accepted_prediction_tokens', 'accepted_prediction_tokens'],
  rejectedPrediction: ['output_rejected_prediction_tokens', 'rejected_prediction_tokens'],
} as const

/**
 * Google ADK puts the raw model response in `gcp.vertex.agent.llm_response`: Gemini
 * `usageMetadata` (prompt includes cached; candidates exclude thoughts) or Anthropic `usage`
 * (input excludes cache). Both spellings (JS camelCase, Python snake_case) are read.
 */
export const ADK_LLM_RESPONSE_KEY = 'gcp.vertex.agent.llm_response'
export const ADK_LLM_REQUEST_KEY = 'gcp.vertex.agent.llm_request'
export const GEMINI_USAGE_FIELDS = {
  container: ['usageMetadata', 'usage_metadata'],
  prompt: ['promptTokenCount', 'prompt_token_count'],
  candidates: ['candidatesTokenCount', 'candidates_token_count'],
  cached: ['cachedContentTokenCount', 'cached_content_token_count'],
  thoughts: ['thoughtsTokenCount', 'thoughts_token_count'],
} as const
export const ANTHROPIC_USAGE_FIELDS = {
  container: ['usage'],
  input: ['input_tokens'],
  output: ['output_tokens'],
  cacheRead: ['cache_read_input_tokens'],
  cacheWrite: ['cache_creation_input_tokens'],
} as const

// ---------------------------------------------------------------------------------------------
// cost (self-reported, USD)

export const COST_TOTAL_KEYS: readonly string[] = ['llm.cost.total', 'operation.cost', 'gen_ai.usage.cost']
/**
 * OTel GenAI's cost (semconv-genai #443), read before the keys above: an amount and its currency.
 * Only a USD amount (or one with no currency) is a cost in USD; another currency is left for the
 * cost engine to price rather than stored as dollars.
 */
export const OTEL_COST_AMOUNT_KEY = 'gen_ai.usage.cost.amount'
export const OTEL_COST_CURRENCY_KEY = 'gen_ai.usage.cost.currency'
/** Summed, unless it has a `total`. */
export const LANGFUSE_COST_DETAILS_KEY = 'langfuse.observation.cost_details'
export const COST_PART_KEYS: readonly string[] = ['llm.cost.prompt', 'llm.cost.completion']

// ---------------------------------------------------------------------------------------------
// tools

export const TOOL_NAME_SOURCES: readonly FieldSource[] = [
  'gen_ai.tool.name',
  'tool.name',
  'ai.toolCall.name',
  { key: 'traceloop.entity.name', whenKind: 'tool' },
  { key: 'langsmith.trace.name', whenKind: 'tool' },
  { spanNameAfter: 'execute_tool ' },
]
export const TOOL_CALL_ID_KEYS: readonly string[] = ['gen_ai.tool.call.id', 'ai.toolCall.id', 'tool.id']
export const TOOL_ARGUMENT_KEYS: readonly string[] = [
  'gen_ai.tool.call.arguments',
  'ai.toolCall.args',
  'ai.toolCall.input',
  'tool_arguments',
  'gcp.vertex.agent.tool_call_args',
  'input.value',
  'langfuse.observation.input',
  'traceloop.entity.input',
]
/** Traceloop entity input is `{args, kwargs}`: the arguments are `kwargs`, else `args`. */
export const TRACELOOP_ENTITY_INPUT_KEY = 'traceloop.entity.input'
export const TOOL_RESULT_KEYS: readonly string[] = [
  'gen_ai.tool.call.result',
  'ai.toolCall.result',
  'ai.toolCall.output',
  'tool_response',
  'gcp.vertex.agent.tool_response',
  'output.value',
  'langfuse.observation.output',
  'traceloop.entity.output',
]

// ---------------------------------------------------------------------------------------------
// context

export const SESSION_ID_SOURCES: readonly FieldSource[] = [
  'gen_ai.conversation.id',
  'session.id',
  'langfuse.session.id',
  'ai.telemetry.metadata.sessionId',
  'ai.telemetry.metadata.conversationId',
  'ai.settings.context.sessionId',
  'traceloop.association.properties.session_id',
  'langsmith.metadata.session_id',
  'langsmith.metadata.thread_id',
  'langsmith.metadata.conversation_id',
  { key: 'metadata', path: ['session_id'] },
  'gcp.vertex.agent.session_id',
]
/** A transport session, not a conversation: its own column. */
export const MCP_SESSION_ID_KEY = 'mcp.session.id'
export const USER_ID_SOURCES: readonly FieldSource[] = [
  'user.id',
  'langfuse.user.id',
  'enduser.id',
  'ai.telemetry.metadata.userId',
  'ai.settings.context.userId',
  'traceloop.association.properties.user_id',
  'langsmith.metadata.user_id',
  { key: 'metadata', path: ['user_id'] },
]
export const AGENT_NAME_SOURCES: readonly FieldSource[] = [
  'gen_ai.agent.name',
  'agent.name',
  { key: 'traceloop.entity.name', whenKind: 'agent' },
  'agent_name',
  'ai.telemetry.metadata.agent',
  { spanNameAfter: 'invoke_agent ' },
  { key: 'ai.telemetry.functionId', whenKind: 'agent' },
  'graph.node.name',
]
export const WORKFLOW_NAME_SOURCES: readonly FieldSource[] = [
  'gen_ai.workflow.name',
  'traceloop.workflow.name',
  'langfuse.trace.name',
  { key: 'langsmith.trace.name', whenRoot: true },
  { spanNameAfter: 'invoke_workflow ' },
  { spanName: true, whenRoot: true },
]

// ---------------------------------------------------------------------------------------------
// display input / output (§6 "input / output"), read in this order

/** OTel GenAI JSON messages (`[{role, parts}]`); the system instructions are prepended. */
export const OTEL_INPUT_MESSAGES_KEY = 'gen_ai.input.messages'
export const OTEL_OUTPUT_MESSAGES_KEY = 'gen_ai.output.messages'
export const OTEL_SYSTEM_INSTRUCTIONS_KEY = 'gen_ai.system_instructions'
/** Flattened messages: OpenInference `llm.input_messages.{i}.message.*`, legacy `gen_ai.prompt.{i}.*`. */
export const FLAT_INPUT_MESSAGE_PREFIXES: readonly string[] = ['llm.input_messages.', 'gen_ai.prompt.']
export const FLAT_OUTPUT_MESSAGE_PREFIXES: readonly string[] = ['llm.output_messages.', 'gen_ai.completion.']
/** Vercel AI SDK: the provider-level prompt, then the wrapper's `{system, prompt | messages}`. */
export const AI_SDK_PROMPT_KEYS: readonly string[] = ['ai.prompt.messages', 'ai.prompt']
export const AI_SDK_RESPONSE_TEXT_KEY = 'ai.response.text'
export const AI_SDK_RESPONSE_TOOL_CALLS_KEY = 'ai.response.toolCalls'
export const AI_SDK_RESPONSE_OBJECT_KEY = 'ai.response.object'
/** Values holding messages in some vendor shape, or plain text, in precedence order. */
export const INPUT_VALUE_KEYS: readonly string[] = [
  'langfuse.observation.input',
  'pydantic_ai.all_messages',
  'gcp.vertex.agent.llm_request',
  'input.value',
  'traceloop.entity.input',
  'gen_ai.prompt',
]
export const OUTPUT_VALUE_KEYS: readonly string[] = [
  'langfuse.observation.output',
  'final_result',
  'gcp.vertex.agent.llm_response',
  'output.value',
  'traceloop.entity.output',
  'gen_ai.completion',
]
/** Deprecated per-message span events, by the role they carry. */
export const GEN_AI_MESSAGE_EVENT_ROLES: Readonly<Record<string, string>> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
}
export const GEN_AI_CHOICE_EVENT = 'gen_ai.choice'
/** Current event carrying `gen_ai.input.messages` / `gen_ai.output.messages` / system instructions. */
export const GEN_AI_OPERATION_DETAILS_EVENT = 'gen_ai.client.inference.operation.details'
/** Role spellings of other vendors mapped to the OpenAI/OTel ones. */
export const ROLE_ALIASES: Readonly<Record<string, string>> = {
  model: 'assistant',
  ai: 'assistant',
  AIMessage: 'assistant',
  AIMessageChunk: 'assistant',
  human: 'user',
  HumanMessage: 'user',
  SystemMessage: 'system',
  ToolMessage: 'tool',
  function: 'tool',
  FunctionMessage: 'tool',
}

// ---------------------------------------------------------------------------------------------
// errors and resource

export const ERROR_TYPE_KEY = 'error.type'
export const EXCEPTION_EVENT_NAME = 'exception'
export const EXCEPTION_TYPE_KEY = 'exception.type'
export const SERVICE_NAME_KEY = 'service.name'
export const UNKNOWN_SERVICE = 'unknown_service'
