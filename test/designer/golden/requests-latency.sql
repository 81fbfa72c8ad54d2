-- http requests table with request_id, received_at, method, path, status_code, latency_ms, client_ip; keep 7 days
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.http_requests
(
    request_id String,
    received_at DateTime,
    method LowCardinality(String),
    path String,
    status_code UInt16,
    latency_ms UInt32,
    client_ip IPv4
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(received_at)
ORDER BY (method, received_at)
TTL received_at + INTERVAL 7 DAY;

-- down
DROP TABLE IF EXISTS analytics.http_requests;
