import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string): string => agent.plan(question, { now }).sql.replace(/\s+/g, ' ');
const JOIN = 'FROM demo.orders AS o INNER JOIN demo.users AS u ON o.user_id = u.user_id';

describe('a figure after a value of its own, over the rows of users named after a preposition', () => {
  it('filters the figure by its own value and the users by theirs, through the join', () => {
    expect(sql('US revenue from users on the starter plan')).toBe(`SELECT sum(o.revenue) AS total_revenue ${JOIN} WHERE o.status = 'completed' AND o.country = 'US' AND u.plan = 'starter'`);
    expect(sql('German revenue from users on the growth plan')).toContain("o.country = 'DE' AND u.plan = 'growth'");
    expect(sql('mobile orders from users on the enterprise plan')).toBe(`SELECT count() AS orders ${JOIN} WHERE o.status = 'completed' AND o.device = 'mobile' AND u.plan = 'enterprise'`);
    expect(sql('US active users among users on the free plan')).toMatch(/FROM demo\.events AS e INNER JOIN demo\.users AS u .* WHERE e\.country = 'US' AND u\.plan = 'free'/);
  });

  it('reads the other forms of the same clause the same way', () => {
    expect(sql('US revenue from starter users')).toContain("o.country = 'US' AND u.plan = 'starter'");
    expect(sql('revenue from users on the starter plan by country')).toMatch(/^SELECT o\.country AS country, sum\(o\.revenue\) .* u\.plan = 'starter' GROUP BY country/);
    // Orders carry the user's country and channel: the figure's own columns give the same rows.
    expect(sql('US revenue from users who came via paid')).toContain("country = 'US' AND channel = 'paid'");
  });

  it('still refuses two figures of different tables joined by "and" when the first one\'s value cannot apply to the second', () => {
    expect(() => agent.plan('mobile revenue and US users', { now })).toThrow(/"US users" beside "revenue"/);
  });
});
