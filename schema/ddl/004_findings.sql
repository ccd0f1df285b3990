-- 004: loop and runaway findings, computed by the settler once a trace is quiet (collector/src/
-- detect). Rows belong to one version of a trace, like cost_facts: readers keep only the version
-- in trace_summaries, so a re-settled trace's old findings never count.
CREATE TABLE IF NOT EXISTS {database}.findings
(
    project_id LowCardinality(String),
    trace_id String CODEC(ZSTD(1)),
    version UInt64,
    trace_start DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    detector LowCardinality(String),
    severity LowCardinality(String),
    message String CODEC(ZSTD(3)),
    span_ids Array(String) CODEC(ZSTD(3)),
    first_span_id String,
    last_span_id String,
    count UInt32,
    wasted_tokens UInt64,
    wasted_cost_units Int64,
    service_name LowCardinality(String),
    agent_name LowCardinality(String)
)
ENGINE = ReplacingMergeTree
ORDER BY (project_id, trace_id, version, detector, first_span_id)
TTL toDateTime(trace_start) + toIntervalDay({retention_days})
SETTINGS index_granularity = 8192;
