-- sensor readings: sensor_id, temperature, humidity, recorded_at with millisecond precision; retain 1 year
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.sensor_readings
(
    sensor_id UInt64,
    temperature Float64,
    humidity Float64,
    recorded_at DateTime64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(recorded_at)
ORDER BY (sensor_id, recorded_at)
TTL toDateTime(recorded_at) + INTERVAL 1 YEAR;

-- down
DROP TABLE IF EXISTS analytics.sensor_readings;
