/**
 * A date without "on" ("signups June 3", "revenue 3 June", "orders May 16 2025") is that day, as "on June 3" is; a number
 * before a month that is a count ("top 3 june products"), a value ("orders with quantity 3 june") or the end of a range
 * ("until june 3") is not read as a day.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

const day = (d: string, t: string): RegExp => new RegExp(`${t} >= toDateTime\\('${d} 00:00:00', 'UTC'\\) AND ${t} < toDateTime\\('[0-9-]+ 00:00:00', 'UTC'\\)$`);

describe('a date without "on"', () => {
  it.each([
    ['signups June 3', '2025-06-03', 'signup_time'],
    ['revenue 3 June', '2025-06-03', 'order_time'],
    ['orders May 16 2025', '2025-05-16', 'order_time'],
    ['orders may 16, 2025', '2025-05-16', 'order_time'],
    ['what were signups like june 3', '2025-06-03', 'signup_time'],
    ['revenue and orders 3 june', '2025-06-03', 'order_time'],
  ])('"%s" is that day', (q, d, t) => {
    expect(sql(q)).toMatch(day(d, t));
    expect(sql(q)).toBe(sql(`${q.replace(/(\d+ june|june \d+|may 16,? 2025)/i, 'on $1')}`));
  });

  it('keeps a breakdown or a time bucket after it', () => {
    expect(sql('units sold june 3 by category')).toMatch(/^SELECT category, sum\(quantity\) .*order_time >= toDateTime\('2025-06-03 00:00:00'/);
    expect(sql('revenue june 3 by hour')).toMatch(/^SELECT toStartOfHour\(order_time\) AS hour, .*'2025-06-03 00:00:00'/);
  });

  it('a count, a value or a range end before the month is not a day', () => {
    expect(sql('top 3 june products by revenue')).toMatch(/'2025-06-01 00:00:00'.* LIMIT 3$/);
    expect(sql('orders with quantity 3 june')).toMatch(/quantity = 3 AND order_time >= toDateTime\('2025-06-01 00:00:00'/);
    expect(sql('top 5 products may 16')).toMatch(/'2025-05-16 00:00:00'.* LIMIT 5$/);
  });
});
