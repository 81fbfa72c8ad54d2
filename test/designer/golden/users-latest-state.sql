-- users table with user_id, email, plan, signup_date, updated_at, referrer (optional); latest state per user
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.users
(
    user_id UInt64,
    email String,
    plan LowCardinality(String),
    signup_date Date,
    updated_at DateTime,
    referrer Nullable(String)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY user_id;

-- down
DROP TABLE IF EXISTS analytics.users;
