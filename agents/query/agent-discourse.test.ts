/** Verbs that name an event, topic-change markers, typos of time words, unit asides, per-entity averages, two days, one row's maximum. */
import { describe, expect, it } from 'vitest';
import { agent, now, thread, flat, sql } from '../../test/support/plan-kit.ts';


describe('a verb the model declares names its event for who did it', () => {
  it('"users viewed the pricing page" counts users with a page_view there', () => {
    const s = sql('how many unique users viewed the pricing page last week');
    expect(s).toContain("event_type = 'page_view'");
    expect(s).toContain("page = '/pricing'");
    expect(s).toMatch(/^SELECT uniqExact\(user_id\) AS active_users FROM demo\.events/);
  });
  it('a filler object between the words of the verb is skipped', () => {
    expect(sql('how many users added something to cart yesterday?')).toContain("event_type = 'add_to_cart'");
  });
  it('"how many purchased?" after a count of users replaces its event and keeps its period', () => {
    const [, p] = thread('how many users hit checkout last week', 'and how many purchased?');
    expect(flat(p)).toContain("event_type = 'purchase'");
    expect(flat(p)).not.toContain("'checkout'");
    expect(flat(p)).toContain("toDateTime('2025-06-23 00:00:00', 'UTC')");
  });
  it('after another subject, or with an object of another table, the verb keeps its figure', () => {
    expect(sql('how many distinct customers bought something in the last 30 days')).toMatch(/AS customers FROM demo\.orders/);
    expect(sql('how many users bought electronics')).toContain("FROM demo.orders WHERE status = 'completed' AND category = 'electronics'");
    expect(sql('how many users signed up yesterday')).toContain('FROM demo.users');
  });
});

describe('a topic-change marker at the start resets the thread and is otherwise nothing', () => {
  for (const marker of ['new topic -', 'unrelated,', 'switching gears:', 'different question:', 'another thing,', 'btw', 'separately,']) {
    it(`"${marker}"`, () => {
      const [, p, q] = thread('revenue from the paid channel in the last 7 days', `${marker} how many signups did we get yesterday?`, 'by country');
      expect(flat(p)).toMatch(/^SELECT count\(\) AS signups FROM demo\.users WHERE signup_time/);
      expect(flat(q)).not.toContain("'paid'");
    });
  }
});

describe('small words around a figure', () => {
  it('a time word with two letters swapped is that word', () => {
    expect(sql('revenue vietnam vs singapore thsi year')).toContain("toDateTime('2025-01-01 00:00:00', 'UTC')");
  });
  it('the unit the model already uses is an aside; another time unit converts the duration; another unit is not understood', () => {
    expect(sql('avg event duration on the /pricing page, in ms')).toBe("SELECT avg(duration_ms) AS avg_duration_ms FROM demo.events WHERE page = '/pricing'");
    expect(sql('avg duration in seconds')).toBe('SELECT avg(duration_ms) / 1000 AS avg_duration_s FROM demo.events');
    expect(() => agent.plan('avg duration in euros', { now })).toThrow(/euros/);
  });
  it('"how many orders does a customer place on avg" is the average number of orders per customer', () => {
    expect(sql('how many orders does a customer place on avg?')).toBe(sql('average number of orders per customer'));
  });
  it('two days joined by "and" are compared day by day', () => {
    const s = sql('compare revenue on june 9 and june 10');
    expect(s).toContain('GROUP BY day');
    expect(s).toContain("toDateTime('2025-06-09 00:00:00', 'UTC')");
    expect(s).toContain("toDateTime('2025-06-11 00:00:00', 'UTC')");
  });
  it('"number of purchase events by channel" groups those events; "number of channels" counts the channels', () => {
    expect(sql('number of purchase events by channel last month')).toMatch(/^SELECT channel, count\(\) AS events FROM demo\.events WHERE event_type = 'purchase'/);
    expect(sql('number of channels')).toContain('uniqExact(channel)');
  });
  it('the biggest single order by revenue is the largest order value, not the total', () => {
    expect(sql("what's the biggest single order we've ever had, by revenue?")).toBe("SELECT max(revenue) AS max_revenue FROM demo.orders WHERE status = 'completed'");
    expect(sql('smallest order by quantity')).toMatch(/^SELECT order_id, order_time, quantity .*ORDER BY quantity ASC, order_id ASC LIMIT 1$/);
  });
});
