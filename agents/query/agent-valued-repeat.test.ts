import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

describe('"customers with more than one completed order": a value before the counted noun picks the rows counted per entity', () => {
  it.each([
    ['how many customers have more than one completed order?', "status = 'completed'", 'orders > 1'],
    ['users with more than 3 completed orders', "status = 'completed'", 'orders > 3'],
    ['how many customers have at least 2 mobile orders', "device = 'mobile'", 'orders >= 2'],
    ['how many customers have more than one refunded order', "status = 'refunded'", 'refunds > 1'],
    ['how many users have at least 2 cancelled orders', "status = 'cancelled'", 'cancellations >= 2'],
  ])('"%s" counts the entities whose rows pass', (q, where, having) => {
    const s = sql(q);
    expect(s).toMatch(/^SELECT count\(\) AS customers FROM \( SELECT user_id, count\(\) AS \w+ FROM demo\.orders WHERE /);
    expect(s).toContain(where);
    expect(s).toContain(`HAVING ${having} )`);
  });
  it('the value stays inside the per-entity count with a period, and a breakdown keeps its HAVING', () => {
    expect(sql('how many customers have more than one completed order in june')).toMatch(/WHERE status = 'completed' AND order_time >= .* GROUP BY user_id HAVING orders > 1 \)$/);
    expect(sql('which countries have more than 100 completed orders')).toContain('GROUP BY country HAVING orders > 100');
  });
  it('a value of another table before the noun is not read so', () => {
    expect(refusal('how many customers have more than one premium order')).toMatch(/did not understand "premium"/);
  });
});
