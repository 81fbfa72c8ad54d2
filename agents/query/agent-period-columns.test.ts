/** Compared periods as columns of one row ("side by side in one row", "as columns"): compile-series.ts compilePeriodColumns. */
import { describe, expect, it } from 'vitest';
import { agent, now, refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

describe('compared periods as columns of one row', () => {
  it('puts each period in a column of its own, earliest first', () => {
    const q = sql("Give me last week's orders and the week before's, side by side in one row.");
    expect(q).toMatch(/^SELECT ifNull\(anyIfOrNull\(orders, week = toDate\('2025-06-16'\)\), 0\) AS orders_2025_06_16, ifNull\(anyIfOrNull\(orders, week = toDate\('2025-06-23'\)\), 0\) AS orders_2025_06_23 FROM \(/);
    // The inner query is the comparison as it is answered a row per week.
    expect(q).toContain(sql("last week's orders and the week before's").replace(/ ORDER BY week$/, ''));
    const plan = agent.plan('revenue this month vs last month as columns', { now });
    expect(plan.columns.map((c) => c.displayName)).toEqual(['Revenue, month of 2025-05-01', 'Revenue, month of 2025-06-01']);
  });

  it('keeps a breakdown as rows, and leaves a rate empty where a period has no rows', () => {
    const q = sql('refund rate by device, yesterday vs the same day last week, as columns');
    expect(q).toMatch(/^SELECT device, anyIfOrNull\(refund_rate, day = toDate\('2025-06-22'\)\) AS refund_rate_2025_06_22, anyIfOrNull\(refund_rate, day = toDate\('2025-06-29'\)\) AS refund_rate_2025_06_29 FROM/);
    expect(q).toMatch(/GROUP BY device ORDER BY device$/);
  });

  it('holds through a refinement', () => {
    const [, second] = thread('orders this week vs last week in one row', 'only mobile');
    expect(flat(second)).toContain("anyIfOrNull(orders, week = toDate('2025-06-23'))");
    expect(flat(second)).toContain("device = 'mobile'");
  });

  it('is refused, never shown another way, when there are no compared periods to make columns of', () => {
    for (const q of ['revenue weekends vs weekdays in one row', 'revenue by country in one row', 'revenue by day last month as columns']) {
      expect(refusal(q)).toMatch(/columns of one row/);
    }
  });
});
