/**
 * Mechanisms found with blind41 (test/eval/blind41-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind41: wrong answers mended', () => {
  it('"Need units, not orders: …" names the figure not asked; no rows are excluded', () => {
    expect(sql('Need revenue, not orders: total revenue per device last week')).toBe(sql('total revenue per device last week'));
  });
  it('"rank all the countries by …", "all countries ranked by …" is the breakdown, ranked', () => {
    expect(sql('rank all the devices by number of orders this year')).toMatch(/^SELECT device, count\(\) AS orders .* GROUP BY device ORDER BY orders DESC$/);
    expect(sql('all channels ranked by revenue last month, best first')).toMatch(/GROUP BY channel ORDER BY total_revenue DESC$/);
    expect(sql('revenue for all countries by month')).not.toContain('country');
  });
  it('"…? like what fraction of …", "…, i.e. the highest …": the question said again is read as said the second time', () => {
    expect(sql('Whats our mobile share of orders? like what fraction of all completed orders were placed on mobile'))
      .toBe(sql('what fraction of all completed orders were placed on mobile'));
    expect(sql('which device keeps people longest, i.e. the highest average duration_ms on page_view events?')).toMatch(/GROUP BY device ORDER BY avg_duration_ms DESC LIMIT 1$/);
  });
  it('"the total of the revenue column of all refunded orders" keeps the refunded ones; "(all statuses)" still names every status', () => {
    expect(sql('what is the sum of the revenue column of all cancelled orders?')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'cancelled'");
  });
  it('"how many orders were refunded and what was the refund rate" counts the refunded ones beside the rate over every order', () => {
    const q = sql('by device, how many orders were cancelled and what was the cancellation rate?');
    expect(q).toContain("countIf(status = 'cancelled') AS orders_cancelled");
    expect(q).not.toMatch(/WHERE status = 'cancelled'/);
    expect(sql('refund rate of refunded orders')).toContain("WHERE status = 'refunded'");
  });
  it('"limit that to orders from the email channel" filters the answer', () => {
    const [, limited] = thread('revenue by country last month', 'could you restrict that to orders from the social channel?');
    expect(flat(limited)).toBe(sql('revenue by country last month, social channel only'));
  });
  it('"which of those channels brought in the most?" is the one that did', () => {
    expect(flat(thread('orders by device this year', 'which of those devices had the most?')[1])).toMatch(/LIMIT 1$/);
    expect(sql('which of the plans had the most signups last month')).toMatch(/LIMIT 1$/);
  });
  it('"what about checkout events instead of logins?" after distinct users with a login event keeps the figure', () => {
    const [, swapped] = thread('number of distinct users with a login event by device, last 7 days', 'what about checkout events instead of logins?');
    expect(flat(swapped)).toMatch(/^SELECT device, uniqExact\(user_id\) AS active_users .*event_type = 'checkout'/);
  });
});

describe('blind41: chatter left out', () => {
  it('remarks after the question: what someone wants, what is going on, an analogy, what it is for', () => {
    expect(sql('orders per country last week? deciding where to open the next warehouse')).toBe(sql('orders per country last week?'));
    expect(sql('How many signups today so far? Marketing wants a quick pulse')).toBe(sql('How many signups today so far?'));
    expect(sql('refunds per day in the last 10 days? we moved offices on the 22nd')).toBe(sql('refunds per day in the last 10 days?'));
    expect(sql('orders per month last year - like covers per month')).toBe(sql('orders per month last year'));
    expect(sql('signups per day in the last 7 days, for a weekly status report')).toBe(sql('signups per day in the last 7 days'));
    expect(sql('distinct users with a purchase event by device, last 7 days. baseline for fraud rules')).toBe(sql('distinct users with a purchase event by device, last 7 days'));
  });
  it('a remark naming values of the grouping the question asks for', () => {
    expect(sql('Which plan has the most signups? My manager says free, I think it is starter haha')).toBe(sql('Which plan has the most signups?'));
    expect(refusal('revenue by device, I only care about mobile')).not.toBe('answered');
  });
  it('greetings, thanks, hedges and what the asker will do next', () => {
    expect(sql('yo how many orders yesterday')).toBe(sql('how many orders yesterday'));
    expect(sql('Morning. Trying to get a feel for the numbers: what was total revenue last week?')).toBe(sql('what was total revenue last week?'));
    expect(sql('Bonjour, revenue by country last month please, merci')).toBe(sql('revenue by country last month'));
    expect(sql('I would like the refund rate by device, is it possible?')).toBe(sql('the refund rate by device'));
    expect(sql('of the users who signed up in April, how many went on to place an order?')).toBe(sql('of the users who signed up in April, how many placed an order?'));
  });
  it('forms said other ways: business hours with the hours named, each value listed, best sellers, "behind it", "single best day"', () => {
    expect(sql('how many orders last week during business hours, 9am to 5pm')).toBe(sql('how many orders last week between 9am and 5pm'));
    expect(refusal('orders during business hours last month')).toMatch(/did not understand "businesshours"/);
    expect(sql('how many orders had each quantity, 1 through 5?')).toBe(sql('orders by quantity'));
    expect(sql('top 3 best sellers by revenue in May')).toMatch(/^SELECT p\.name AS product, sum\(o\.revenue\)/);
    expect(flat(thread('revenue by device', 'show me the sql behind that')[1])).toBe(flat(thread('revenue by device')[0]));
    expect(sql('what was our single best week ever for orders?')).toMatch(/GROUP BY week ORDER BY orders DESC LIMIT 1$/);
    expect(sql('revenue per category in May, 2 numbers per category please: revenue and orders')).not.toBe('');
  });
  it('"the patch drop" is a noun; "drop the orders table" is still refused', () => {
    expect(sql('sessions per week for the last two full weeks, checking if the price drop moved anything')).toBe(sql('sessions per week for the last two full weeks'));
    expect(refusal('drop the orders table')).toMatch(/only read data/);
  });
});
