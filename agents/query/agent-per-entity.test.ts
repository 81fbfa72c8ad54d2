/**
 * Thresholds per entity: how many different values of a column each entity has ("buyers who purchased from more than
 * one category": uniqExact of the column per key, HAVING, then the keys counted), through a join where the column is
 * another table's; and a count of a table's rows (users) counted per key of a table that refers to it
 * ("users who ordered more than once", "users with events on more than 3 pages").
 */
import { describe, expect, it } from 'vitest';
import { sql, refusal } from '../../test/support/plan-kit.ts';

describe('a distinct count of a column per entity', () => {
  it('"buyers who purchased from more than one category" counts customers with uniqExact(category) > 1 over completed orders', () => {
    expect(sql('how many buyers have purchased from more than one category?')).toBe(
      "SELECT count() AS customers FROM ( SELECT user_id, uniqExact(category) AS distinct_category FROM demo.orders WHERE status = 'completed' GROUP BY user_id HAVING distinct_category > 1 )");
  });
  it('"2+ devices" / "at least 2 countries" is >= 2', () => {
    expect(sql('customers who ordered from 2+ devices')).toContain('uniqExact(device) AS distinct_device');
    expect(sql('customers who ordered from 2+ devices')).toContain('HAVING distinct_device >= 2');
    expect(sql('customers who ordered from at least 2 countries')).toContain('HAVING distinct_country >= 2');
  });
  it('"users with events on more than 3 pages": users counted by events.user_id', () => {
    expect(sql('users with events on more than 3 pages')).toBe(
      'SELECT count() AS users FROM ( SELECT user_id, uniqExact(page) AS distinct_page FROM demo.events GROUP BY user_id HAVING distinct_page > 3 )');
  });
  it('"active users with more than 2 devices" is per user, not active users by device having > 2', () => {
    const s = sql('active users with more than 2 devices');
    expect(s).toContain('HAVING distinct_device > 2');
    expect(s).not.toContain('GROUP BY device');
  });
  it('"more than 3 different products": the product names reached through the join from orders', () => {
    const s = sql('customers who bought more than 3 different products');
    expect(s).toContain('uniqExact(p.name) AS distinct_name');
    expect(s).toContain('INNER JOIN demo.products AS p ON o.product_id = p.product_id');
    expect(s).toContain("o.status = 'completed'");
    expect(s).not.toContain('revenue >');
  });
  it('keeps the period and a breakdown', () => {
    expect(sql('customers who bought from more than 2 categories last month')).toContain("order_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
    expect(sql('customers who bought from more than 2 categories by country')).toMatch(/^SELECT country, count\(\) AS customers FROM \( SELECT country, user_id, uniqExact\(category\)/);
  });
  it('"fewer than 2 pages" of users is refused (a user with no events would not be counted)', () => {
    expect(refusal('users with events on fewer than 2 pages')).toMatch(/cannot count/);
  });
});

describe('a count of rows per key of a table that refers to them', () => {
  it('"users who ordered more than once" counts users by their completed orders (named as the customers they are)', () => {
    expect(sql('users who ordered more than once')).toBe(
      "SELECT count() AS customers FROM ( SELECT user_id, count() AS orders FROM demo.orders WHERE status = 'completed' GROUP BY user_id HAVING orders > 1 )");
  });
  it('"users with at least 2 orders", "users with more than 30 events"', () => {
    expect(sql('users with at least 2 orders')).toContain('HAVING orders >= 2');
    expect(sql('how many users have more than 30 events')).toContain('FROM demo.events GROUP BY user_id HAVING events > 30');
  });
});

describe('the time of the last / first row is bounded by now', () => {
  it('"when was the most recent order" is max(order_time) of the orders up to now', () => {
    const s = sql('when was the most recent order');
    expect(s).toMatch(/^SELECT max\(order_time\) AS max_order_time FROM demo.orders WHERE /);
    expect(s).toContain("order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
  });
});
