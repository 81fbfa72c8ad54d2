/**
 * "the plan mix of our users in Brazil", "device distribution of orders", "distribution of users by plan": a mix,
 * distribution or composition of a column is the figure (the rows counted, when none is named) by that column.
 */
import { describe, expect, it } from 'vitest';
import { sql, refusal } from '../../test/support/plan-kit.ts';

describe('the mix of a column', () => {
  it('counts the rows by the column named before it', () => {
    expect(sql("what's the plan mix of our users in Brazil?")).toBe("SELECT plan, count() AS users FROM demo.users WHERE country = 'BR' GROUP BY plan ORDER BY users DESC");
    expect(sql('plan composition of US users')).toBe("SELECT plan, count() AS users FROM demo.users WHERE country = 'US' GROUP BY plan ORDER BY users DESC");
    expect(sql('device mix of orders last month')).toMatch(/^SELECT device, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-05-01/);
    expect(sql('what does the country distribution of users look like')).toBe('SELECT country, count() AS users FROM demo.users GROUP BY country ORDER BY users DESC');
  });

  it('reads the column after "of", "across" or "by"', () => {
    expect(sql('distribution of users by plan')).toBe('SELECT plan, count() AS users FROM demo.users GROUP BY plan ORDER BY users DESC');
    expect(sql('mix of users across plans')).toBe('SELECT plan, count() AS users FROM demo.users GROUP BY plan ORDER BY users DESC');
    expect(sql('channel distribution of signups this year')).toMatch(/^SELECT channel, count\(\) AS signups FROM demo\.users WHERE signup_time >= /);
    expect(sql('revenue mix by category')).toMatch(/^SELECT category, sum\(revenue\) AS total_revenue/);
  });

  it('refuses a distribution of a number', () => {
    expect(refusal('distribution of order values')).toMatch(/did not understand "distribution"/);
  });
});
