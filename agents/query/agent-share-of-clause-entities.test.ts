/**
 * "Of the users who signed up in March, what fraction have placed an order": the share's whole is the clause's
 * entities (users with no order too), never the share of those users' order rows; a count per entity ("… have
 * ordered at least twice") over them is not the entities' rows limited by the clause's period. The share is built now
 * (entity-sets.ts, agent-entity-sets.test.ts); the count per entity and a share with no rows of another table are
 * still refused; a share of a figure from those users is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

describe('a share or per-entity count over a relative clause\'s entities', () => {
  // The share of clause entities with rows of another table is built now (agent-entity-sets.test.ts); these stay refused.
  it('refuses the share of clause entities, never a share of rows', () => {
    for (const q of [
      'what % of the users who registered last month have ordered',
      'what fraction of users who signed up in March have ordered at least twice',
    ]) expect(refusal(q), q).not.toBe('answered');
  });

  it('refuses a per-entity repeat count over clause entities rather than filtering their orders by the period', () => {
    expect(refusal('how many users who signed up in March have ordered at least twice')).toMatch(/figure per user/);
  });

  it('keeps a figure of those users\' rows and the count of the users', () => {
    expect(sql('revenue from users who signed up in March')).toMatch(/INNER JOIN demo\.users AS u .* u\.signup_time >= toDateTime\('2025-03-01/);
    expect(sql('how many users who signed up in March')).toMatch(/^SELECT count\(\) AS users FROM demo\.users WHERE signup_time >= /);
  });
});
