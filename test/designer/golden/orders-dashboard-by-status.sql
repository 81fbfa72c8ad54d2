-- a dashboard of hourly orders and revenue by status from orders with order_id, amount, status, created_at in database sales
CREATE DATABASE IF NOT EXISTS sales;

CREATE TABLE sales.orders
(
    order_id UInt64,
    amount Decimal(18, 2),
    status LowCardinality(String),
    created_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(created_at)
ORDER BY (status, created_at);

CREATE TABLE sales.orders_hourly
(
    hour DateTime,
    status LowCardinality(String),
    orders SimpleAggregateFunction(sum, UInt64),
    amount SimpleAggregateFunction(sum, Decimal(38, 2))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, status);

CREATE MATERIALIZED VIEW sales.orders_hourly_mv TO sales.orders_hourly
AS SELECT
    toStartOfHour(created_at) AS hour,
    status,
    count() AS orders,
    sum(amount) AS amount
FROM sales.orders
GROUP BY hour, status;

-- down
DROP VIEW IF EXISTS sales.orders_hourly_mv;
DROP TABLE IF EXISTS sales.orders_hourly;
DROP TABLE IF EXISTS sales.orders;
