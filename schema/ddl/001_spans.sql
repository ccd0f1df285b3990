-- 001: the span table. One row per span, every convention normalised into the same columns.
-- ORDER BY (project_id, trace_id, span_id): a trace by id is a primary-key range read, and a
-- span re-sent by a retrying exporter collapses into one row (ReplacingMergeTree on ingested_at).
-- PARTITION BY day: time-range reads prune partitions, and TTL drops whole days.
CREATE TABLE IF NOT EXISTS {database}.spans
(
    project_id LowCardinality(String),
    trace_id String CODEC(ZSTD(1)),
    span_id String CODEC(ZSTD(1)),
    parent_span_id String CODEC(ZSTD(1)),
    name LowCardinality(String),
    service_name LowCardinality(String),
    kind Enum8('other' = 0, 'llm' = 1, 'embedding' = 2, 'tool' = 3, 'agent' = 4, 'chain' = 5, 'retriever' = 6, 'guardrail' = 7),
    operation_name LowCardinality(String),
    status Enum8('unset' = 0, 'ok' = 1, 'error' = 2),
    status_message String CODEC(ZSTD(1)),
    error_type LowCardinality(String),
    start_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    end_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    duration_ns UInt64 CODEC(ZSTD(1)),
    model LowCardinality(String),
    provider LowCardinality(String),
    input_tokens UInt32,
    output_tokens UInt32,
    cache_read_tokens UInt32,
    cache_write_tokens UInt32,
    reasoning_tokens UInt32,
    cost_usd Float64,
    cost_source Enum8('none' = 0, 'reported' = 1, 'computed' = 2, 'unpriced' = 3),
    is_rollup Bool,
    tool_name LowCardinality(String),
    tool_call_id String CODEC(ZSTD(1)),
    tool_arguments String CODEC(ZSTD(1)),
    tool_args_hash String CODEC(ZSTD(1)),
    tool_result String CODEC(ZSTD(1)),
    agent_name LowCardinality(String),
    workflow_name LowCardinality(String),
    session_id String CODEC(ZSTD(1)),
    user_id String CODEC(ZSTD(1)),
    mcp_session_id String CODEC(ZSTD(1)),
    input String CODEC(ZSTD(1)),
    output String CODEC(ZSTD(1)),
    scope_name LowCardinality(String),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    events String CODEC(ZSTD(1)),
    links String CODEC(ZSTD(1)),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toDate(start_time)
ORDER BY (project_id, trace_id, span_id)
TTL toDateTime(start_time) + toIntervalDay({retention_days})
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;
