-- 009: OTLP log records (POST /v1/logs, LogsService/Export). GenAI events sent as logs
-- (gen_ai.client.inference.operation.details, gen_ai.user.message, …) give their span its
-- conversation when the trace settles; other logs with trace context are shown with their span.
-- A record has no id of its own: log_id hashes what it carries, so a retried export collapses
-- into one row (readers take one row per log_id). Kept as long as spans.
CREATE TABLE IF NOT EXISTS {database}.logs
(
    project_id LowCardinality(String),
    trace_id String CODEC(ZSTD(1)),
    span_id String CODEC(ZSTD(1)),
    time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    log_id String CODEC(ZSTD(1)),
    observed_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    severity_number UInt8,
    severity_text LowCardinality(String),
    event_name LowCardinality(String),
    service_name LowCardinality(String),
    scope_name LowCardinality(String),
    body String CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toDate(time)
ORDER BY (project_id, trace_id, span_id, time, log_id)
TTL toDateTime(time) + toIntervalDay({retention_days})
SETTINGS index_granularity = 8192;
