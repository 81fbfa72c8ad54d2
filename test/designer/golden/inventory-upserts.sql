-- an inventory table with sku_id, warehouse, stock, version; upserts by sku
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.inventory
(
    sku_id String,
    warehouse LowCardinality(String),
    stock UInt32,
    version UInt32
)
ENGINE = ReplacingMergeTree(version)
ORDER BY sku_id;

-- down
DROP TABLE IF EXISTS analytics.inventory;
