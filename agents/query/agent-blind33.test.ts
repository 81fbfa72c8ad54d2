/**
 * blind33's mechanisms, each with wordings of its own (test/eval/blind33-score.txt lists the set's misses).
 */
import { describe, expect, it } from 'vitest';
import { flat, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);

describe('blind33: wrong answers that are now right', () => {
  it('"(product catalogue)" beside the catalogue\'s own column says where it is read, no breakdown by product', () => {
    expect(sql('Average list price per category (product catalogue).')).toBe('SELECT category, avg(price) AS avg_price FROM demo.products GROUP BY category ORDER BY avg_price DESC');
  });

  it('"min, max and average revenue": every aggregate listed applies to the column', () => {
    expect(sql('min, max and average revenue per completed order, by category')).toMatch(/^SELECT category, min\(revenue\) AS min_revenue, max\(revenue\) AS max_revenue, avg\(revenue\) AS avg_revenue FROM/);
    expect(sql('minimum maximum and median quantity')).toMatch(/^SELECT min\(quantity\) AS min_quantity, max\(quantity\) AS max_quantity, /);
  });

  it('"number of orders per quantity": a count per a column\'s value is a breakdown by it', () => {
    expect(sql('number of completed orders per quantity (1-5) in 2024')).toMatch(/^SELECT quantity, count\(\) AS orders FROM demo\.orders .* GROUP BY quantity ORDER BY quantity$/);
  });

  it('"how many completed orders has the top one placed": the previous ranking\'s first row, from its query', () => {
    expect(last('top 5 customers by revenue this year', 'top 3 instead', 'how many completed orders has the top one placed over the whole dataset?'))
      .toMatch(/^SELECT count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND user_id IN \(SELECT customer FROM \(.* LIMIT 1\)\)$/);
  });

  it('"refunded amount instead (sum of revenue on the refunded orders)": the restatement with its rows is said once', () => {
    expect(last('refunded orders by month for January-May 2025', 'refunded amount instead (sum of revenue on the refunded orders)'))
      .toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'refunded' AND /);
  });

  it('"the first five months of 2025" is January to May, not a top 5; "in month order"', () => {
    expect(sql('MAU for the first five months of 2025, in month order')).toBe("SELECT toStartOfMonth(event_time) AS month, uniqExact(user_id) AS mau FROM demo.events WHERE event_time >= toDateTime('2025-01-01 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-01 00:00:00', 'UTC') GROUP BY month ORDER BY month");
    expect(sql('revenue by month for the last 2 quarters of 2024')).toContain("order_time >= toDateTime('2024-07-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-01-01 00:00:00', 'UTC')");
  });

  it('"MAU …" → "now DAU … across all devices": the figure\'s own grain, every device', () => {
    expect(last('MAU for the first five months of 2025', 'only mobile', 'now DAU for the last 7 days across all devices'))
      .toBe("SELECT toDate(event_time) AS day, uniqExact(user_id) AS dau FROM demo.events WHERE event_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-30 00:00:00', 'UTC') GROUP BY day ORDER BY day");
    // A grain the user chose stays.
    expect(last('revenue by month', 'now DAU')).toMatch(/toStartOfMonth\(event_time\) AS month/);
  });

  it('"of the people who signed up in March, how many have placed an order" counts the people, not their orders', () => {
    expect(sql('Of the people who signed up in March 2025, how many have placed at least one completed order (at any time)? Just the number please.'))
      .toBe("SELECT uniqExact(o.user_id) AS customers FROM demo.orders AS o INNER JOIN demo.users AS u ON o.user_id = u.user_id WHERE o.status = 'completed' AND u.signup_time >= toDateTime('2025-03-01 00:00:00', 'UTC') AND u.signup_time < toDateTime('2025-04-01 00:00:00', 'UTC')");
  });
});

describe('blind33: refusals that are now answers', () => {
  it('"min / max / median qty", "consisted of exactly one event", "the distribution of order quantity: …"', () => {
    expect(sql('min / max / median qty on completed orders')).toMatch(/^SELECT min\(quantity\) AS min_quantity, max\(quantity\) AS max_quantity, quantileExactInclusive\(0\.5\)\(quantity\) AS median_quantity FROM demo\.orders WHERE status = 'completed'$/);
    expect(sql('How many sessions consisted of exactly one event?')).toMatch(/HAVING events = 1 \)$/);
    expect(sql('I need the distribution of order quantity: number of completed orders for each quantity value (1 to 5).')).toMatch(/^SELECT quantity, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' GROUP BY quantity/);
  });

  it('"add /blog as well": a page value added joins the kept one; "for those three countries … and their AOV?"', () => {
    expect(last('page views per month on /pricing, Jan to May 2025', 'add /blog as well - one row per page and month', 'only from the email channel'))
      .toMatch(/page IN \('\/pricing', '\/blog'\) AND channel = 'email' .* GROUP BY month, page/);
    expect(last('top 3 countries by revenue last month', 'for those three countries, how many customers each?', 'and their AOV?'))
      .toMatch(/^SELECT country, sum\(revenue\) \/ count\(\) AS aov FROM .* country IN \(SELECT country FROM \(.* LIMIT 3\)\) GROUP BY country/);
  });
});
