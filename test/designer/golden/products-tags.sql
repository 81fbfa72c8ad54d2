-- a products table with product_id, name, category, price, tags, attributes
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.products
(
    product_id UInt64,
    name String,
    category LowCardinality(String),
    price Decimal(18, 2),
    tags Array(LowCardinality(String)),
    attributes Map(String, String)
)
ENGINE = MergeTree
ORDER BY product_id;

-- down
DROP TABLE IF EXISTS analytics.products;
