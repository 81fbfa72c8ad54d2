/**
 * The demo dataset's tables, exactly as /work/shared/demo-dataset.md specifies
 * them (names, column types, engines and sort keys are the contract the query
 * agent and its accuracy tests are built on).
 */

/** Database that holds the demo dataset. */
export const DEMO_DATABASE = 'demo';

/** The demo tables, in build order (later tables reference earlier ones). */
export const DEMO_TABLES = ['products', 'users', 'orders', 'events'] as const;

export type DemoTable = (typeof DEMO_TABLES)[number];

/** Column lists and table settings, without the `CREATE TABLE <name>` head. */
const BODIES: Record<DemoTable, string> = {
  users: `(
  user_id     UInt64,
  signup_time DateTime,
  country     LowCardinality(String),
  plan        LowCardinality(String),
  channel     LowCardinality(String)
) ENGINE = MergeTree ORDER BY user_id`,
  products: `(
  product_id  UInt32,
  name        String,
  category    LowCardinality(String),
  price       Float64
) ENGINE = MergeTree ORDER BY product_id`,
  orders: `(
  order_id    UInt64,
  order_time  DateTime,
  user_id     UInt64,
  product_id  UInt32,
  category    LowCardinality(String),
  country     LowCardinality(String),
  channel     LowCardinality(String),
  device      LowCardinality(String),
  quantity    UInt16,
  revenue     Float64,
  status      LowCardinality(String)
) ENGINE = MergeTree ORDER BY (order_time, order_id)`,
  events: `(
  event_time  DateTime,
  user_id     UInt64,
  session_id  UInt64,
  event_type  LowCardinality(String),
  page        LowCardinality(String),
  country     LowCardinality(String),
  device      LowCardinality(String),
  channel     LowCardinality(String),
  duration_ms UInt32
) ENGINE = MergeTree ORDER BY (event_time, user_id)`,
};

/** Base row counts at scale 1 (`products` does not scale). */
export const BASE_ROWS: Record<DemoTable, number> = {
  products: 200,
  users: 50_000,
  orders: 300_000,
  events: 3_000_000,
};

/** The value sets of the low-cardinality columns. */
export const DEMO_VALUES = {
  country: ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'VN', 'SG', 'AU'],
  plan: ['free', 'starter', 'growth', 'enterprise'],
  channel: ['organic', 'paid', 'email', 'referral', 'social'],
  category: ['electronics', 'apparel', 'home', 'books', 'beauty', 'sports'],
  device: ['desktop', 'mobile', 'tablet'],
  status: ['completed', 'refunded', 'cancelled'],
  eventType: ['page_view', 'signup', 'login', 'add_to_cart', 'checkout', 'purchase'],
  page: ['/', '/pricing', '/product', '/cart', '/checkout', '/blog'],
} as const;

/**
 * `CREATE TABLE` for one demo table. `suffix` builds a staging copy with the
 * same definition (e.g. `demo.orders__new`) that is swapped into place later.
 */
export function demoTableDdl(table: DemoTable, suffix = ''): string {
  return `CREATE TABLE ${DEMO_DATABASE}.${table}${suffix} ${BODIES[table]}`;
}

/** Number of rows a table gets at `scale` (rounded; never below 1). */
export function demoRowCount(table: DemoTable, scale: number): number {
  if (table === 'products') return BASE_ROWS.products;
  return Math.max(1, Math.round(BASE_ROWS[table] * scale));
}
