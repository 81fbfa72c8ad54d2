/**
 * A written formula of growth between two periods ("(May/April - 1)", "May over April minus 1", "(this month - last
 * month) / last month") is the change from the earlier period to the later one, as "growth from April to May" is; the
 * earlier over the later, another formula, or periods other than the ones compared are refused naming the formula.
 */
import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

const growth = (t: string, unit: string, from: string): RegExp => new RegExp(`argMax\\(${t}, ${unit}\\) / argMin\\(${t}, ${unit}\\) - 1, NULL\\) AS ${t}_change_percent .*>= toDateTime\\('${from} 00:00:00', 'UTC'\\)`);

describe('a written formula of growth', () => {
  it.each([
    ['MoM revenue growth for May vs April, as a fraction (May/April - 1)', 'total_revenue', 'month', '2025-04-01'],
    ['revenue growth, May over April minus 1', 'total_revenue', 'month', '2025-04-01'],
    ['orders: june/may - 1', 'orders', 'month', '2025-05-01'],
    ['signups (this month - last month) / last month', 'signups', 'month', '2025-05-01'],
    ['wow signups growth (last week / the week before - 1)', 'signups', 'week', '2025-06-16'],
    ['revenue last month divided by the month before minus 1', 'total_revenue', 'month', '2025-04-01'],
  ])('"%s" is the change between the two periods', (q, t, unit, from) => {
    expect(sql(q)).toMatch(growth(t, unit, from));
  });

  it('is the same as the growth asked in words, and keeps a breakdown', () => {
    expect(sql('MoM revenue growth for May vs April, as a fraction (May/April - 1)')).toBe(sql('MoM revenue growth for May vs April'));
    expect(sql('revenue (may/april - 1) by device')).toMatch(/^SELECT device, .*GROUP BY device ORDER BY total_revenue_change_percent DESC$/);
  });

  it.each([
    ['revenue growth (April/May - 1)', /earlier period over the later one/],
    ['revenue may/april', /formula of two periods/],
    ['revenue growth may vs april (may/april + 1)', /formula of two periods/],
    ['revenue growth may vs april (june/may - 1)', /not the ones the question compares/],
  ])('"%s" is refused naming the formula', (q, why) => {
    expect(refusal(q)).toMatch(why);
  });

  it('"over" between two periods with no formula is the comparison it was', () => {
    expect(sql('revenue may over april')).toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, sum\(revenue\)/);
  });
});
