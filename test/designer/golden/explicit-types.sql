-- a metrics table with ts, host, cpu as Float32, memory_bytes as UInt64, note as text
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.metrics
(
    ts DateTime,
    host LowCardinality(String),
    cpu Float32,
    memory_bytes UInt64,
    note String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (host, ts);

-- down
DROP TABLE IF EXISTS analytics.metrics;
