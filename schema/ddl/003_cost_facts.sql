-- 003: a trace's usage pre-grouped by model, provider, service, agent, tool and hour, written by
-- the settler with the tool attribution already applied (an LLM call's tokens and cost split
-- exactly across the tools it requested). Cost reports and hour/day timeseries sum these rows.
-- Rows belong to one version of a trace: readers keep only the version in trace_summaries, so a
-- re-settled trace's old rows never count.
CREATE TABLE IF NOT EXISTS {database}.cost_facts
(
    project_id LowCardinality(String),
    trace_id String CODEC(ZSTD(1)),
    version UInt64,
    trace_start DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    hour DateTime('UTC'),
    model LowCardinality(String),
    provider LowCardinality(String),
    service_name LowCardinality(String),
    agent_name LowCardinality(String),
    tool_name LowCardinality(String),
    user_id String CODEC(ZSTD(1)),
    session_id String CODEC(ZSTD(1)),
    span_count UInt32,
    llm_calls UInt32,
    tool_calls UInt32,
    tool_duration_ns UInt64,
    error_count UInt32,
    input_tokens UInt64,
    output_tokens UInt64,
    cache_read_tokens UInt64,
    cache_write_tokens UInt64,
    reasoning_tokens UInt64,
    cost_units Int64,
    unpriced_calls UInt32
)
ENGINE = ReplacingMergeTree
ORDER BY (project_id, trace_id, version, model, provider, service_name, agent_name, tool_name, hour)
TTL toDateTime(trace_start) + toIntervalDay({retention_days})
SETTINGS index_granularity = 8192;
