/**
 * Which messages are raw SQL (run through the guard as written) and which are questions in words: a question that only
 * begins with "select" or "with" is read by the query agent, never rejected as unreadable SQL.
 */
import { describe, expect, it } from 'vitest';
import { isSqlText } from '../../bot/core/answer/index.ts';

describe('isSqlText', () => {
  it('takes SELECT and WITH statements and /sql as SQL', () => {
    for (const t of ['SELECT 1', 'select * from demo.orders', 'select country, sum(revenue) from demo.orders group by country', 'select count() from demo.orders',
      '  (select 1)', 'WITH t AS (SELECT 1) SELECT * FROM t', 'with 5 as x select x', 'select distinct country from demo.users', '/sql select 1']) {
      expect(isSqlText(t), t).toBe(true);
    }
  });

  it('leaves questions that begin with "select" or "with" to the query agent', () => {
    for (const t of ['select the top 5 products by revenue', "with the country slicer set to JP what's the AOV for last month?", 'with mobile only, revenue by day',
      'selected products: revenue by category', 'revenue by country']) {
      expect(isSqlText(t), t).toBe(false);
    }
  });
});
