/** Mechanisms found by blind21 (test/eval/blind21-score.txt), each with phrasings other than the set's. */
import { describe, expect, it } from 'vitest';
import { refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

const last = (...turns: string[]): string => flat(thread(...turns).at(-1)!);
const FIRST_WEEK_OF_JUNE = "order_time >= toDateTime('2025-06-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-08 00:00:00', 'UTC')";

describe('two days with their months joined by a range word', () => {
  it('"June 1 through June 7", "June 1 to June 7", "1 june thru 7 june" are the days from the first to the last, both included', () => {
    for (const q of ['daily revenue June 1 through June 7', 'daily revenue June 1 to June 7', 'daily revenue 1 june thru 7 june', 'daily revenue june 1st until june 7th']) {
      expect(sql(q)).toContain(FIRST_WEEK_OF_JUNE);
    }
  });
  it('after "compare" the two days are compared, not read as one range', () => {
    const q = 'compare June 1 to June 7 revenue';
    expect(refusal(q) === 'answered' ? sql(q) : 'refused').not.toContain(FIRST_WEEK_OF_JUNE);
  });
});

describe('values of a column compared with counts of its other values', () => {
  it('"completed vs refunded orders": the orders of both statuses, a row each', () => {
    expect(sql('completed vs refunded orders in May')).toBe(
      "SELECT status, count() AS orders FROM demo.orders WHERE status IN ('completed', 'refunded') AND order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC') GROUP BY status ORDER BY orders DESC");
  });
  it('three of them, "order counts", and in either order', () => {
    expect(sql('completed vs refunded vs cancelled order counts last week')).toContain("WHERE status IN ('completed', 'refunded', 'cancelled')");
    expect(sql('refunded vs cancelled orders last week')).toContain("GROUP BY status");
    expect(sql('compare completed and refunded orders')).toBe("SELECT status, count() AS orders FROM demo.orders WHERE status IN ('completed', 'refunded') GROUP BY status ORDER BY orders DESC");
  });
  it('counts of values of another column keep their own figures', () => {
    expect(sql('refunds vs cancellations')).toBe("SELECT countIf(status = 'refunded') AS refunds, countIf(status = 'cancelled') AS cancellations FROM demo.orders");
    expect(sql('mobile vs desktop refunds')).toContain("WHERE status = 'refunded' AND device IN ('mobile', 'desktop') GROUP BY device");
  });
});

describe('"new one" at the start of a message', () => {
  it('asks afresh: nothing of the thread is kept', () => {
    for (const marker of ['ok new one -', 'new one:', 'another one,', 'a different one.']) {
      expect(last('revenue by country', 'only mobile', `${marker} what was total revenue last month?`)).toBe(sql('total revenue last month'));
    }
  });
  it('"new users" is still a figure', () => {
    expect(last('revenue by country', 'new users last week')).toContain('FROM demo.users');
  });
});

describe('"never bought anything"', () => {
  it('counts the users with no completed order, as "never placed an order" does', () => {
    const expected = sql('how many users have never placed an order?');
    expect(expected).toBe("SELECT count() AS users FROM demo.users WHERE user_id NOT IN (SELECT user_id FROM demo.orders WHERE status = 'completed')");
    expect(sql('how many users have never bought anything?')).toBe(expected);
    expect(sql('users who never bought')).toBe(expected);
  });
  it('a "never" with nothing to have none of is still refused', () => {
    expect(refusal('how many users never did anything')).not.toBe('answered');
  });
});
