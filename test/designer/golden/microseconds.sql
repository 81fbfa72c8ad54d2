-- spans table with span_id, trace_id, service, started_at with microsecond precision, duration_ms
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.spans
(
    span_id String,
    trace_id String,
    service LowCardinality(String),
    started_at DateTime64(6),
    duration_ms UInt32
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(started_at)
ORDER BY (service, started_at);

-- down
DROP TABLE IF EXISTS analytics.spans;
