-- sync customers from mysql with customer_id, email, country
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.customers
(
    customer_id UInt64,
    email String,
    country LowCardinality(String)
)
ENGINE = MySQL(mysql_customers, table = 'customers');

-- down
DROP TABLE IF EXISTS analytics.customers;
