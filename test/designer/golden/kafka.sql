-- consume clicks from kafka with click_id, clicked_at, url using secret kafka_main
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.clicks_queue
(
    click_id UInt64,
    clicked_at DateTime,
    url String
)
ENGINE = Kafka(kafka_main, kafka_topic_list = 'clicks', kafka_group_name = 'datalabs_analytics_clicks_queue', kafka_format = 'JSONEachRow');

CREATE TABLE analytics.clicks
(
    click_id UInt64,
    clicked_at DateTime,
    url String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(clicked_at)
ORDER BY clicked_at;

CREATE MATERIALIZED VIEW analytics.clicks_mv TO analytics.clicks
AS SELECT click_id, clicked_at, url
FROM analytics.clicks_queue;

-- down
DROP VIEW IF EXISTS analytics.clicks_mv;
DROP TABLE IF EXISTS analytics.clicks;
DROP TABLE IF EXISTS analytics.clicks_queue;
