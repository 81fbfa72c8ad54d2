-- weather measurements with station_id, temperature, wind_speed
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.weather_measurements
(
    station_id UInt64,
    temperature Float64,
    wind_speed Float64,
    timestamp DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (station_id, timestamp);

-- down
DROP TABLE IF EXISTS analytics.weather_measurements;
