-- pull invoices from postgres every 6 hours with invoice_id, total, issued_at using secret pg_billing
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.invoices_remote
(
    invoice_id UInt64,
    total Decimal(18, 2),
    issued_at DateTime
)
ENGINE = PostgreSQL(pg_billing, table = 'invoices');

CREATE TABLE analytics.invoices
(
    invoice_id UInt64,
    total Decimal(18, 2),
    issued_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(issued_at)
ORDER BY invoice_id;

CREATE MATERIALIZED VIEW analytics.invoices_refresh
REFRESH EVERY 6 HOUR TO analytics.invoices
AS SELECT invoice_id, total, issued_at
FROM analytics.invoices_remote;

-- down
DROP VIEW IF EXISTS analytics.invoices_refresh;
DROP TABLE IF EXISTS analytics.invoices;
DROP TABLE IF EXISTS analytics.invoices_remote;
