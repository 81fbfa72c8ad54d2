-- an audit events table with occurred_at, actor_id, action, target; delete rows older than 6 weeks
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.audit_events
(
    occurred_at DateTime,
    actor_id UInt64,
    action LowCardinality(String),
    target String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (action, occurred_at)
TTL occurred_at + INTERVAL 6 WEEK;

-- down
DROP TABLE IF EXISTS analytics.audit_events;
