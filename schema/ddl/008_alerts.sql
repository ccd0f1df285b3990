-- 008: alerts and their deliveries (collector/src/alerts). An alert is written before any channel
-- is tried, so a restart or a receiver that is down delays it and nothing more. Its id is derived
-- from the project, the rule, the subject and the episode, so writing it again (a re-settled
-- trace, a second evaluation) replaces the same row. Each change (fired, resolved) is a newer
-- version. A delivery is one notice (firing or resolved) to one channel; each attempt writes a
-- newer version of its row, and the payload is kept so a restarted collector sends the same bytes.
CREATE TABLE IF NOT EXISTS {database}.alerts
(
    project_id LowCardinality(String),
    alert_id String,
    version UInt64,
    rule LowCardinality(String),
    state LowCardinality(String),
    subject_kind LowCardinality(String),
    subject_value String,
    detail String,
    trace_id String,
    value Float64,
    threshold Float64,
    message String CODEC(ZSTD(3)),
    link String CODEC(ZSTD(3)),
    stop Bool,
    fired_at DateTime64(3, 'UTC'),
    resolved_at Nullable(DateTime64(3, 'UTC'))
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, alert_id)
TTL toDateTime(fired_at) + toIntervalDay({retention_days})
SETTINGS index_granularity = 8192;
CREATE TABLE IF NOT EXISTS {database}.alert_deliveries
(
    project_id LowCardinality(String),
    alert_id String,
    event LowCardinality(String),
    channel String,
    version UInt64,
    channel_type LowCardinality(String),
    status LowCardinality(String),
    attempts UInt32,
    last_error String CODEC(ZSTD(3)),
    payload String CODEC(ZSTD(3)),
    fired_at DateTime64(3, 'UTC'),
    next_attempt_at DateTime64(3, 'UTC'),
    delivered_at Nullable(DateTime64(3, 'UTC'))
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, alert_id, event, channel)
TTL toDateTime(fired_at) + toIntervalDay({retention_days})
SETTINGS index_granularity = 8192;
