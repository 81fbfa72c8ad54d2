/**
 * What a message refers to in the previous answer without naming it (parse/refer.ts, refer.ts): "that day" is its
 * period; "make that a rate" turns a count of one value into that value's rate; "by category" with no answer before it
 * is refused. And two refinements of a breakdown: "instead" replaces it (time bucket included); a value added to a
 * one-value filter of a series splits the series by that column.
 */
import { describe, expect, it } from 'vitest';
import { thread, flat, refusal } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);
const refusedLast = (...qs: string[]): string => {
  try { thread(...qs); } catch (e) { return (e as Error).message; }
  return 'answered';
};
const DAY_BEFORE = "order_time >= toDateTime('2025-06-28 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-29 00:00:00', 'UTC')";
const LAST_WEEK = "order_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')";
const LAST_MONTH = "order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')";

describe('"that day", "the same week", "during that period", "then": the previous answer\'s period, with this figure', () => {
  it.each([
    ['how many refunds were there that day?', 'count() AS refunds'],
    ['refunds on that day', 'count() AS refunds'],
    ['and cancellations the same day?', 'count() AS cancellations'],
    ['what was revenue on that same day', 'sum(revenue)'],
    ['how many refunds were there then?', 'count() AS refunds'],
  ])('%s', (q, figure) => {
    const s = last('how many orders did we get yesterday', 'and the day before?', q);
    expect(s).toContain(figure);
    expect(s).toContain(DAY_BEFORE);
    expect(s).not.toContain('GROUP BY');
  });
  it('a week, a month, any period; a breakdown the message asks is kept', () => {
    expect(last('revenue last week', 'how many orders that week')).toContain(LAST_WEEK);
    expect(last('orders last month', 'refunds during that period')).toBe(`SELECT count() AS refunds FROM demo.orders WHERE status = 'refunded' AND ${LAST_MONTH}`);
    expect(last('orders by day last week', 'refunds by device in that week')).toBe(`SELECT device, count() AS refunds FROM demo.orders WHERE status = 'refunded' AND ${LAST_WEEK} GROUP BY device ORDER BY refunds DESC`);
    expect(last('signups yesterday', 'and page views on the same day?')).toContain("event_type = 'page_view' AND event_time >= toDateTime('2025-06-29 00:00:00', 'UTC')");
  });
  it('refused when there is no such period to refer to', () => {
    expect(refusal('refunds that day')).toMatch(/"that day" refers to the period of the previous answer, and there is no answer before it/);
    expect(refusedLast('revenue', 'refunds that month')).toMatch(/it has none \(it is over all time\)/);
    expect(refusedLast('revenue last 7 days', 'refunds that day')).toMatch(/"that day" names one day, and the previous answer is for last 7 days/);
    expect(refusedLast('this week vs last week revenue', 'orders that week')).toMatch(/could be either period/);
  });
  it('"the same day" before a clause is not the previous answer\'s period', () => {
    expect(refusal('users who ordered on the same day they signed up')).not.toMatch(/previous answer/);
  });
  it('"then" with no period before it, and "the same period last month", are read as before', () => {
    expect(last('revenue by device', 'and orders then?')).toBe("SELECT device, count() AS orders FROM demo.orders WHERE status = 'completed' GROUP BY device ORDER BY orders DESC");
    expect(last('revenue this month', 'same period last month')).toContain(LAST_MONTH);
  });
});

describe('"make that a rate", "as a percentage", "what % is that": a count of one value becomes its rate', () => {
  const RATE_BY_DEVICE = "SELECT device, countIf(status = 'refunded') / count() AS refund_rate FROM demo.orders WHERE order_time >= toDateTime('2025-06-20 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC') GROUP BY device";
  it.each(['make that a rate', 'as a rate', 'show it as a share'])('%s', (q) => {
    expect(last('refund count by device, past 10 days', q)).toContain(RATE_BY_DEVICE);
  });
  // Asked in percent, the rate is also shown times 100 (a column of its own, the rate stays exact).
  it.each(['as a percentage', 'turn it into a percentage', 'what % is that', 'in percent'])('%s', (q) => {
    expect(last('refund count by device, past 10 days', q)).toContain(RATE_BY_DEVICE.replace(' FROM', ", 100 * countIf(status = 'refunded') / count() AS percent FROM"));
  });
  it('the rate is kept by the next refinement', () => {
    expect(last('refund count by device, past 10 days', 'make that a rate', 'now by country')).toContain("SELECT country, countIf(status = 'refunded') / count() AS refund_rate");
  });
  it('a count filtered to one value, and a total with no breakdown', () => {
    expect(last('orders by device', 'only refunded', 'as a share')).toBe("SELECT device, countIf(status = 'refunded') / count() AS refund_rate FROM demo.orders GROUP BY device ORDER BY refund_rate DESC");
    expect(last('cancellations last month', 'what percent is that')).toBe(`SELECT countIf(status = 'cancelled') / count() AS cancellation_rate, 100 * countIf(status = 'cancelled') / count() AS percent FROM demo.orders WHERE ${LAST_MONTH}`);
  });
  it('"as a rate" at the end of a question about a count of one value', () => {
    expect(last('refunds by device as a rate')).toBe("SELECT device, countIf(status = 'refunded') / count() AS refund_rate FROM demo.orders GROUP BY device ORDER BY refund_rate DESC");
    expect(last('orders by device, only refunded, as a rate')).toBe("SELECT device, countIf(status = 'refunded') / count() AS refund_rate FROM demo.orders GROUP BY device ORDER BY refund_rate DESC");
    expect(last('cancellations last week as a rate')).toBe(`SELECT countIf(status = 'cancelled') / count() AS cancellation_rate FROM demo.orders WHERE ${LAST_WEEK}`);
    expect(refusal('revenue by device as a rate')).toMatch(/revenue is not one/);
  });
  it('any other figure keeps its share of the total; "a rate" of it, or of nothing, is refused', () => {
    expect(last('revenue by device', 'as a percentage')).toContain('100 * sum(revenue) / sum(sum(revenue)) OVER () AS percent');
    expect(last('orders by status', 'as a share')).toContain('count() / sum(count()) OVER () AS share');
    expect(refusedLast('revenue by device', 'make that a rate')).toMatch(/revenue is not one/);
    expect(refusal('make that a rate')).toMatch(/"a rate" of what\? There is no answer before it/);
  });
  it('one figure "as a percentage" with no breakdown is its rate for a count of one value, else refused (never 100 % of itself)', () => {
    expect(last('cancellations last month as a percentage')).toBe(`SELECT countIf(status = 'cancelled') / count() AS cancellation_rate, 100 * countIf(status = 'cancelled') / count() AS percent FROM demo.orders WHERE ${LAST_MONTH}`);
    expect(last('cancelled orders last month as a share')).toBe(`SELECT countIf(status = 'cancelled') / count() AS cancellation_rate FROM demo.orders WHERE ${LAST_MONTH}`);
    expect(last('refunds as a percentage')).toBe("SELECT countIf(status = 'refunded') / count() AS refund_rate, 100 * countIf(status = 'refunded') / count() AS percent FROM demo.orders");
    expect(refusal('revenue last month as a percentage')).toMatch(/A percentage of what\? revenue is one figure here, 100 % of itself/i);
    expect(refusal('orders as a percentage')).toMatch(/100 % of itself/);
    // A share with a part or a breakdown is unchanged.
    expect(last('share of revenue from mobile')).toContain("sumIf(revenue, device = 'mobile') / sum(revenue) AS share");
    expect(last('refunds by device as a percentage')).toContain('100 * count() / sum(count()) OVER () AS percent');
  });
});

describe('a breakdown with nothing to break down is refused, naming what to ask', () => {
  it.each([
    ['by category', '"by category" — of what? There is no answer before it to break down; ask it with its figure, as in "revenue by category".'],
    ['now by device', '"now by device" — of what? There is no answer before it to break down; ask it with its figure, as in "revenue by device".'],
    ['per week', '"per week" — of what? There is no answer before it to break down; ask it with its figure, as in "revenue per week".'],
    ['split by plan', '"split by plan" — of what? There is no answer before it to break down; ask it with its figure, as in "users split by plan".'],
  ])('%s', (q, msg) => {
    expect(refusal(q)).toBe(msg);
  });
  it('after a refused first turn too; with a previous answer it refines as before', () => {
    expect(refusedLast('by category last month')).toMatch(/of what\?/);
    expect(last('refunds last month', 'by category')).toContain("SELECT category, count() AS refunds FROM demo.orders WHERE status = 'refunded'");
    expect(refusal('count by channel')).toMatch(/count of what\?/);
  });
});

describe('"instead" replaces the breakdown, a time bucket included', () => {
  it.each(['break it down by plan instead', 'by plan instead', 'split it by plan instead'])('%s', (q) => {
    expect(last('signups per week since April', 'only the paid channel', q))
      .toBe("SELECT plan, count() AS signups FROM demo.users WHERE channel = 'paid' AND signup_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC') GROUP BY plan ORDER BY signups DESC");
  });
  it('without "instead", splitting a series still adds to it', () => {
    expect(last('orders by week', 'break it down by device')).toContain('GROUP BY week, device');
  });
});

describe('a value added to a one-value filter of a series: a series per value', () => {
  it.each(['add Brazil', 'and Brazil too', 'include BR as well', 'add brazil as well'])('%s', (q) => {
    expect(last('sales in India this year', 'monthly', q)).toContain("country, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND country IN ('IN', 'BR')");
    expect(last('sales in India this year', 'monthly', q)).toContain('GROUP BY month, country');
  });
  it('another column, another grain', () => {
    expect(last('signups per week', 'only paid', 'and email too')).toContain("GROUP BY week, channel");
  });
  it('not a series: the values are summed as before', () => {
    expect(last('revenue in India by device', 'add Brazil')).toBe("SELECT device, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND country IN ('IN', 'BR') GROUP BY device ORDER BY total_revenue DESC");
  });
});
