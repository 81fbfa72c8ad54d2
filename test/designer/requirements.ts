/**
 * The golden requirements: each one, the DDL the designer must produce for it
 * (test/designer/golden/<name>.sql, regenerated with UPDATE_GOLDEN=1 and
 * reviewed by eye) and the facts about it that must hold whatever the wording.
 */
export interface GoldenCase {
  name: string;
  requirement: string;
  /** Substrings the DDL must contain. */
  has: string[];
  /** Substrings it must not contain. */
  lacks?: string[];
}

export const GOLDEN: GoldenCase[] = [
  { name: 'events-basic', requirement: 'I need an events table with timestamps, user_id, event_type', has: ['timestamp DateTime', 'event_type LowCardinality(String)', 'user_id UInt64', 'ENGINE = MergeTree', 'PARTITION BY toYYYYMM(timestamp)', 'ORDER BY (event_type, timestamp)'], lacks: ['Nullable', 'TTL'] },
  { name: 'orders-by-customer', requirement: 'an orders table with order_id, customer_id, amount, currency, status, created_at; queried by customer', has: ['amount Decimal(18, 2)', 'currency LowCardinality(String)', 'status LowCardinality(String)', 'ORDER BY (customer_id, created_at)', 'PARTITION BY toYYYYMM(created_at)'] },
  { name: 'page-views-retention', requirement: 'track page views with url, user_id, country, device and duration in milliseconds; keep 30 days', has: ['analytics.page_views', 'duration_ms UInt32', 'url String', 'timestamp DateTime', 'TTL timestamp + INTERVAL 30 DAY', 'PARTITION BY toYYYYMMDD(timestamp)'] },
  { name: 'payments-dashboard', requirement: 'a dashboard of daily revenue and orders per country from payments with payment_id, amount, country, paid_at', has: ['analytics.payments_daily', 'ENGINE = AggregatingMergeTree', 'CREATE MATERIALIZED VIEW analytics.payments_daily_mv TO analytics.payments_daily', 'toStartOfDay(paid_at) AS day', 'sum(amount) AS amount', 'SimpleAggregateFunction(sum, Decimal(38, 2))', 'ORDER BY (day, country)'] },
  { name: 'sensor-milliseconds', requirement: 'sensor readings: sensor_id, temperature, humidity, recorded_at with millisecond precision; retain 1 year', has: ['recorded_at DateTime64(3)', 'temperature Float64', 'ORDER BY (sensor_id, recorded_at)', 'TTL toDateTime(recorded_at) + INTERVAL 1 YEAR'] },
  { name: 'users-latest-state', requirement: 'users table with user_id, email, plan, signup_date, updated_at, referrer (optional); latest state per user', has: ['ENGINE = ReplacingMergeTree(updated_at)', 'ORDER BY user_id', 'referrer Nullable(String)', 'signup_date Date', 'plan LowCardinality(String)'], lacks: ['PARTITION BY'] },
  { name: 'logs-14-days', requirement: 'logs with level, service, message, timestamp; keep 14 days; filter by service and level', has: ['level LowCardinality(String)', 'message String', 'ORDER BY (service, level, timestamp)', 'TTL timestamp + INTERVAL 14 DAY', 'PARTITION BY toYYYYMMDD(timestamp)'] },
  { name: 'events-in-shop-hourly-uniques', requirement: 'an events table with timestamp, user_id, event_type (page_view, click, purchase) in database shop; hourly dashboard of unique users', has: ['CREATE DATABASE IF NOT EXISTS shop', 'shop.events_hourly', 'toStartOfHour(timestamp) AS hour', 'uniqState(user_id) AS unique_users', 'AggregateFunction(uniq, UInt64)'] },
  { name: 'clicks-nullable-country', requirement: 'a clicks table with clicked_at, ad_id, campaign, cost, country (nullable)', has: ['country LowCardinality(Nullable(String))', 'cost Decimal(18, 2)', 'campaign LowCardinality(String)', 'ORDER BY (campaign, clicked_at)'] },
  { name: 'trades-ticks', requirement: 'a trades table with high-frequency ticks: trade_time, symbol, price, quantity, side', has: ['trade_time DateTime64(3)', 'price Decimal(18, 2)', 'quantity UInt32'] },
  { name: 'explicit-types', requirement: 'a metrics table with ts, host, cpu as Float32, memory_bytes as UInt64, note as text', has: ['cpu Float32', 'memory_bytes UInt64', 'note String', 'host LowCardinality(String)'] },
  { name: 'requests-latency', requirement: 'http requests table with request_id, received_at, method, path, status_code, latency_ms, client_ip; keep 7 days', has: ['analytics.http_requests', 'request_id String', 'latency_ms UInt32', 'client_ip IPv4', 'method LowCardinality(String)', 'TTL received_at + INTERVAL 7 DAY'] },
  { name: 'signups-flags', requirement: 'a signups table with user_id, signed_up_at, plan, is_trial, referral_code (optional)', has: ['is_trial Bool', 'referral_code LowCardinality(Nullable(String))'] },
  { name: 'products-tags', requirement: 'a products table with product_id, name, category, price, tags, attributes', has: ['tags Array(LowCardinality(String))', 'attributes Map(String, String)', 'price Decimal(18, 2)', 'ORDER BY product_id'] },
  { name: 'inventory-upserts', requirement: 'an inventory table with sku_id, warehouse, stock, version; upserts by sku', has: ['ENGINE = ReplacingMergeTree(version)', 'ORDER BY sku_id', 'stock UInt32'] },
  { name: 'monthly-revenue-dashboard', requirement: 'a monthly revenue report from invoices with invoice_id, customer_id, total, issued_at, region', has: ['analytics.invoices_monthly', 'toStartOfMonth(issued_at) AS month', 'month Date', 'sum(total) AS total'] },
  { name: 'sessions-uuid', requirement: 'a sessions table with session_uuid, user_id, started_at, duration, device; keep 90 days', has: ['session_uuid UUID', 'duration UInt32', 'TTL started_at + INTERVAL 90 DAY', 'PARTITION BY toYYYYMM(started_at)'] },
  { name: 'enum-values', requirement: 'a tickets table with ticket_id, opened_at, priority (low, medium, high), status: open/closed', has: ['priority LowCardinality(String)', 'status LowCardinality(String)'] },
  { name: 'two-tables', requirement: 'a customers table with customer_id, name, country, created_at; and an orders table with order_id, customer_id, amount, ordered_at; orders queried by customer', has: ['CREATE TABLE analytics.customers', 'CREATE TABLE analytics.orders', 'ORDER BY (customer_id, ordered_at)'] },
  { name: 'table-of', requirement: 'a table of app installs with installed_at, platform, app_version, country', has: ['analytics.app_installs', 'platform LowCardinality(String)', 'app_version LowCardinality(String)'] },
  { name: 'weeks-retention', requirement: 'an audit events table with occurred_at, actor_id, action, target; delete rows older than 6 weeks', has: ['analytics.audit_events', 'TTL occurred_at + INTERVAL 6 WEEK', 'action LowCardinality(String)'] },
  { name: 'microseconds', requirement: 'spans table with span_id, trace_id, service, started_at with microsecond precision, duration_ms', has: ['started_at DateTime64(6)', 'span_id String', 'trace_id String'] },
  { name: 'measurements-no-time', requirement: 'weather measurements with station_id, temperature, wind_speed', has: ['timestamp DateTime', 'wind_speed Float64', 'ORDER BY (station_id, timestamp)'] },
  { name: 'orders-dashboard-by-status', requirement: 'a dashboard of hourly orders and revenue by status from orders with order_id, amount, status, created_at in database sales', has: ['sales.orders_hourly', 'ORDER BY (hour, status)', 'count() AS orders,'] },
  { name: 'kafka', requirement: 'consume clicks from kafka with click_id, clicked_at, url using secret kafka_main', has: ['ENGINE = Kafka(kafka_main', "kafka_topic_list = 'clicks'", 'CREATE MATERIALIZED VIEW analytics.clicks_mv TO analytics.clicks'] },
  { name: 'postgres', requirement: 'pull orders from our PostgreSQL with order_id, amount, status, created_at using secret pg_shop', has: ["ENGINE = PostgreSQL(pg_shop, table = 'orders')", 'amount Decimal(18, 2)'], lacks: ['ORDER BY'] },
  { name: 'postgres-refreshed-copy', requirement: 'pull invoices from postgres every 6 hours with invoice_id, total, issued_at using secret pg_billing', has: ["ENGINE = PostgreSQL(pg_billing, table = 'invoices')", 'CREATE TABLE analytics.invoices_remote', 'CREATE MATERIALIZED VIEW analytics.invoices_refresh\nREFRESH EVERY 6 HOUR TO analytics.invoices', 'ORDER BY invoice_id', 'DROP VIEW IF EXISTS analytics.invoices_refresh'] },
  { name: 'mysql', requirement: 'sync customers from mysql with customer_id, email, country', has: ["ENGINE = MySQL(mysql_customers, table = 'customers')"] },
];

/** Requirements refused with one line, and a word the line must contain. */
export const REFUSED: Array<{ requirement: string; says: RegExp }> = [
  { requirement: 'drop the orders table', says: /never drops or empties/ },
  { requirement: 'truncate demo.orders and make an events table with ts', says: /never drops/ },
  { requirement: 'read /etc/passwd into a table', says: /cannot read files/ },
  { requirement: 'a table with the contents of file(\'/etc/hosts\')', says: /cannot read files/ },
  { requirement: 'an invoices table with invoice_id, amount as money, issued_at', says: /no column type "money".*Decimal\(18, 2\)/ },
  { requirement: 'a users table with id serial, email', says: /no auto-increment/ },
  { requirement: 'orders table with order_id, customer_id with a foreign key to customers', says: /no foreign keys/ },
  { requirement: 'copy system.users into an events table', says: /server's own tables/ },
  { requirement: 'grant me admin and create a table with x', says: /operator's/ },
  { requirement: 'pull orders from postgres with id using password hunter2', says: /never put a password in chat/ },
  { requirement: 'make it nice', says: /could not find a table/ },
];
