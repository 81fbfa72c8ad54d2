-- a table of app installs with installed_at, platform, app_version, country
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.app_installs
(
    installed_at DateTime,
    platform LowCardinality(String),
    app_version LowCardinality(String),
    country LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(installed_at)
ORDER BY (platform, installed_at);

-- down
DROP TABLE IF EXISTS analytics.app_installs;
