-- a signups table with user_id, signed_up_at, plan, is_trial, referral_code (optional)
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.signups
(
    user_id UInt64,
    signed_up_at DateTime,
    plan LowCardinality(String),
    is_trial Bool,
    referral_code LowCardinality(Nullable(String))
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(signed_up_at)
ORDER BY (plan, signed_up_at);

-- down
DROP TABLE IF EXISTS analytics.signups;
