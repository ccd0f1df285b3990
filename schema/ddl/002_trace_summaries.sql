-- 002: one row per settled trace, written by the settler from the whole trace (pure TS, the same
-- function that summarises a trace on read). Lists, sessions and trace filters read this instead
-- of re-aggregating every span. A re-settled trace (a late span) writes a newer version; readers
-- take the newest with FINAL. Costs are integer pico-dollars, so sums are exact.
CREATE TABLE IF NOT EXISTS {database}.trace_summaries
(
    project_id LowCardinality(String),
    trace_id String CODEC(ZSTD(1)),
    version UInt64,
    start_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    end_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    root_name String CODEC(ZSTD(1)),
    service_names Array(LowCardinality(String)),
    agent_names Array(LowCardinality(String)),
    models Array(LowCardinality(String)),
    providers Array(LowCardinality(String)),
    span_count UInt32,
    llm_calls UInt32,
    tool_calls UInt32,
    input_tokens UInt64,
    output_tokens UInt64,
    cache_read_tokens UInt64,
    cache_write_tokens UInt64,
    reasoning_tokens UInt64,
    cost_units Int64,
    unpriced_calls UInt32,
    error_count UInt32,
    session_id String CODEC(ZSTD(1)),
    user_id String CODEC(ZSTD(1)),
    finding_count UInt32
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, trace_id)
TTL toDateTime(start_time) + toIntervalDay({retention_days})
SETTINGS index_granularity = 8192;
