-- track page views with url, user_id, country, device and duration in milliseconds; keep 30 days
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.page_views
(
    url String,
    user_id UInt64,
    country LowCardinality(String),
    device LowCardinality(String),
    duration_ms UInt32,
    timestamp DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(timestamp)
ORDER BY (country, timestamp)
TTL timestamp + INTERVAL 30 DAY;

-- down
DROP TABLE IF EXISTS analytics.page_views;
