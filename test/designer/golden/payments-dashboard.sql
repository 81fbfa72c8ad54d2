-- a dashboard of daily revenue and orders per country from payments with payment_id, amount, country, paid_at
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.payments
(
    payment_id UInt64,
    amount Decimal(18, 2),
    country LowCardinality(String),
    paid_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(paid_at)
ORDER BY (country, paid_at);

CREATE TABLE analytics.payments_daily
(
    day DateTime,
    country LowCardinality(String),
    payments SimpleAggregateFunction(sum, UInt64),
    amount SimpleAggregateFunction(sum, Decimal(38, 2))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, country);

CREATE MATERIALIZED VIEW analytics.payments_daily_mv TO analytics.payments_daily
AS SELECT
    toStartOfDay(paid_at) AS day,
    country,
    count() AS payments,
    sum(amount) AS amount
FROM analytics.payments
GROUP BY day, country;

-- down
DROP VIEW IF EXISTS analytics.payments_daily_mv;
DROP TABLE IF EXISTS analytics.payments_daily;
DROP TABLE IF EXISTS analytics.payments;
