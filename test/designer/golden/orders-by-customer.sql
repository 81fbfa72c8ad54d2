-- an orders table with order_id, customer_id, amount, currency, status, created_at; queried by customer
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.orders
(
    order_id UInt64,
    customer_id UInt64,
    amount Decimal(18, 2),
    currency LowCardinality(String),
    status LowCardinality(String),
    created_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(created_at)
ORDER BY (customer_id, created_at);

-- down
DROP TABLE IF EXISTS analytics.orders;
