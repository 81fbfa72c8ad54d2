import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string): string => agent.plan(question, { now }).sql.replace(/\s+/g, ' ');
const MAY = "order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')";

describe('an amount that rows account for, brought in or made: the amount over those rows', () => {
  it('replaces the default completed status by the status named', () => {
    expect(sql('how much money did refunded orders account for last month?')).toBe(`SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'refunded' AND ${MAY}`);
    expect(sql('money refunded orders brought in last month')).toBe(`SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'refunded' AND ${MAY}`);
    expect(sql('sales that refunded orders accounted for in May')).toContain("status = 'refunded'");
    expect(sql('how much revenue did cancelled orders bring in this year')).toMatch(/^SELECT sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'cancelled'/);
    expect(sql('units sold refunded orders accounted for')).toBe("SELECT sum(quantity) AS units FROM demo.orders WHERE status = 'refunded'");
  });

  it('reads rows named by other columns, and users through the join', () => {
    expect(sql('revenue mobile orders made yesterday')).toMatch(/status = 'completed' AND device = 'mobile'/);
    expect(sql('what revenue did US users on the starter plan generate last month')).toMatch(/INNER JOIN demo\.users AS u .* o\.country = 'US' AND u\.plan = 'starter'/);
  });

  it('keeps "accounts" a noun for users', () => {
    expect(sql('how many new accounts last month')).toMatch(/^SELECT count\(\) AS signups FROM demo\.users/);
    expect(sql('accounts by plan')).toBe('SELECT plan, count() AS users FROM demo.users GROUP BY plan ORDER BY users DESC');
  });
});
