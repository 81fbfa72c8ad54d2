-- a tickets table with ticket_id, opened_at, priority (low, medium, high), status: open/closed
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.tickets
(
    ticket_id UInt64,
    opened_at DateTime,
    priority LowCardinality(String),
    status LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(opened_at)
ORDER BY (priority, opened_at);

-- down
DROP TABLE IF EXISTS analytics.tickets;
