-- a sessions table with session_uuid, user_id, started_at, duration, device; keep 90 days
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.sessions
(
    session_uuid UUID,
    user_id UInt64,
    started_at DateTime,
    duration UInt32,
    device LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(started_at)
ORDER BY (device, started_at)
TTL started_at + INTERVAL 90 DAY;

-- down
DROP TABLE IF EXISTS analytics.sessions;
