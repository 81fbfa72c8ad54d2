/**
 * Mechanisms found with blind39 (test/eval/blind39-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind39: wrong answers mended', () => {
  it('"the customer on the phone is user 18" is a call, not the mobile device; the user named is whose rows', () => {
    const q = sql('the caller on the line is user 31 - how many orders has she placed, all statuses?');
    expect(q).toBe('SELECT count() AS all_orders FROM demo.orders WHERE user_id = 31');
  });
  it('"placed an order since then" after a count of signups counts those users, with no period on the orders', () => {
    const [, since] = thread('how many users signed up in April 2025?', 'how many of them placed an order since then?');
    expect(flat(since)).toContain("u.signup_time >= toDateTime('2025-04-01 00:00:00', 'UTC')");
    expect(flat(since)).not.toContain('o.order_time');
  });
  it('"total quantity instead of the average" keeps the rows the average was of', () => {
    const [, , total] = thread('average quantity per device', 'only cancelled orders', 'the total quantity instead of the average');
    expect(flat(total)).toBe("SELECT device, sum(quantity) AS total_quantity FROM demo.orders WHERE status = 'cancelled' GROUP BY device ORDER BY total_quantity DESC");
  });
  it('"what share of refunded orders came via mobile" is the share of the refunded ones that are mobile, not the refund rate on mobile', () => {
    expect(sql('what fraction of cancelled orders came from Germany last month')).toContain("countIf(country = 'DE') / count() AS share FROM demo.orders WHERE status = 'cancelled'");
    // The rate of a value among rows named by another column stays the rate it was.
    expect(sql('what share of mobile orders were refunded')).toContain("countIf(status = 'refunded') / count() AS share FROM demo.orders WHERE device = 'mobile'");
  });
  it('"between A and B, which had the higher …" is the one row of the two', () => {
    expect(sql('between tablet and desktop, which had the lower revenue last month?')).toMatch(/ORDER BY total_revenue ASC LIMIT 1$/);
  });
  it('"which of FR and DE had the most …" weighs the two values and answers the one that wins; "which countries among …" lists them', () => {
    expect(sql('which of FR and DE had the most refunds in May?')).toMatch(/GROUP BY country ORDER BY refunds DESC LIMIT 1$/);
    expect(sql('which countries among US, BR and DE had the highest revenue')).toMatch(/GROUP BY country ORDER BY total_revenue DESC$/);
  });
});

describe('blind39: refusals that are now answers', () => {
  it('"by month as well, keeping the two countries separate" and "as a second measure"', () => {
    const [, , split] = thread('orders for FR and DE last quarter', 'by week too, keeping both countries apart', 'add revenue as another column');
    expect(flat(split)).toContain('GROUP BY week, country');
    expect(flat(split)).toContain('sum(revenue)');
  });
  it('"one week earlier, on <date>" is that date', () => {
    const [, earlier] = thread('orders on 2025-05-20', 'and a day before, on 2025-05-19?');
    expect(flat(earlier)).toContain("order_time >= toDateTime('2025-05-19 00:00:00', 'UTC')");
  });
  it('"sessions that had at least one <value> event" are the sessions with such an event', () => {
    expect(sql('how many sessions had at least one checkout event last week?')).toContain("uniqExact(session_id) AS sessions FROM demo.events WHERE event_type = 'checkout'");
  });
  it('"how much revenue did they bring in?" after a count of signups is the revenue of those users', () => {
    const [, rev] = thread('how many users signed up via referral in May?', 'how much revenue did they bring in?');
    expect(flat(rev)).toContain('sum(o.revenue)');
    expect(flat(rev)).toContain("u.channel = 'referral'");
  });
  it('request labels, new users "acquired", a format note on a share, events "fired", a context said before " - "', () => {
    expect(sql('Ticket #88: the customer with user_id 7 would like to know how many orders they placed')).toContain('user_id = 7');
    expect(sql('new users acquired via social last month')).toContain("FROM demo.users WHERE channel = 'social'");
    expect(sql('what share of refunded orders came in via mobile? a fraction between 0 and 1 is fine')).toContain("countIf(device = 'mobile') / count() AS share FROM demo.orders WHERE status = 'refunded'");
    expect(sql('how many users triggered a login event yesterday')).toContain("event_type = 'login'");
    expect(sql('we had an outage on 12 June 2025 - how many checkout events happened that day?')).toContain("event_time >= toDateTime('2025-06-12 00:00:00', 'UTC')");
  });
});
