/** The share of entities with at least one row of something is the share with one ("at least one" = "a" there). */
import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

describe('a share of entities with at least one row', () => {
  it('reads "at least one" as "a"', () => {
    expect(sql('Of the users who signed up in the last 90 days, what fraction have placed at least one completed order?'))
      .toBe(sql('Of the users who signed up in the last 90 days, what fraction have placed a completed order?'));
    expect(sql('what share of users who signed up in May have one or more orders')).toContain('countIf(user_id IN (SELECT user_id FROM demo.orders');
  });

  it('leaves "at least one" a count condition elsewhere', () => {
    expect(sql('how many users have at least one order')).toContain('HAVING orders >= 1');
  });
});
