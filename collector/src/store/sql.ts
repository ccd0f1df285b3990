/**
 * @module store/sql
 * Query text, one constant per query. Values are bound only through `{name: Type}` placeholders;
 * the database name is the one identifier spliced in, and config validates it as an identifier.
 */

/** Columns read back into a SpanRecord (see span-row.ts SpanRowOut). */
const SPAN_COLUMNS = `project_id, trace_id, span_id, parent_span_id, name, service_name, kind, operation_name,
  status, status_message, error_type,
  toString(toUnixTimestamp64Nano(start_time)) AS start_time, toString(toUnixTimestamp64Nano(end_time)) AS end_time,
  duration_ns / 1e6 AS duration_ms, model, provider,
  input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, cost_source, is_rollup,
  tool_name, tool_call_id, tool_arguments, tool_args_hash, tool_result, agent_name, workflow_name,
  session_id, user_id, mcp_session_id, input, output, scope_name, attributes, resource_attributes, events, links`

/**
 * Settings every read carries. A span's duplicates (a retried export, a settled rewrite) share its
 * day partition, so FINAL need not merge across partitions, which makes it nearly free; 64-bit
 * counts come back as JSON numbers.
 */
export const READ_SETTINGS =
  'SETTINGS do_not_merge_across_partitions_select_final = 1, output_format_json_quote_64bit_integers = 0, output_format_json_quote_decimals = 0'

/**
 * Settings for every write session. optimize_on_insert = 0: ReplacingMergeTree would otherwise
 * collapse duplicate keys inside each insert block before writing it, a sort-and-merge pass that
 * cost about a fifth of the insert rate (measured, 1.4 KB agent spans). Nothing depends on it:
 * duplicates from different inserts exist anyway until a merge, so every span read already takes
 * the newest row per span (LIMIT 1 BY or FINAL).
 */
export const WRITE_SESSION_SETTINGS = { optimize_on_insert: 0 } as const

/** `SET a = 1, b = 2` for a session that keeps its settings (the embedded engine). */
export function sessionSettingsStatement(settings: Readonly<Record<string, number>>): string {
  return `SET ${Object.entries(settings)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ')}`
}

/** The column each table's retention counts from, where it is not `start_time`. */
const TTL_COLUMN: Record<string, string> = {
  cost_facts: 'trace_start',
  findings: 'trace_start',
  alerts: 'fired_at',
  alert_deliveries: 'fired_at',
  logs: 'time',
}

export function sqlFor(database: string) {
  return {
    createDatabase: `CREATE DATABASE IF NOT EXISTS ${database}`,
    createMigrations: `CREATE TABLE IF NOT EXISTS ${database}.schema_migrations
      (version UInt32, name String, applied_at DateTime DEFAULT now()) ENGINE = MergeTree ORDER BY version`,
    appliedMigrations: `SELECT version FROM ${database}.schema_migrations ORDER BY version`,
    recordMigration: `INSERT INTO ${database}.schema_migrations (version, name) VALUES ({version: UInt32}, {name: String})`,
    tableTtl: `SELECT name, engine_full FROM system.tables WHERE database = {database: String}
      AND name IN ('spans', 'trace_summaries', 'cost_facts', 'findings', 'alerts', 'alert_deliveries', 'logs')`,
    /** Each table's TTL column: spans and summaries by their start, facts by their trace's start. */
    setRetention: (table: string, days: number) =>
      `ALTER TABLE ${database}.${table} MODIFY TTL toDateTime(${TTL_COLUMN[table] ?? 'start_time'}) + toIntervalDay(${Math.trunc(days)})`,
    columnTypes: `SELECT name, type FROM system.columns WHERE database = {database: String} AND table = {table: String}`,
    summariesTable: `${database}.trace_summaries`,
    factsTable: `${database}.cost_facts`,
    findingsTable: `${database}.findings`,
    alertsTable: `${database}.alerts`,
    logsTable: `${database}.logs`,
    /** The GenAI event records of a batch of traces, one row per record (settling fills conversations). */
    genAiLogs: `SELECT trace_id AS traceId, span_id AS spanId, toString(toUnixTimestamp64Nano(time)) AS timeUnixNano,
        log_id AS logId, event_name AS eventName, body, attributes
      FROM ${database}.logs
      WHERE project_id = {projectId: String} AND trace_id IN {traceIds: Array(String)} AND span_id != ''
        AND event_name IN {events: Array(String)}
      ORDER BY trace_id, span_id, time, log_id, ingested_at DESC LIMIT 1 BY trace_id, span_id, time, log_id
      SETTINGS prefer_column_name_to_alias = 1`,
    deliveriesTable: `${database}.alert_deliveries`,
    /** The light columns settling needs, newest version of each span, for a batch of traces. */
    settleSpans: `SELECT project_id AS projectId, trace_id AS traceId, span_id AS spanId, parent_span_id AS parentSpanId, name,
        service_name AS serviceName, kind, status,
        toString(toUnixTimestamp64Nano(start_time)) AS startTimeUnixNano, toString(toUnixTimestamp64Nano(end_time)) AS endTimeUnixNano,
        model, provider, input_tokens AS inputTokens, output_tokens AS outputTokens, cache_read_tokens AS cacheReadTokens,
        cache_write_tokens AS cacheWriteTokens, reasoning_tokens AS reasoningTokens, cost_usd AS costUsd, cost_source AS costSource,
        is_rollup AS isRollup, tool_name AS toolName, agent_name AS agentName, session_id AS sessionId, user_id AS userId,
        status_message AS statusMessage, error_type AS errorType, tool_arguments AS toolArguments, tool_result AS toolResult,
        if(kind = 'llm', input, '') AS input, if(kind = 'llm' OR status = 'error', output, '') AS output,
        scope_name AS scopeName
      FROM ${database}.spans
      WHERE project_id = {projectId: String} AND trace_id IN {traceIds: Array(String)}
      ORDER BY trace_id, span_id, ingested_at DESC LIMIT 1 BY trace_id, span_id
      SETTINGS output_format_json_quote_64bit_integers = 0, prefer_column_name_to_alias = 1`,
    spansTable: `${database}.spans`,
    /** Full rows of listed spans, newest version of each (the settler's agent-name rewrite). */
    spansByIds: `SELECT ${SPAN_COLUMNS} FROM ${database}.spans
      WHERE project_id = {projectId: String} AND trace_id IN {traceIds: Array(String)} AND span_id IN {spanIds: Array(String)}
      ORDER BY trace_id, span_id, ingested_at DESC LIMIT 1 BY trace_id, span_id
      SETTINGS prefer_column_name_to_alias = 1`,
    recentTraces: `SELECT project_id AS projectId, trace_id AS traceId, toUnixTimestamp64Milli(max(ingested_at)) AS lastSeenMs
      FROM ${database}.spans
      WHERE ingested_at >= now64(3) - toIntervalSecond({seconds: UInt32})
      GROUP BY projectId, traceId ${READ_SETTINGS}`,
    /** Traces whose newest version is still provisional: a collector stopped while they ran. */
    unsettledTraces: `SELECT project_id AS projectId, trace_id AS traceId FROM ${database}.trace_summaries FINAL
      WHERE running ${READ_SETTINGS}`,
    /** Which of these traces already have a version in trace_summaries (a primary-key read). */
    storedTraces: `SELECT DISTINCT trace_id AS traceId FROM ${database}.trace_summaries
      WHERE project_id = {projectId: String} AND trace_id IN {traceIds: Array(String)}`,
    /**
     * The spans of a trace in one read. A settled trace's start (a primary-key read of its
     * summary, folded to a constant before planning) bounds its spans to a few daily partitions;
     * an unsettled trace (no summary: the scalar is NULL) is looked up in every partition.
     * (The select list turns start_time into text; the WHERE must see the column.)
     */
    traceSpansNear: `WITH (SELECT toNullable(toUnixTimestamp64Milli(start_time)) FROM ${database}.trace_summaries FINAL
        WHERE project_id = {projectId: String} AND trace_id = {traceId: String} LIMIT 1) AS settled_start
      SELECT ${SPAN_COLUMNS} FROM ${database}.spans
      WHERE project_id = {projectId: String} AND trace_id = {traceId: String}
        AND (settled_start IS NULL OR (start_time >= fromUnixTimestamp64Milli(assumeNotNull(settled_start) - {windowMs: Int64})
          AND start_time < fromUnixTimestamp64Milli(assumeNotNull(settled_start) + {windowMs: Int64})))
      ORDER BY span_id, ingested_at DESC LIMIT 1 BY span_id
      SETTINGS prefer_column_name_to_alias = 1, do_not_merge_across_partitions_select_final = 1`,
  }
}
