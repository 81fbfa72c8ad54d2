/**
 * The SQL that generates the demo dataset inside ClickHouse. Every value is a
 * function of (seed, row index, salt) through `cityHash64`, and the number of
 * rows per day is computed here in TypeScript from seeded weights, so the same
 * seed and end date give the same rows byte for byte.
 *
 * Shapes built in (see demo-dataset.md): growth of 60 % over the year, 25 %
 * fewer orders on weekends, a night-time dip in activity, and three incidents
 * relative to the end date (A: checkout outage at −20 days, B: paid signup
 * campaign at −45 days, C: mobile refunds doubling from −10 days on).
 */
import { DEMO_DATABASE, DEMO_VALUES } from './demo-ddl.ts';

export const DAYS = 365;
const SECONDS_PER_DAY = 86_400;

/** Day indexes (0 = first day, 364 = end date) of the incidents. */
export const INCIDENT_A_DAY = DAYS - 1 - 20;
export const INCIDENT_B_DAY = DAYS - 1 - 45;
export const INCIDENT_C_FROM_DAY = DAYS - 1 - 10;

/** Orders per day on the incident-A day relative to a normal day. */
const INCIDENT_A_FACTOR = 0.4;
/** Signups on the incident-B day relative to a normal day. */
const INCIDENT_B_FACTOR = 4;
const WEEKEND_ORDER_FACTOR = 0.75;
const WEEKEND_ACTIVITY_FACTOR = 0.9;
const GROWTH = 0.6;
const BASE_REFUND_RATE = 0.1;
const CANCEL_RATE = 0.05;

/** Relative activity per hour of day (UTC): quiet 00–06, peak in the evening. */
const HOUR_WEIGHTS = [
  0.35, 0.25, 0.2, 0.2, 0.25, 0.4, 0.6, 0.8, 1.0, 1.1, 1.15, 1.2, 1.2, 1.15, 1.1, 1.1, 1.15, 1.2, 1.3, 1.4, 1.45, 1.35, 1.0, 0.6,
];

/** Browsing sessions have 1..SESSION_LENGTH_MAX events (geometric, capped). */
const SESSION_LENGTH_MAX = 10;

/** Fixed inputs of one generation run. */
export interface SeedPlan {
  seed: number;
  /** Unix seconds of the first day's 00:00:00 UTC. */
  startEpoch: number;
  /** Unix seconds of the end date's 23:59:59 UTC. */
  endEpoch: number;
  /** Suffix of the staging tables the SQL writes to and reads from. */
  suffix: string;
}

/** Seconds since the epoch of `YYYY-MM-DD` 00:00:00 UTC. */
export function dayEpoch(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

export function createPlan(seed: number, endDate: string, suffix: string): SeedPlan {
  const endDay = dayEpoch(endDate);
  return { seed, startEpoch: endDay - (DAYS - 1) * SECONDS_PER_DAY, endEpoch: endDay + SECONDS_PER_DAY - 1, suffix };
}

// ---------------------------------------------------------------- helpers

/** A uniform number in [0, 1) from a 32-bit mix of (seed, salt, i); for per-day weights. */
export function unitJs(seed: number, salt: string, i: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}|${salt}|${i}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * Splits `total` rows over days in proportion to `weights` (cumulative
 * rounding, so the counts sum to `total` exactly). `before[d]` is the number of
 * rows of all earlier days, i.e. the row index of day d's first row.
 */
export function allocate(total: number, weights: number[]): { counts: number[]; before: number[] } {
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = [];
  const before: number[] = [];
  let cum = 0;
  let prev = 0;
  for (const w of weights) {
    cum += w;
    const upto = Math.round((total * cum) / sum);
    before.push(prev);
    counts.push(upto - prev);
    prev = upto;
  }
  counts[counts.length - 1] += total - prev;
  return { counts, before };
}

function weekday(plan: SeedPlan, d: number): number {
  return new Date((plan.startEpoch + d * SECONDS_PER_DAY) * 1000).getUTCDay(); // 0 = Sunday
}

function isWeekend(plan: SeedPlan, d: number): boolean {
  const wd = weekday(plan, d);
  return wd === 0 || wd === 6;
}

function dayWeights(plan: SeedPlan, salt: string, noise: number, factor: (d: number) => number): number[] {
  return Array.from({ length: DAYS }, (_, d) => {
    const growth = 1 + (GROWTH * d) / (DAYS - 1);
    const jitter = 1 + noise * (unitJs(plan.seed, salt, d) - 0.5) * 2;
    return growth * jitter * factor(d);
  });
}

/** Day weights of signups: growth, a mild weekend dip, the campaign day. */
export function userDayWeights(plan: SeedPlan): number[] {
  return dayWeights(plan, 'users-day', 0.1, (d) => (isWeekend(plan, d) ? WEEKEND_ACTIVITY_FACTOR : 1) * (d === INCIDENT_B_DAY ? INCIDENT_B_FACTOR : 1));
}

/** Day weights of orders: growth, weekends −25 %, the checkout outage. */
export function orderDayWeights(plan: SeedPlan): number[] {
  return dayWeights(plan, 'orders-day', 0.04, (d) => (isWeekend(plan, d) ? WEEKEND_ORDER_FACTOR : 1) * (d === INCIDENT_A_DAY ? INCIDENT_A_FACTOR : 1));
}

/** Day weights of browsing sessions: growth and a mild weekend dip. */
export function browseDayWeights(plan: SeedPlan): number[] {
  return dayWeights(plan, 'browse-day', 0.06, (d) => (isWeekend(plan, d) ? WEEKEND_ACTIVITY_FACTOR : 1));
}

/** P(length ≥ j + 1) / P(length ≥ j) of browsing sessions (geometric): e^(−1/2.6), literal. */
const SESSION_CONTINUE = 0.6807123983233854;

/** Browsing-session length 1..SESSION_LENGTH_MAX (geometric, capped) drawn by `u`. */
function sessionLength(u: string): string {
  const parts: string[] = [];
  for (let j = 1; j < SESSION_LENGTH_MAX; j++) parts.push(`${u} < ${(1 - SESSION_CONTINUE ** j).toFixed(9)}, ${j}`);
  return `multiIf(${parts.join(', ')}, ${SESSION_LENGTH_MAX})`;
}

/** Expected events per browsing session. */
export function meanSessionLength(): number {
  let mean = 1;
  for (let j = 1; j < SESSION_LENGTH_MAX; j++) mean += SESSION_CONTINUE ** j;
  return mean;
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function table(plan: SeedPlan, name: string): string {
  return `${DEMO_DATABASE}.${name}${plan.suffix}`;
}

/** cityHash64 of the seed, a salt and the given key expressions. */
function hash(plan: SeedPlan, salt: string, ...keys: string[]): string {
  return `cityHash64(toUInt64(${plan.seed}), ${quote(salt)}, ${keys.join(', ')})`;
}

/** A uniform Float64 in [0, 1) (53 bits of the hash). */
function unit(plan: SeedPlan, salt: string, ...keys: string[]): string {
  return `(bitShiftRight(${hash(plan, salt, ...keys)}, 11) / 9007199254740992.)`;
}

/** `multiIf` choosing a value by cumulative weight of `u` (an expression in [0, 1)). */
function pick(u: string, entries: [string, number][]): string {
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let cum = 0;
  const parts: string[] = [];
  entries.slice(0, -1).forEach(([value, w]) => {
    cum += w / total;
    parts.push(`${u} < ${cum.toFixed(6)}, ${quote(value)}`);
  });
  return `multiIf(${parts.join(', ')}, ${quote(entries[entries.length - 1][0])})`;
}

/** Hour of day (0–23) drawn from HOUR_WEIGHTS by `u`. */
function hourOf(u: string): string {
  const total = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  let cum = 0;
  const edges = HOUR_WEIGHTS.map((w, i) => (i === HOUR_WEIGHTS.length - 1 ? 2 : Number(((cum += w) / total).toFixed(6))));
  return `(arrayFirstIndex(x -> x > ${u}, [${edges.join(', ')}]) - 1)`;
}

/**
 * A skewed integer in [lo, hi): lo + (hi − lo)·u^power. Only +, −, × (exactly
 * rounded everywhere, unlike exp/log/pow), so results do not depend on the CPU.
 */
function skewed(u: string, lo: number, hi: number, power: 2 | 3): string {
  return `toUInt32(floor(${lo} + ${hi - lo} * ${Array(power).fill(u).join(' * ')}))`;
}

/** One row per (day d, index i within the day, global row index n) following the per-day counts. */
function dayRows(counts: number[], before: number[]): string {
  return `(SELECT d, i, base + i AS n FROM (
    SELECT number AS d, [${counts.join(',')}][number + 1] AS cnt, [${before.join(',')}][number + 1] AS base FROM numbers(${DAYS})
  ) ARRAY JOIN range(cnt) AS i)`;
}

/** Time of day rows: `d` plus an hour from the daily cycle and a random second. */
function timeOfRow(plan: SeedPlan, salt: string, minOffset = 0): string {
  const u = unit(plan, `${salt}-hour`, 'n');
  const sec = `(${hash(plan, `${salt}-sec`, 'n')} % ${3600 - minOffset})`;
  return `toDateTime(${plan.startEpoch} + d * ${SECONDS_PER_DAY} + ${hourOf(u)} * 3600 + ${minOffset} + ${sec})`;
}

/**
 * `(k, signup_time, maxid)` for an ASOF JOIN: for a moment t, the row with the
 * latest signup_time < t says how many users (ids 1..maxid, ids follow signup
 * order) had signed up by then.
 */
function signupIndex(plan: SeedPlan): string {
  return `(SELECT toUInt8(0) AS k, signup_time, max(user_id) AS maxid FROM ${table(plan, 'users')} GROUP BY signup_time)`;
}

/** A user id in 1..maxid, leaning towards recent signups (they are more active). */
function userPick(u: string): string {
  return `least(g.maxid, 1 + toUInt64(floor(g.maxid * sqrt(${u}))))`;
}

/** The golden ratio's fractional part: the most even 1-D Weyl sequence. */
const GOLDEN = 0.618033988749895;

/**
 * 1/g^k (k = 1..4) for g ≈ 1.1673039782614187, the root of x^5 = x + 1: the R4
 * Kronecker sequence (Roberts 2018). Literal so no platform's pow() is involved.
 */
const R4_GAIN = [0.856674883854503, 0.733891856627126, 0.628706721037809, 0.53859725722361];

/**
 * Coordinate `dim` (0–3) of a low-discrepancy point for row i of day d: the
 * rows of one day spread evenly over (product, device, quantity), so the day's
 * mix stays close to its expected value even at small scales. Each day has its
 * own seeded offset.
 */
function lattice(plan: SeedPlan, dim: number, salt: string): string {
  const x = `(i * ${R4_GAIN[dim]} + ${unit(plan, `${salt}-offset`, 'd')})`;
  return `(${x} - floor(${x}))`;
}

const COUNTRIES: [string, number][] = [
  ['US', 30], ['GB', 10], ['DE', 10], ['FR', 8], ['IN', 12], ['BR', 8], ['JP', 7], ['VN', 5], ['SG', 4], ['AU', 6],
];
const PLANS: [string, number][] = [['free', 60], ['starter', 22], ['growth', 13], ['enterprise', 5]];
const CHANNELS: [string, number][] = [['organic', 35], ['paid', 20], ['email', 15], ['referral', 15], ['social', 15]];
const ORDER_DEVICES: [string, number][] = [['desktop', 45], ['mobile', 45], ['tablet', 10]];
const SESSION_DEVICES: [string, number][] = [['desktop', 48], ['mobile', 44], ['tablet', 8]];
const LANDING_PAGES: [string, number][] = [['/', 40], ['/blog', 25], ['/pricing', 15], ['/product', 20]];
const BROWSE_PAGES: [string, number][] = [['/', 15], ['/product', 45], ['/pricing', 12], ['/blog', 15], ['/cart', 13]];

const ADJECTIVES = [
  'Aurora', 'Nimbus', 'Vertex', 'Summit', 'Harbor', 'Cobalt', 'Ember', 'Willow', 'Atlas', 'Nova',
  'Pioneer', 'Juniper', 'Sierra', 'Lumen', 'Orbit', 'Coral', 'Falcon', 'Maple', 'Zenith', 'Drift',
];
/** Ten nouns per category (in DEMO_VALUES.category order) and a price range in USD. */
const CATALOG: { nouns: string[]; lo: number; hi: number }[] = [
  { nouns: ['Headphones', 'Speaker', 'Smartwatch', 'Tablet', 'Charger', 'Keyboard', 'Mouse', 'Webcam', 'Earbuds', 'Monitor'], lo: 25, hi: 900 },
  { nouns: ['T-Shirt', 'Hoodie', 'Jacket', 'Jeans', 'Sneakers', 'Scarf', 'Cap', 'Dress', 'Socks', 'Sweater'], lo: 9, hi: 150 },
  { nouns: ['Lamp', 'Mug', 'Blanket', 'Cushion', 'Vase', 'Candle', 'Kettle', 'Cookware Set', 'Rug', 'Wall Clock'], lo: 8, hi: 300 },
  { nouns: ['Cookbook', 'Novel', 'Field Guide', 'Poetry Collection', 'Travel Guide', 'Biography', 'Sketchbook', 'Journal', 'Graphic Novel', 'Workbook'], lo: 6, hi: 45 },
  { nouns: ['Serum', 'Moisturizer', 'Lip Balm', 'Face Mask', 'Shampoo', 'Perfume', 'Hand Cream', 'Cleanser', 'Sunscreen', 'Body Lotion'], lo: 5, hi: 90 },
  { nouns: ['Yoga Mat', 'Water Bottle', 'Dumbbells', 'Running Shoes', 'Tennis Racket', 'Backpack', 'Jump Rope', 'Cycling Gloves', 'Resistance Bands', 'Football'], lo: 8, hi: 250 },
];

// ---------------------------------------------------------------- tables

/** 200 products, six categories, unique names, prices ending in .99. */
export function productsSql(plan: SeedPlan): string {
  const cats = DEMO_VALUES.category.map(quote).join(', ');
  const nouns = CATALOG.map((c) => `[${c.nouns.map(quote).join(', ')}]`).join(', ');
  const lo = CATALOG.map((c) => c.lo).join(', ');
  const span = CATALOG.map((c) => c.hi - c.lo).join(', ');
  const shift = plan.seed % 6;
  const comboShift = ((plan.seed % 200) * 13) % 200;
  // Per category, the k-th product takes combination (7k + shift) mod 200 of
  // 20 adjectives × 10 nouns: distinct for k < 200, so names are unique.
  return `INSERT INTO ${table(plan, 'products')} (product_id, name, category, price)
SELECT product_id, concat([${ADJECTIVES.map(quote).join(', ')}][1 + combo % 20], ' ', [${nouns}][ci + 1][1 + intDiv(combo, 20)]) AS name,
  [${cats}][ci + 1] AS category,
  round(floor([${lo}][ci + 1] + [${span}][ci + 1] * ${unit(plan, 'price', 'product_id')} * ${unit(plan, 'price', 'product_id')}) + 0.99, 2) AS price
FROM (
  SELECT toUInt32(number + 1) AS product_id, (number + ${shift}) % 6 AS ci, (intDiv(number, 6) * 7 + ${comboShift}) % 200 AS combo
  FROM numbers(200)
)`;
}

/** Users: ids in signup order; user 1 signs up at the very start so every later moment has a user. */
export function usersSql(plan: SeedPlan, rows: number): string {
  const { counts, before } = allocate(rows, userDayWeights(plan));
  return `INSERT INTO ${table(plan, 'users')} (user_id, signup_time, country, plan, channel)
SELECT row_number() OVER (ORDER BY signup_time, n) AS user_id, signup_time, country, plan, channel
FROM (
  SELECT n, d,
    if(n = 0, toDateTime(${plan.startEpoch}), ${timeOfRow(plan, 'signup')}) AS signup_time,
    ${pick(unit(plan, 'country', 'n'), COUNTRIES)} AS country,
    ${pick(unit(plan, 'plan', 'n'), PLANS)} AS plan,
    if(d = ${INCIDENT_B_DAY} AND ${unit(plan, 'campaign', 'n')} < ${1 - 1 / INCIDENT_B_FACTOR}, 'paid', ${pick(unit(plan, 'channel', 'n'), CHANNELS)}) AS channel
  FROM ${dayRows(counts, before)}
)`;
}

/**
 * Orders: a user who had signed up by then, a product, the user's country and
 * channel, the product's category. Cheaper products sell more often (popularity
 * rank follows price, loosely), which with the stratified draws keeps each
 * day's revenue close to its expected value.
 */
export function ordersSql(plan: SeedPlan, rows: number): string {
  const { counts, before } = allocate(rows, orderDayWeights(plan));
  const refundRate = `if(device = 'mobile' AND d >= ${INCIDENT_C_FROM_DAY}, ${2 * BASE_REFUND_RATE}, ${BASE_REFUND_RATE})`;
  // Status: a Weyl sequence over the order's index among the day's orders of
  // its device, so every (day, device) gets its refund share within ±1 order.
  const weyl = `(j * ${GOLDEN} + ${unit(plan, 'order-status-offset', 'd', 'device')})`;
  const uStatus = `(${weyl} - floor(${weyl}))`;
  const uProduct = lattice(plan, 0, 'order-product');
  const uDevice = lattice(plan, 1, 'order-device');
  const uQty = lattice(plan, 2, 'order-quantity');
  const popularity = `(SELECT product_id, category, price,
      toUInt32(row_number() OVER (ORDER BY price * (0.6 + 0.8 * ${unit(plan, 'popularity', 'product_id')}), product_id) - 1) AS rank
    FROM ${table(plan, 'products')})`;
  // Expensive items are mostly bought one at a time.
  const quantity = `toUInt16(if(p.price >= 150, multiIf(x.u_qty < 0.85, 1, x.u_qty < 0.97, 2, 3),
    multiIf(x.u_qty < 0.5, 1, x.u_qty < 0.75, 2, x.u_qty < 0.88, 3, x.u_qty < 0.95, 4, 5)))`;
  return `INSERT INTO ${table(plan, 'orders')} (order_id, order_time, user_id, product_id, category, country, channel, device, quantity, revenue, status)
SELECT row_number() OVER (ORDER BY x.order_time, x.n) AS order_id, x.order_time, x.user_id, p.product_id,
  p.category, u.country, u.channel, x.device, ${quantity} AS quantity, round(quantity * p.price, 2) AS revenue, x.status
FROM (
  SELECT o.n AS n, o.order_time AS order_time, ${userPick('o.u_user')} AS user_id, o.rank AS rank,
    o.device AS device, o.u_qty AS u_qty, o.status AS status
  FROM (
    SELECT d, n, device, order_time, u_user, rank, u_qty, k,
      multiIf(${uStatus} < ${refundRate}, 'refunded', ${uStatus} < ${refundRate} + ${CANCEL_RATE}, 'cancelled', 'completed') AS status
    FROM (
      SELECT d, i, n, toUInt8(0) AS k, ${timeOfRow(plan, 'order', 1)} AS order_time,
        ${unit(plan, 'order-user', 'n')} AS u_user,
        toUInt32(floor(200 * ${uProduct} * sqrt(${uProduct}))) AS rank,
        ${pick(uDevice, ORDER_DEVICES)} AS device,
        ${uQty} AS u_qty,
        row_number() OVER (PARTITION BY d, device ORDER BY i) - 1 AS j
      FROM ${dayRows(counts, before)}
    )
  ) AS o
  ASOF JOIN ${signupIndex(plan)} AS g ON o.k = g.k AND o.order_time > g.signup_time
) AS x
INNER JOIN ${table(plan, 'users')} AS u ON u.user_id = x.user_id
INNER JOIN ${popularity} AS p ON p.rank = x.rank`;
}

function eventColumns(): string {
  return 'event_time, user_id, session_id, event_type, page, country, device, channel, duration_ms';
}

function duration(eventType: string, u: string): string {
  return `if(${eventType} = 'page_view', ${skewed(u, 2_000, 90_000, 3)}, ${skewed(u, 150, 2_500, 3)})`;
}

/** Each user's signup session: the signup itself, then two page views. */
export function signupEventsSql(plan: SeedPlan): string {
  const j = `(${hash(plan, 'signup-gap', 'user_id', 'k')} % 30)`;
  return `INSERT INTO ${table(plan, 'events')} (${eventColumns()})
SELECT least(toDateTime(toUInt32(signup_time) + k * 40 + if(k = 0, 0, ${j})), toDateTime(${plan.endEpoch})) AS event_time,
  user_id, ${hash(plan, 'signup-session', 'user_id')} AS session_id,
  ['signup', 'page_view', 'page_view'][k + 1] AS event_type, ['/pricing', '/', '/product'][k + 1] AS page,
  country, ${pick(unit(plan, 'signup-device', 'user_id'), SESSION_DEVICES)} AS device, channel,
  ${duration('event_type', unit(plan, 'signup-duration', 'user_id', 'k'))} AS duration_ms
FROM ${table(plan, 'users')} ARRAY JOIN [0, 1, 2] AS k`;
}

/** Each order's session, ending with the purchase at order_time; never before the user's signup. */
export function orderEventsSql(plan: SeedPlan): string {
  const steps = `arrayFilter((s, keep) -> keep, [('login', '/'), ('page_view', '/'), ('page_view', '/product'), ('add_to_cart', '/product'), ('page_view', '/cart'), ('checkout', '/checkout'), ('purchase', '/checkout')],
      [${unit(plan, 'order-login', 'o.order_id')} < 0.4, ${unit(plan, 'order-home', 'o.order_id')} < 0.5, 1, 1, ${unit(plan, 'order-cart', 'o.order_id')} < 0.6, 1, 1])`;
  const j = `(${hash(plan, 'order-gap', 'order_id', 'pos')} % 30)`;
  return `INSERT INTO ${table(plan, 'events')} (${eventColumns()})
SELECT toDateTime(greatest(toInt64(toUInt32(order_time)) - (length(steps) - pos) * 45 + if(pos = length(steps), 0, ${j}), toInt64(toUInt32(signup_time)))) AS event_time,
  user_id, ${hash(plan, 'order-session', 'order_id')} AS session_id,
  step.1 AS event_type, step.2 AS page, country, device, channel,
  ${duration('event_type', unit(plan, 'order-duration', 'order_id', 'pos'))} AS duration_ms
FROM (
  SELECT o.order_id AS order_id, o.order_time AS order_time, o.user_id AS user_id, o.country AS country, o.device AS device,
    o.channel AS channel, u.signup_time AS signup_time, ${steps} AS steps
  FROM ${table(plan, 'orders')} AS o INNER JOIN ${table(plan, 'users')} AS u ON u.user_id = o.user_id
)
ARRAY JOIN steps AS step, arrayEnumerate(steps) AS pos`;
}

/**
 * Browsing sessions that make up the remaining `rows` events exactly: more
 * sessions than needed are drawn, then cut in a seeded random order.
 */
export function browseEventsSql(plan: SeedPlan, rows: number): string {
  const sessions = Math.ceil((rows / meanSessionLength()) * 1.3) + 50;
  const { counts, before } = allocate(sessions, browseDayWeights(plan));
  const len = `toUInt32(${sessionLength(unit(plan, 'browse-len', 'n'))})`;
  const u = unit(plan, 'browse-event', 's.n', 'k');
  const checkoutRate = `if(s.d = ${INCIDENT_A_DAY}, 0.006, 0.015)`;
  const eventType = `if(k = 0, if(${u} < 0.25, 'login', 'page_view'), multiIf(${u} < 0.1, 'add_to_cart', ${u} < 0.1 + ${checkoutRate}, 'checkout', 'page_view'))`;
  const page = `multiIf(event_type = 'login', '/', event_type = 'add_to_cart', '/product', event_type = 'checkout', '/checkout',
    k = 0, ${pick(unit(plan, 'browse-page', 's.n', 'k'), LANDING_PAGES)}, ${pick(unit(plan, 'browse-page', 's.n', 'k'), BROWSE_PAGES)})`;
  const j = `(${hash(plan, 'browse-gap', 's.n', 'k')} % 35)`;
  return `INSERT INTO ${table(plan, 'events')} (${eventColumns()})
SELECT least(toDateTime(toUInt32(s.start_time) + k * 50 + if(k = 0, 0, ${j})), toDateTime(${plan.endEpoch})) AS event_time,
  s.user_id AS user_id, ${hash(plan, 'browse-session', 's.n')} AS session_id, ${eventType} AS event_type, ${page} AS page,
  u.country AS country, s.device AS device, u.channel AS channel,
  ${duration('event_type', unit(plan, 'browse-duration', 's.n', 'k'))} AS duration_ms
FROM (
  SELECT n, d, start_time, user_id, device, len,
    sum(len) OVER (ORDER BY ${hash(plan, 'browse-order', 'n')}, n ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - len AS offset
  FROM (
    SELECT b.n AS n, b.d AS d, b.start_time AS start_time, ${userPick('b.u_user')} AS user_id, b.device AS device, b.len AS len
    FROM (
      SELECT d, n, toUInt8(0) AS k, ${timeOfRow(plan, 'browse', 1)} AS start_time, ${unit(plan, 'browse-user', 'n')} AS u_user,
        ${pick(unit(plan, 'browse-device', 'n'), SESSION_DEVICES)} AS device, ${len} AS len
      FROM ${dayRows(counts, before)}
    ) AS b
    ASOF JOIN ${signupIndex(plan)} AS g ON b.k = g.k AND b.start_time > g.signup_time
  )
) AS s
ARRAY JOIN range(s.len) AS k
INNER JOIN ${table(plan, 'users')} AS u ON u.user_id = s.user_id
WHERE s.offset + k < ${rows}`;
}
