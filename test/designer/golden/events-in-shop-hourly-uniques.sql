-- an events table with timestamp, user_id, event_type (page_view, click, purchase) in database shop; hourly dashboard of unique users
CREATE DATABASE IF NOT EXISTS shop;

CREATE TABLE shop.events
(
    timestamp DateTime,
    user_id UInt64,
    event_type LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (event_type, timestamp);

CREATE TABLE shop.events_hourly
(
    hour DateTime,
    event_type LowCardinality(String),
    events SimpleAggregateFunction(sum, UInt64),
    unique_users AggregateFunction(uniq, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, event_type);

CREATE MATERIALIZED VIEW shop.events_hourly_mv TO shop.events_hourly
AS SELECT
    toStartOfHour(timestamp) AS hour,
    event_type,
    count() AS events,
    uniqState(user_id) AS unique_users
FROM shop.events
GROUP BY hour, event_type;

-- down
DROP VIEW IF EXISTS shop.events_hourly_mv;
DROP TABLE IF EXISTS shop.events_hourly;
DROP TABLE IF EXISTS shop.events;
