/**
 * Entities picked by which rows they have (entity-sets.ts): users of one event with or without another, counted per
 * user (GROUP BY user_id HAVING countIf(…) > 0 AND countIf(…) = 0), or the share of them that also did the second;
 * and the share of a relative clause's entities that some row of another table refers to (user_id IN (SELECT …)).
 */
import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

const YESTERDAY = "event_time >= toDateTime('2025-06-29 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-30 00:00:00', 'UTC')";
const LAST_WEEK = "event_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-30 00:00:00', 'UTC')";
const MARCH = "signup_time >= toDateTime('2025-03-01 00:00:00', 'UTC') AND signup_time < toDateTime('2025-04-01 00:00:00', 'UTC')";
const pair = (where: string, first: string, second: string, has: boolean): string =>
  `SELECT count() AS active_users FROM ( SELECT user_id FROM demo.events ${where ? `WHERE ${where} ` : ''}GROUP BY user_id HAVING countIf(event_type = '${first}') > 0 AND countIf(event_type = '${second}') ${has ? '> 0' : '= 0'} )`;

describe('users of one event with or without another', () => {
  it.each([
    ["how many users added something to cart yesterday but didn't buy?", YESTERDAY, 'add_to_cart', 'purchase', false],
    ['how many users added to cart yesterday but did not purchase', YESTERDAY, 'add_to_cart', 'purchase', false],
    ['users who added to cart but never purchased', '', 'add_to_cart', 'purchase', false],
    ['how many users logged in last week but never checked out', LAST_WEEK, 'login', 'checkout', false],
    ['how many users added to cart last week and also purchased', LAST_WEEK, 'add_to_cart', 'purchase', true],
    ["how many users added to cart on mobile last week but didn't buy", `device = 'mobile' AND ${LAST_WEEK}`, 'add_to_cart', 'purchase', false],
  ] as const)('"%s"', (q, where, first, second, has) => {
    expect(sql(q)).toBe(pair(where, first, second, has));
  });

  it('the share of the first event\'s users that also did the second', () => {
    expect(sql('of the users who added to cart last week, what share also purchased')).toBe(
      `SELECT countIf(second_event) / count() AS share FROM ( SELECT user_id, countIf(event_type = 'purchase') > 0 AS second_event FROM demo.events WHERE ${LAST_WEEK} GROUP BY user_id HAVING countIf(event_type = 'add_to_cart') > 0 )`);
  });

  it('refuses what the per-user sets cannot hold', () => {
    expect(refusal("how many users added to cart yesterday but didn't buy by device")).toMatch(/breakdown by device/);
    expect(refusal('users who viewed the pricing page then purchased')).not.toBe('answered');
    expect(refusal("how many customers added to cart but didn't buy")).not.toBe('answered');
  });
});

describe('the share of a clause\'s entities with rows of another table', () => {
  const completed = (extra = ''): string => `SELECT countIf(user_id IN (SELECT user_id FROM demo.orders WHERE status = 'completed'${extra})) / count() AS share FROM demo.users WHERE ${MARCH}`;
  it.each([
    'of the users who signed up in March, what fraction have ever placed a completed order?',
    'what fraction of users who signed up in March placed an order',
    'of the users who signed up in march, what share have placed an order',
  ])('"%s"', (q) => {
    expect(sql(q)).toBe(completed());
  });

  it('the rows\' own filters and period go into the subquery', () => {
    expect(sql('of the users who signed up in march, what share placed a mobile order in april')).toBe(completed(
      " AND device = 'mobile' AND order_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-05-01 00:00:00', 'UTC')"));
    expect(sql('of the users who signed up in March, what fraction placed a tablet order')).toBe(completed(" AND device = 'tablet'"));
  });

  it('a share of those users with rows of one value is not the rate among their rows', () => {
    expect(sql('of the users who signed up in March, what fraction have a refunded order')).toBe(
      `SELECT countIf(user_id IN (SELECT user_id FROM demo.orders WHERE status = 'refunded')) / count() AS share FROM demo.users WHERE ${MARCH}`);
    expect(sql('refund rate of users who signed up in March')).toContain('AS refund_rate FROM demo.orders AS o INNER JOIN demo.users');
    expect(sql('refunds from users who signed up in March as a percentage')).toContain("AS refund_rate, 100 * countIf(o.status = 'refunded') / count() AS percent FROM demo.orders AS o INNER JOIN demo.users");
  });

  it('a percentage asked adds the percent', () => {
    expect(sql('of the users who signed up in March, what percentage placed an order')).toContain(' AS share, 100 * countIf(');
  });

  it('refuses a filter the users have too, or a breakdown', () => {
    expect(refusal('of the users who signed up in March, what fraction placed an order from Germany')).not.toBe('answered');
    expect(refusal('of the users who signed up in March, what fraction placed an order, by device')).not.toBe('answered');
  });
});
