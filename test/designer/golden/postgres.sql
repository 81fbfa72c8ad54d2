-- pull orders from our PostgreSQL with order_id, amount, status, created_at using secret pg_shop
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.orders
(
    order_id UInt64,
    amount Decimal(18, 2),
    status LowCardinality(String),
    created_at DateTime
)
ENGINE = PostgreSQL(pg_shop, table = 'orders');

-- down
DROP TABLE IF EXISTS analytics.orders;
