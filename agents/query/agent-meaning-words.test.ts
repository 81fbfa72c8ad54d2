import { describe, expect, it } from 'vitest';
import { refusalWithCode, sql } from '../../test/support/plan-kit.ts';

const refusedNaming = (question: string, word: string): void => {
  const r = refusalWithCode(question);
  expect(r, r ?? sql(question)).toMatch(/^NOT_UNDERSTOOD: /);
  expect(r).toContain(`"${word}`);
};

describe('a figure of the one row a superlative of time names is that row\'s value, never the total (agent-row-value.test.ts)', () => {
  it.each([
    ['latest order revenue', 'argMax(revenue, order_time)'],
    ['revenue of the latest order', 'argMax(revenue, order_time)'],
    ['what was the latest order worth', 'argMax(revenue, order_time)'],
    ['how much was the last order', 'argMax(revenue, order_time)'],
    ['most recent order value', 'argMax(revenue, order_time)'],
    ['value of the newest order', 'argMax(revenue, order_time)'],
    ['revenue of the first order', 'argMin(revenue, order_time)'],
    ['revenue of the latest mobile order', 'argMax(revenue, order_time)'],
  ])('"%s"', (question, expr) => {
    expect(sql(question)).toContain(expr);
    expect(sql(question)).not.toContain('sum(revenue)');
  });

  it('refuses a row whose value no word names', () => {
    refusedNaming('latest signup revenue', 'latest signup');
    expect(refusalWithCode('latest user plan')).toContain('the value of one user');
  });

  it('keeps the time of the last row when asked when, and lists the row itself otherwise', () => {
    expect(sql('when was the latest signup')).toBe("SELECT max(signup_time) AS max_signup_time FROM demo.users WHERE signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('latest signup')).toBe("SELECT user_id, signup_time FROM demo.users WHERE signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC') ORDER BY signup_time DESC, user_id DESC LIMIT 1");
  });
});

describe('"the latest / most recent <unit>" is the last whole unit, as "the last <unit>" and "recent N units" are', () => {
  it.each([
    ['revenue for the latest month', 'revenue last month'],
    ['orders in the most recent week', 'orders last week'],
    ['revenue in the latest week by country', 'revenue last week by country'],
    ['signups in the recent month', 'signups last month'],
  ])('"%s" is "%s"', (question, same) => {
    expect(sql(question)).toBe(sql(same));
  });

  it('is one period, not a series or the busiest week', () => {
    expect(sql('orders in the most recent week')).toBe("SELECT count() AS orders FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')");
  });
});

describe('words that change the meaning are read or refused, never dropped', () => {
  it.each([
    ['current revenue', 'current'],
    ['recent orders', 'recent'],
    ['revenue recently', 'recently'],
    ['orders currently', 'currently'],
    ['new products', 'new'],
    ['old users', 'old'],
    ['latest revenue', 'latest'],
    ['users with one order', '1'],
    ['revenue from one product', '1'],
  ])('"%s" is refused naming "%s"', (question, word) => {
    refusedNaming(question, word);
  });

  it('"not … yet" around a verb is never', () => {
    expect(sql('how many users have not ordered yet')).toBe(sql('how many users never ordered'));
    expect(sql('how many users have not ordered yet')).toContain('NOT IN (SELECT user_id FROM demo.orders');
    expect(refusalWithCode('users who have not purchased yet')).toMatch(/^NOT_UNDERSTOOD: "never"/);
  });

  it('keeps the readings where the word is part of a phrase', () => {
    expect(sql('current month revenue')).toBe(sql('revenue this month'));
    expect(sql('what is our current month revenue')).toBe(sql('revenue this month'));
    expect(sql('revenue in the recent 3 weeks')).toBe(sql('revenue in the last 3 weeks'));
    expect(sql('how many products do we currently have')).toBe('SELECT count() AS products FROM demo.products');
    expect(sql('new users')).toBe('SELECT count() AS signups FROM demo.users');
    expect(sql('new customers last month')).toBe(sql('signups last month'));
    expect(sql('users with at least one order')).toContain('HAVING orders >= 1');
  });

  it('reads the filler words that change nothing as before', () => {
    expect(sql('only mobile orders')).toBe("SELECT count() AS orders FROM demo.orders WHERE status = 'completed' AND device = 'mobile'");
    expect(sql('how many unique buyers have we had, ever?')).toBe("SELECT uniqExact(user_id) AS customers FROM demo.orders WHERE status = 'completed'");
    expect(sql('revenue so far')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed'");
    expect(sql('revenue this year so far')).toBe(sql('revenue this year'));
  });
});
