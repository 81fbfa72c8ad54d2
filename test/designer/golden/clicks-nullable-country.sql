-- a clicks table with clicked_at, ad_id, campaign, cost, country (nullable)
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.clicks
(
    clicked_at DateTime,
    ad_id UInt64,
    campaign LowCardinality(String),
    cost Decimal(18, 2),
    country LowCardinality(Nullable(String))
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(clicked_at)
ORDER BY (campaign, clicked_at);

-- down
DROP TABLE IF EXISTS analytics.clicks;
