-- logs with level, service, message, timestamp; keep 14 days; filter by service and level
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.logs
(
    level LowCardinality(String),
    service LowCardinality(String),
    message String,
    timestamp DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(timestamp)
ORDER BY (service, level, timestamp)
TTL timestamp + INTERVAL 14 DAY;

-- down
DROP TABLE IF EXISTS analytics.logs;
