-- a trades table with high-frequency ticks: trade_time, symbol, price, quantity, side
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.trades
(
    trade_time DateTime64(3),
    symbol LowCardinality(String),
    price Decimal(18, 2),
    quantity UInt32,
    side LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(trade_time)
ORDER BY (symbol, trade_time);

-- down
DROP TABLE IF EXISTS analytics.trades;
