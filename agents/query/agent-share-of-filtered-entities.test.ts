/**
 * "of the paid users, what share placed an order": the share's whole is the entities named after "of", with the
 * filters said of them; the part, those of them some row of the figure's table refers to (entity-sets.ts).
 */
import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

const ORDERED = "countIf(user_id IN (SELECT user_id FROM demo.orders WHERE status = 'completed')) / count() AS share";

describe('the share of filtered entities with a row of another table', () => {
  it('a value said of the entities in the "of …" clause filters them, not the figure\'s rows', () => {
    // It was the share of completed orders from the paid channel: a wrong answer.
    expect(sql('of the paid users, what share placed an order')).toBe(`SELECT ${ORDERED} FROM demo.users WHERE channel = 'paid'`);
    expect(sql('of the users from Germany, what share placed an order')).toBe(`SELECT ${ORDERED} FROM demo.users WHERE country = 'DE'`);
    expect(sql('Of all the users who signed up through the paid channel, what percentage have ever made a completed order?')).toMatch(new RegExp(`^SELECT ${ORDERED.replace(/[()/*]/g, '\\$&')}, 100 \\* .* FROM demo\\.users WHERE channel = 'paid'$`));
  });

  it('the figure\'s period and filters are of its rows ("ordered last month")', () => {
    expect(sql('of the users on the enterprise plan, what share ordered last month?')).toBe("SELECT countIf(user_id IN (SELECT user_id FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC'))) / count() AS share FROM demo.users WHERE plan = 'enterprise'");
  });

  it('a share within one table, and a clause with a period, read as before', () => {
    expect(sql('of all orders, what share came from mobile')).toBe("SELECT count() AS all_orders, countIf(device = 'mobile') / count() AS share FROM demo.orders");
    expect(sql('of the users from Germany, what share are on the free plan')).toBe("SELECT count() AS users, countIf(plan = 'free') / count() AS share FROM demo.users WHERE country = 'DE'");
    expect(sql('of the users who signed up in March 2025, what percentage have placed an order?')).toMatch(/FROM demo\.users WHERE signup_time >= toDateTime\('2025-03-01/);
  });

  it('a filter that could be of the entities or of their rows is refused, saying which to name', () => {
    expect(refusal('of the users, what share placed an order from Germany')).toMatch(/country could be of the users or of their orders/);
  });
});
