-- a customers table with customer_id, name, country, created_at; and an orders table with order_id, customer_id, amount, ordered_at; orders queried by customer
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.customers
(
    customer_id UInt64,
    name String,
    country LowCardinality(String),
    created_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(created_at)
ORDER BY (country, created_at);

CREATE TABLE analytics.orders
(
    order_id UInt64,
    customer_id UInt64,
    amount Decimal(18, 2),
    ordered_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ordered_at)
ORDER BY (customer_id, ordered_at);

-- down
DROP TABLE IF EXISTS analytics.orders;
DROP TABLE IF EXISTS analytics.customers;
