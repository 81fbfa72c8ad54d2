/**
 * Mechanisms found with blind37 (test/eval/blind37-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, sql, thread } from '../../test/support/plan-kit.ts';

const MAY = "order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')";

describe('blind37: wrong answers mended', () => {
  it('a figure\'s word before a dimension\'s ("per sales region") says which one; it divides nothing', () => {
    expect(sql('refunds per sales region last month')).toBe(`SELECT country, count() AS refunds FROM demo.orders WHERE status = 'refunded' AND ${MAY} GROUP BY country ORDER BY refunds DESC`);
    // One phrase of the model stays whole, and a ratio of two figures is still one.
    expect(sql('revenue by signup channel')).toContain('u.channel AS signup_channel');
    expect(sql('units per order')).toContain('sum(quantity) / count()');
  });
  it('"drop the filter" drops the one the latest turn added, not the figure\'s own rows', () => {
    const [, , dropped] = thread('page views per day this week', 'only desktop', 'remove that filter');
    expect(flat(dropped)).toContain("event_type = 'page_view'");
    expect(flat(dropped)).not.toContain('desktop');
    // A turn that adds no filter leaves the latest one added as the one to drop.
    const [, , , later] = thread('signups by week', 'only paid', 'by month', 'drop the filter');
    expect(flat(later)).not.toContain("'paid'");
    // "the filters" (all of them) still clears every one.
    const [, , all] = thread('add to cart events per day in the last 30 days', 'only tablet', 'drop all the filters');
    expect(flat(all)).not.toContain('event_type');
  });
  it('"and which <dimension>?" after a one-row ranking is that ranking of the other split', () => {
    const [, plan] = thread('which country brings in the most revenue?', 'and which plan?');
    expect(flat(plan)).toMatch(/GROUP BY plan ORDER BY total_revenue DESC LIMIT 1$/);
    // Named as a breakdown, it is every row, as before.
    const [, all] = thread('which country brings in the most revenue?', 'now by device');
    expect(flat(all)).not.toContain('LIMIT');
  });
});

describe('blind37: refusals that are now answers', () => {
  it('"the single busiest day …, and how many … that day" is the day this question picks, with its figure', () => {
    expect(sql('which was the single biggest day for orders in May, and how many orders came in that day?')).toBe(`SELECT toDate(order_time) AS day, count() AS orders FROM demo.orders WHERE status = 'completed' AND ${MAY} GROUP BY day ORDER BY orders DESC LIMIT 1`);
  });
  it('"never … a single order, whatever their status" counts users with no order of any status', () => {
    expect(sql('How many users from demo.users never made a single order, whatever their status?')).toContain("NOT IN (SELECT user_id FROM demo.orders WHERE status IN ('completed', 'refunded', 'cancelled'))");
  });
  it('"ended up being refunded" is refunded', () => {
    expect(sql('what fraction of orders ended up being refunded?')).toContain("countIf(status = 'refunded') / count()");
  });
  it('"weekend (Saturday and Sunday)" restates the weekend', () => {
    expect(sql('signups last quarter, weekend (Saturday and Sunday) vs weekdays')).toContain("toDayOfWeek(signup_time) IN (6, 7), 'weekend'");
  });
  it('"For an article we\'re preparing - …" says what the answer is for', () => {
    expect(sql("For an article we're preparing - how many orders were refunded in 2024?")).toContain("status = 'refunded'");
  });
  it('"the most expensive on average" is the highest average of the column the word ranks by', () => {
    expect(sql('which category is the most expensive on average?')).toBe('SELECT category, avg(price) AS avg_price FROM demo.products GROUP BY category ORDER BY avg_price DESC LIMIT 1');
  });
});
