/**
 * "Revenue by user plan", "orders by user channel", "revenue by users' country": a column named with the noun of the
 * table it belongs to is that table's column, reached through the declared join; "by country" alone stays the
 * figure's own column.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

const JOIN = 'FROM demo.orders AS o INNER JOIN demo.users AS u ON o.user_id = u.user_id';

describe("a users' column named with the users noun", () => {
  it('breaks an orders figure down by the users column through the join', () => {
    const plan = `SELECT u.plan AS plan, sum(o.revenue) AS total_revenue ${JOIN} WHERE o.status = 'completed' GROUP BY plan ORDER BY total_revenue DESC`;
    expect(sql('Revenue by user plan')).toBe(plan);
    expect(sql("revenue by users' plan")).toBe(plan);
    expect(sql('revenue per customer plan')).toBe(plan);
    expect(sql('sessions by user plan')).toMatch(/^SELECT u\.plan AS plan, uniqExact\(e\.session_id\) AS sessions FROM demo\.events AS e INNER JOIN demo\.users AS u/);
  });

  it("reads a column both tables have as the users' one only after the users noun", () => {
    expect(sql('revenue by user country')).toBe(`SELECT u.country AS signup_country, sum(o.revenue) AS total_revenue ${JOIN} WHERE o.status = 'completed' GROUP BY signup_country ORDER BY total_revenue DESC`);
    expect(sql("orders by users' country")).toMatch(/^SELECT u\.country AS signup_country, count\(\) AS orders/);
    expect(sql('orders by user channel')).toMatch(/^SELECT u\.channel AS signup_channel, count\(\) AS orders/);
    expect(sql('revenue by signup country last month')).toMatch(/^SELECT u\.country AS signup_country, sum\(o\.revenue\)/);
    expect(sql('revenue by country')).toBe("SELECT country, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' GROUP BY country ORDER BY total_revenue DESC");
  });

  it('reads it as the second part of a breakdown too', () => {
    expect(sql('revenue by device and user plan')).toMatch(/^SELECT o\.device AS device, u\.plan AS plan, sum\(o\.revenue\)/);
  });

  it('keeps the users table its own rows', () => {
    expect(sql('users by user country')).toBe('SELECT country AS signup_country, count() AS users FROM demo.users GROUP BY signup_country ORDER BY users DESC');
  });
});
