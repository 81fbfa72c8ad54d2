-- I need an events table with timestamps, user_id, event_type
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.events
(
    timestamp DateTime,
    user_id UInt64,
    event_type LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (event_type, timestamp);

-- down
DROP TABLE IF EXISTS analytics.events;
