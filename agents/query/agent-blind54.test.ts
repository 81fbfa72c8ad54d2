/**
 * Mechanisms found with blind53's last misses and blind54's (test/eval/blind54-*.jsonl), tested with other wordings
 * than the sets' own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);
const lastRefusal = (...qs: string[]): string => { try { last(...qs); return 'answered'; } catch (e) { return (e as Error).message; } };

describe('blind54: a listing of a catalogue, refined and sorted', () => {
  it('the order said after a listing sorts it, with ties broken as asked; never a new figure', () => {
    expect(last('list the home products with their prices', 'most expensive first')).toBe("SELECT name, price FROM demo.products WHERE category = 'home' ORDER BY price DESC, product_id DESC LIMIT 10000");
    expect(last('list the home products with their prices', 'sort by price')).toContain('ORDER BY price ASC');
    expect(last('list the home products with their prices', 'could you sort that from cheapest to most expensive?')).toContain('ORDER BY price ASC');
    expect(last('list the beauty products with their prices', 'sort them by price, highest first, ties broken by name')).toContain('ORDER BY price DESC, name ASC');
    expect(sql('list every books product sorted by price descending (then alphabetically)')).toContain('ORDER BY price DESC, name ASC');
    // After a count and an average price per category: sorted by the price's figure, shown first.
    expect(last('how many products in each category', 'and the average price per category too', 'sort it from cheapest to most expensive')).toBe('SELECT category, avg(price) AS avg_price, count() AS products FROM demo.products GROUP BY category ORDER BY avg_price ASC');
  });

  it('a price said with only its unit filters the listed rows by the money column; the column compared is shown', () => {
    expect(last('list the sports products with their prices', 'just the ones over $100')).toBe("SELECT name, price FROM demo.products WHERE category = 'sports' AND price > 100 ORDER BY name ASC, product_id ASC LIMIT 10000");
    expect(sql('which home products cost less than $25?')).toBe("SELECT name, price FROM demo.products WHERE category = 'home' AND price < 25 ORDER BY name ASC, product_id ASC LIMIT 10000");
    expect(sql('sports products with their prices')).toBe("SELECT name, price FROM demo.products WHERE category = 'sports' ORDER BY name ASC, product_id ASC LIMIT 10000");
  });

  it('a listing cut at N rows is not re-sorted by another column (other rows), and other questions stay what they were', () => {
    expect(lastRefusal('the 5 biggest orders last week', 'sort by quantity')).toMatch(/cut at 5 rows/);
    expect(sql('which products were never ordered')).toContain('NOT IN');
    expect(sql('which products sold the most last month')).toMatch(/GROUP BY product ORDER BY .* DESC/);
  });
});

describe('blind54: figures said another way', () => {
  it('percentiles and the median interpolate as ClickHouse’s quantile does, exactly; the nearest value when that function is named', () => {
    expect(sql('p75 duration_ms by page')).toContain('quantileExactInclusive(0.75)(duration_ms)');
    expect(sql('median revenue per order last week')).toContain('quantileExactInclusive(0.5)(revenue)');
    expect(sql('quantileExact(0.99)(duration_ms) for checkout events')).toContain('quantileExact(0.99)(duration_ms)');
    expect(sql('SELECT medianExact(price) FROM products')).toContain('quantileExact(0.5)(price)');
  });

  it('the words of a figure that sums a column name the column: "median order sales", "max order rev"', () => {
    expect(sql('median order rev by country')).toContain('quantileExactInclusive(0.5)(revenue)');
    expect(sql('largest single order (sales)?')).toBe(sql('largest single order?'));
  });

  it('"how much" of rows a count counts is their value; a value said of them too', () => {
    const refundedLastWeek = sql('revenue of refunded orders last week');
    expect(refundedLastWeek).toContain("status = 'refunded'");
    expect(sql('how much did we refund last week?')).toBe(refundedLastWeek);
    expect(sql('how much was refunded last week')).toBe(refundedLastWeek);
    expect(sql('refund value last week')).toBe(refundedLastWeek);
    expect(sql("how many dollars' worth of orders were refunded last week?")).toBe(refundedLastWeek);
    expect(sql('how much are we losing to cancellations this month')).toBe(sql('revenue of cancelled orders this month'));
    expect(sql('how many refunds last week')).toContain('count()');
  });
});

describe('blind54: yes/no questions', () => {
  it('a change asked yes/no between two periods shows both periods, a row each, the change beside the later; "how much did it …" the change alone', () => {
    const weeks = sql('did signups fall last week compared to the week before?');
    expect(weeks).toContain("WHERE signup_time >= toDateTime('2025-06-16 00:00:00', 'UTC') AND signup_time < toDateTime('2025-06-30 00:00:00', 'UTC') GROUP BY week");
    expect(weeks).toContain('lagInFrame(toNullable(signups))');
    expect(weeks).toContain("WHERE week >= toDate('2025-06-16') ORDER BY week");
    // This month to date: both months' values as they are; the change compares like with like.
    const months = sql('is AOV down this month vs last month?');
    expect(months).toContain('previous_to_date');
    expect(months).toMatch(/FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-05-01 00:00:00', 'UTC'\) AND order_time <= toDateTime\('2025-06-30 18:00:00', 'UTC'\) GROUP BY month/);
    expect(sql('how much did signups fall last week compared to the week before?')).toContain('argMax(signups, week) - argMin(signups, week)');
  });

  it('two values weighed with "than" or "or" are both shown; "is X our biggest Y for Z" ranks the Ys', () => {
    expect(sql('do we get more signups from paid than from email?')).toBe(sql('signups paid vs email'));
    expect(sql('is AOV lower on mobile or desktop?')).toBe(sql('AOV mobile vs desktop'));
    expect(sql('is paid still our #1 channel for signups?')).toBe(sql('top 1 channel by signups'));
    expect(sql('Is books our biggest category by revenue this year?')).toBe(sql('top 1 category by revenue this year'));
  });

  it('"trending up / down" is a trend, its series', () => {
    expect(sql('is the cancellation rate trending down? by month this year')).toBe(sql('cancellation rate trending by month this year'));
  });
});

describe('blind54: refinements', () => {
  it('values pooled ("combined", "together") drop the split by their dimension', () => {
    expect(last('signups by channel last month', 'only paid and email', 'paid and email combined')).toBe(sql('signups from paid or email last month'));
    expect(last('orders by device last week', 'all devices together')).toBe(sql('orders last week'));
    // Two dimensions "together" are crossed; "as one column" pools nothing.
    expect(last('orders by channel last month', 'split it by device too, so channel and device together')).toBe(sql('orders by channel and device last month'));
    expect(sql('events per hour of day. I want the hour as one column and the count as the other column.')).toBe(sql('events per hour of day'));
  });

  it('"+ channel", "plus channel" add a grouping; "+ AOV" a figure; "…, too" with the answer’s own breakdown adds the figure', () => {
    expect(last('signups by plan', '+ channel')).toBe(sql('signups by plan and channel'));
    expect(last('signups by plan', 'plus channel')).toBe(sql('signups by plan and channel'));
    expect(last('revenue by device', '+ AOV')).toBe(sql('revenue and AOV by device'));
    expect(last('orders by country', 'and the revenue by country too')).toBe(sql('orders and revenue by country'));
  });

  it('"split the revenue by device" after an answer with revenue keeps its period and filters', () => {
    expect(last('orders and revenue last week', 'could you split the revenue by device?')).toBe(sql('revenue by device last week'));
    expect(last('refunds and revenue in May', 'break the refunds down by country')).toBe(sql('refunds by country in May'));
  });

  it('a change series refined keeps its period as asked (never widened again)', () => {
    const [a, b] = thread('monthly revenue growth this year', 'only mobile').map(flat);
    expect(a).toContain("order_time >= toDateTime('2024-12-01 00:00:00', 'UTC')");
    expect(b).toContain("order_time >= toDateTime('2024-12-01 00:00:00', 'UTC')");
    expect(b).toContain("device = 'mobile'");
  });

  it('a week series of a period starting mid-week counts only the period’s days in its first week', () => {
    const s = sql('weekly orders growth this year');
    expect(s).toContain("(order_time >= toDateTime('2024-12-23 00:00:00', 'UTC') AND order_time < toDateTime('2024-12-30 00:00:00', 'UTC') OR order_time >= toDateTime('2025-01-01 00:00:00', 'UTC')");
  });
});

describe('blind54: BI fields and shorthand', () => {
  it('pipes between fields, "dims", "x" between dimensions, "grain: week", "dimension: X instead of Y"', () => {
    expect(sql('metric: orders | dims: country x plan | period: last 30 days')).toBe(sql('orders by country and plan last 30 days'));
    expect(sql('measure: revenue; grain: month; period: this year')).toBe(sql('revenue by month this year'));
    expect(last('measure: AOV; dimension: device', 'dimension: country instead of device')).toBe(sql('AOV by country'));
    expect(last('avg(duration_ms) group by page', 'add country as 2nd dim')).toBe(sql('avg(duration_ms) group by page, country'));
  });

  it('what the answer is for, rows that landed, the key said at the end, "perhaps"', () => {
    expect(sql('orders by hour of day last week, to investigate the morning spike')).toBe(sql('orders by hour of day last week'));
    expect(sql('signups by plan this month, so we can plan onboarding')).toBe(sql('signups by plan this month'));
    expect(refusal('revenue by device last week, to check mobile')).not.toBe('answered');
    expect(sql('how many records were loaded into demo.events yesterday')).toBe(sql('how many rows in demo.events yesterday'));
    expect(sql('top 3 customers by orders last month — user ids')).toBe(sql('top 3 customers by orders last month'));
    expect(sql('could you perhaps tell me the refund rate by country?')).toBe(sql('the refund rate by country'));
  });
});

describe('found on the way: a count after "most" beside a breakdown', () => {
  it('"which category has the most products" counts the products per category, never splits by product', () => {
    expect(sql('which category has the most products')).toBe('SELECT category, count() AS products FROM demo.products GROUP BY category ORDER BY products DESC LIMIT 1');
    expect(sql('which country has the most customers')).toContain('uniqExact(user_id) AS customers');
  });
});
