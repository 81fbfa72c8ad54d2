-- a monthly revenue report from invoices with invoice_id, customer_id, total, issued_at, region
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.invoices
(
    invoice_id UInt64,
    customer_id UInt64,
    total Decimal(18, 2),
    issued_at DateTime,
    region LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(issued_at)
ORDER BY (region, issued_at);

CREATE TABLE analytics.invoices_monthly
(
    month Date,
    region LowCardinality(String),
    invoices SimpleAggregateFunction(sum, UInt64),
    total SimpleAggregateFunction(sum, Decimal(38, 2))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(month)
ORDER BY (month, region);

CREATE MATERIALIZED VIEW analytics.invoices_monthly_mv TO analytics.invoices_monthly
AS SELECT
    toStartOfMonth(issued_at) AS month,
    region,
    count() AS invoices,
    sum(total) AS total
FROM analytics.invoices
GROUP BY month, region;

-- down
DROP VIEW IF EXISTS analytics.invoices_monthly_mv;
DROP TABLE IF EXISTS analytics.invoices_monthly;
DROP TABLE IF EXISTS analytics.invoices;
