/**
 * "What fraction of customers have placed at least 3 orders?": the share of the entities meeting a condition on their
 * rows is one figure (countIf over the per-entity counts), never one row per entity; "what" before a share word asks
 * the share, it picks no rows to list.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

const PER_CUSTOMER = "FROM ( SELECT user_id, count() AS orders FROM demo.orders WHERE status = 'completed' GROUP BY user_id )";

describe('the share of entities with a repeat condition', () => {
  it('is one figure for "what fraction / share / proportion of customers"', () => {
    expect(sql('What fraction of customers have placed at least 3 orders?')).toBe(`SELECT countIf(orders >= 3) / count() AS share_customers ${PER_CUSTOMER}`);
    expect(sql('what share of customers made more than 2 orders')).toBe(`SELECT countIf(orders > 2) / count() AS share_customers ${PER_CUSTOMER}`);
    expect(sql('what proportion of customers have 5 or more orders')).toBe(`SELECT countIf(orders >= 5) / count() AS share_customers ${PER_CUSTOMER}`);
  });

  it('adds the percent for "what percentage / % of"', () => {
    expect(sql('what percentage of customers ordered at least twice')).toMatch(/^SELECT countIf\(orders >= 2\) \/ count\(\) AS share_customers, 100 \* countIf\(orders >= 2\) \/ count\(\) AS percent FROM \( SELECT user_id/);
    expect(sql('what % of customers placed 2+ orders')).toMatch(/^SELECT countIf\(orders >= 2\) \/ count\(\) AS share_customers, 100 \* /);
    expect(sql('% of users with 2+ orders')).toMatch(/^SELECT countIf\(orders >= 2\) \/ count\(\) AS share_users/);
  });

  it('counts the entities for "how many customers"', () => {
    expect(sql('how many customers ordered more than once')).toBe("SELECT count() AS customers FROM ( SELECT user_id, count() AS orders FROM demo.orders WHERE status = 'completed' GROUP BY user_id HAVING orders > 1 )");
  });

  it('leaves "what share of <figure>" a share of that figure', () => {
    expect(sql('what share of revenue comes from mobile')).toMatch(/sumIf\(revenue, device = 'mobile'\) \/ sum\(revenue\) AS share/);
  });
});
