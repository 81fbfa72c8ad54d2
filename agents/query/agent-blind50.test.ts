/**
 * Mechanisms found with blind50 (test/eval/blind50-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);

describe('blind50: periods', () => {
  it('a year named by its number is the calendar year as written; "so far" and "this year" end now', () => {
    expect(sql('signups per month in 2025')).toContain("signup_time < toDateTime('2026-01-01 00:00:00', 'UTC')");
    expect(sql('signups per month in 2025 so far')).toContain("signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('signups per month this year')).toContain("signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('refunds in June')).toContain("<= toDateTime('2025-06-30 18:00:00', 'UTC')");
  });

  it('two months next to each other "together" are one period', () => {
    expect(sql('average order value per device for march and april 2025 combined')).toBe(sql('average order value per device from march 2025 to april 2025'));
  });

  it('"the day before, the 9 June": the date said again', () => {
    expect(last('orders on 20 June 2025', 'and on the day before, the 19 June?')).toBe(sql('orders on 19 June 2025'));
  });

  it('"for a wow comparison" after the period named asks nothing more', () => {
    expect(last('orders by device, last 7 days', 'now the 7 days before that, for a week-over-week comparison')).toBe(last('orders by device, last 7 days', 'now the 7 days before that'));
  });
});

describe('blind50: before and after a period', () => {
  it('"before <period>" is every time before it starts, "after <period>" after it ends — never the period itself', () => {
    expect(sql('signups before April 2025')).toContain("signup_time < toDateTime('2025-04-01 00:00:00', 'UTC')");
    expect(sql('signups before April 2025')).not.toContain("2025-05-01");
    expect(sql('orders after April 2025')).toContain("order_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
    expect(sql('refunds before 2025')).toContain("< toDateTime('2025-01-01 00:00:00', 'UTC')");
    expect(last('weekly active users this year', 'only users who signed up before 2025')).toContain("u.signup_time < toDateTime('2025-01-01 00:00:00', 'UTC')");
    expect(sql('revenue the day before yesterday')).toBe(sql('revenue on 2025-06-28'));
  });
});

describe('blind50: refinements', () => {
  it('"single value" after a series collapses it', () => {
    expect(last('daily signups for the last 4 days', 'and the total across those 4 days, as a single number')).toBe(sql('signups in the last 4 days'));
  });

  it('a comparison no row could meet with the kept one replaces it', () => {
    expect(last('orders by device for products priced over $50', 'and for products priced $50 or less')).toBe(sql('orders by device for products priced $50 or less'));
    expect(last('orders by device for products priced over $50', 'only those with a price under $80')).toContain('p.price > 50 AND p.price < 80');
  });

  it('"the best one in <value>" after the top row ranks again within it; "that <value> <noun>" is that row', () => {
    expect(last('top product by units last month', 'and the best one in books only')).toBe(last('top product by units last month', 'and the top 1 in books only'));
    expect(last('top product by units last month', 'and the best one in books only', 'how much revenue did that books product make last month')).toContain('p.name IN (SELECT product FROM');
  });

  it('"only counting <rows>" narrows the rows of a roll-up; with no answer before it, it is refused', () => {
    expect(last('customers with 3+ completed orders by country', 'only counting orders from last month')).toContain('HAVING orders >= 3');
    expect(refusal('only counting orders from last month')).toMatch(/no answer before it/);
  });

  it('"the rate" names the rate answered before; "strongest", "alone"', () => {
    expect(last('refund rate by category last month', 'only the 2 categories with the highest rate')).toBe(sql('top 2 categories by refund rate last month'));
    expect(last('revenue by month this year', 'for Germany alone')).toBe(sql('revenue by month this year in Germany'));
    expect(last('revenue by month this year in Germany', 'which month was the strongest?')).toContain('ORDER BY total_revenue DESC LIMIT 1');
  });
});

describe('blind50: the two periods of a thread', () => {
  it('"in both of those months" after two months is in both, written out', () => {
    expect(last('how many customers did we have in March 2025?', 'and in the month before that?', 'how many customers ordered in both of those months?'))
      .toBe(sql('how many customers ordered in both February 2025 and March 2025?'));
  });
});

describe('blind50: values named one after another', () => {
  it('"all three side by side" joins every value the thread named; "both" the last two', () => {
    expect(last('orders from FR last month', 'what about DE', 'and GB', 'all three side by side please')).toContain("country IN ('FR', 'DE', 'GB')");
    expect(last('orders from FR last month', 'what about DE', 'and GB', 'both side by side')).toContain("country IN ('DE', 'GB')");
  });
});

describe('blind50: how many of those signups', () => {
  it('"how many of those <period> signups have ever placed …" is the cohort; after a split, only as one number', () => {
    expect(last('signups in April 2025', 'how many of those april signups have ever placed a completed order?')).toBe(last('signups in April 2025', 'how many of them also placed an order?'));
    expect(last('signups by plan in April 2025', 'how many of those april signups have ever placed a completed order, in total?')).toBe(last('signups in April 2025', 'how many of them also placed an order?'));
    const split = (() => { try { thread('signups by plan in April 2025', 'how many of them have ever placed a completed order?'); return 'answered'; } catch (e) { return (e as Error).message; } })();
    expect(split).toMatch(/split by plan/);
  });
});

describe('blind50: words', () => {
  it('a remark "that was …" after the question, who a customer is said again', () => {
    expect(sql('orders by device on june 10 2025, that was the outage day')).toBe(sql('orders by device on june 10 2025'));
    expect(sql('how many distinct customers did we have in April 2025, counting everyone who placed a completed order in that period?')).toBe(sql('how many distinct customers did we have in April 2025?'));
  });

  it('a year said aloud, "sellers"', () => {
    expect(sql('orders in april twenty twenty five')).toBe(sql('orders in april 2025'));
    expect(sql('top 3 sellers by revenue last week')).toBe(sql('top 3 products by revenue last week'));
  });

  it('half-SQL: order by a position past the grouped columns, a join the model declares, table.column, uniq', () => {
    expect(sql("sum(quantity) where device = 'mobile' group by category order by 2 desc limit 3")).toMatch(/device = 'mobile' GROUP BY category ORDER BY total_quantity DESC LIMIT 3$/);
    // A position among the grouped columns is not read as the figure.
    expect(refusal("sum(quantity) group by category, device order by 2 desc limit 3")).toMatch(/did not understand "2"/);
    expect(sql('orders join users on user_id, count completed orders group by users.country')).toBe(sql('completed orders by country'));
    expect(sql('uniq users group by day for last week')).toBe(sql('distinct users by day last week'));
  });
});
