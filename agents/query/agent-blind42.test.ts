/**
 * Mechanisms found with blind42 (test/eval/blind42-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind42: wrong answers mended', () => {
  it('"users per event type", "users per signup channel": a figure word that begins a dimension\'s name divides nothing', () => {
    expect(sql('how many unique users per event type in May?')).toMatch(/^SELECT event_type, uniqExact\(user_id\) AS active_users FROM demo\.events WHERE .* GROUP BY event_type/);
    expect(sql('count of users per signup channel')).toMatch(/^SELECT channel AS signup_channel, count\(\) AS users FROM demo\.users GROUP BY signup_channel/);
    // A division of two figures is still one.
    expect(sql('refunds per order by device')).toContain("countIf(status = 'refunded') / countIf(status = 'completed')");
  });
  it('"desktop only instead of organic": the filter named after "instead of" goes, though the new value is of another column', () => {
    const [, , p] = thread('orders by country last month', 'only organic channel', 'desktop only instead of organic');
    expect(flat(p)).toContain("device = 'desktop'");
    expect(flat(p)).not.toContain('organic');
    // A value "instead of" one the answer does not keep changes nothing else.
    const [, q] = thread('orders by country last month', 'desktop only instead of organic');
    expect(flat(q)).toContain("device = 'desktop'");
  });
});

describe('blind42: the asker introducing themselves, and softened verbs', () => {
  it('"<role> here", "I\'m a …", "it\'s the …" are who asks, even with a plan or an hour in the job title', () => {
    expect(sql('Enterprise sales lead here. How many signups did we get last week?')).toBe(sql('How many signups did we get last week?'));
    expect(sql('HR intern here, orders by device yesterday')).toBe(sql('orders by device yesterday'));
    expect(sql("hi, I'm a newsroom intern writing about online shopping. total revenue last month?")).toBe(sql('total revenue last month?'));
    expect(sql('hey its the florist again :) revenue this week')).toBe(sql('revenue this week'));
    // Rows named before "here" are not a role: still refused.
    expect(refusal('VIP customers here: revenue last month')).toMatch(/did not understand "vip"/);
  });
  it('"just exploring", "just curious": "just" before a verb limits nothing; "just mobile" still does', () => {
    expect(sql('Just poking around the sandbox :) how many refunds last month?')).toBe(sql('how many refunds last month?'));
    expect(sql('just curious, revenue by channel this year')).toBe(sql('revenue by channel this year'));
    expect(sql('orders last week, just tablet')).toContain("device = 'tablet'");
  });
});

describe('blind42: numbers and verbs that ask nothing more', () => {
  it('"by hour of day (0–23)", "hours 0 to 23": the hours numbered as the answer numbers them', () => {
    expect(sql('signups by hour of day (0–23), last 7 days')).toBe(sql('signups by hour of day, last 7 days'));
    expect(sql('orders per hour, 0 to 23, in May')).toBe(sql('orders per hour in May'));
  });
  it('"by weekday, mon=1 thru sun=7" is the ISO numbering; another numbering is refused', () => {
    expect(sql('refunds by day of week, mon=1 thru sun=7')).toBe(sql('refunds by day of week'));
    expect(refusal('refunds by day of week, sunday=1 thru saturday=7')).toMatch(/1 = Monday/);
  });
  it('"orders that went out", "units shipped", "products that appear in orders": verbs of the rows themselves', () => {
    expect(sql('how many orders went out last week?')).toBe(sql('how many orders last week?'));
    expect(sql('total units shipped in April')).toBe(sql('total units in April'));
    expect(sql('how many distinct products appear in refunded orders?')).toBe(sql('how many distinct products in refunded orders?'));
  });
  it('"X per session on average": a figure per entity is an average already', () => {
    expect(sql('page views per session on average this month')).toBe(sql('page views per session this month'));
    expect(sql('orders per customer, on average, last year')).toBe(sql('orders per customer, last year'));
  });
});
