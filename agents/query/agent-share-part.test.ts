/**
 * A share whose part and whole are named apart ("refunded orders as a % of all mobile orders", "share of mobile orders
 * that were refunded each day"): the part's value is the condition, every other value restricts the rows; a rate asked
 * in percent is the rate times 100, never a share of the rates' sum.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('the part and the whole of a share, named apart', () => {
  it('"<part> as a % of <whole>": the whole\'s values filter the rows, the part\'s is the condition', () => {
    expect(sql('refunded orders as a percentage of all mobile orders')).toBe("SELECT count() AS all_orders, countIf(status = 'refunded') / count() AS share, 100 * countIf(status = 'refunded') / count() AS percent FROM demo.orders WHERE device = 'mobile'");
    expect(sql('refunded orders as a percentage of all orders')).toContain("countIf(status = 'refunded') / count() AS share");
    expect(sql('cancellations as a share of orders by device')).toBe("SELECT device, count() AS orders, countIf(status = 'cancelled') / count() AS share FROM demo.orders GROUP BY device ORDER BY share DESC");
  });
  it('a whole that names the part\'s value among others keeps them all as its rows', () => {
    expect(sql('refunded revenue as a % of completed + refunded revenue this year')).toMatch(/^SELECT sum\(revenue\) AS total_revenue, sumIf\(revenue, status = 'refunded'\) \/ sum\(revenue\) AS share, 100 \* sumIf\(revenue, status = 'refunded'\) \/ sum\(revenue\) AS percent FROM demo\.orders WHERE status IN \('completed', 'refunded'\) AND order_time >= /);
  });
  it('"share of <whole> that were <part>", with a breakdown: the rate within each group', () => {
    expect(sql('share of mobile orders that were refunded each day')).toBe("SELECT toDate(order_time) AS day, count() AS orders, countIf(status = 'refunded') / count() AS share FROM demo.orders WHERE device = 'mobile' GROUP BY day ORDER BY day");
    expect(sql('what percentage of mobile orders were refunded')).toContain("countIf(status = 'refunded') / count() AS share, 100 * countIf(status = 'refunded') / count() AS percent FROM demo.orders WHERE device = 'mobile'");
  });
  it('a breakdown inside the part ("X by category as a share of all orders") is still refused, not guessed', () => {
    expect(refusal('cancelled orders by category as a share of all orders')).toMatch(/A share of cancellations or of all orders\?/);
  });
  it('"as a percentage of all mobile orders each day" after refunds on mobile: the refund rate among mobile orders, in percent', () => {
    const [, , , pct] = thread('cancelled orders per day, last 10 days', 'refunded instead', 'only mobile', 'as a percentage of all mobile orders each day');
    expect(flat(pct)).toMatch(/^SELECT toDate\(order_time\) AS day, countIf\(status = 'refunded'\) \/ count\(\) AS refund_rate, 100 \* countIf\(status = 'refunded'\) \/ count\(\) AS percent FROM demo\.orders WHERE device = 'mobile' AND order_time >= /);
  });
  it('a rate asked in percent is the rate times 100, never a share of the rates\' sum; a share of an average is refused', () => {
    expect(sql('refund rate by device as a percentage')).toBe("SELECT device, countIf(status = 'refunded') / count() AS refund_rate, 100 * countIf(status = 'refunded') / count() AS percent FROM demo.orders GROUP BY device ORDER BY refund_rate DESC");
    expect(refusal('aov by device as a share')).toMatch(/not a part of a whole/);
  });
  it('"share of revenue from US and DE" is their part of all revenue, never each one\'s share among the two', () => {
    expect(sql('share of revenue from US and DE')).toBe("SELECT sum(revenue) AS total_revenue, sumIf(revenue, country IN ('US', 'DE')) / sum(revenue) AS share FROM demo.orders WHERE status = 'completed'");
    expect(sql('share of mobile orders that were refunded and cancelled')).toBe("SELECT count() AS orders, countIf(status IN ('refunded', 'cancelled')) / count() AS share FROM demo.orders WHERE device = 'mobile'");
    // With a breakdown after the part, the part stays one value of each group's figure.
    expect(sql('share of orders from mobile by country')).toBe("SELECT country, count() AS orders, countIf(device = 'mobile') / count() AS share FROM demo.orders WHERE status = 'completed' GROUP BY country ORDER BY share DESC");
  });
});
