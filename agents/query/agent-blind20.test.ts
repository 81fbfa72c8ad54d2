/** Mechanisms found by blind20 (test/eval/blind20-score.txt), each with phrasings other than the set's. */
import { describe, expect, it } from 'vitest';
import { refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

const last = (...turns: string[]): string => flat(thread(...turns).at(-1)!);

describe('a chart asked without its kind', () => {
  it('is the previous answer again, with the chart every answer has', () => {
    for (const ask of ['show as chart', 'show it as a chart', 'chart it', 'plot that', 'as a graph', 'visualize it', 'can I see that as a chart?']) {
      expect(last('orders per day last 7 days', ask)).toBe(sql('orders per day last 7 days'));
    }
    expect(refusal('show it as a chart')).not.toBe('answered');
  });
});

describe('follow-ups', () => {
  it('"drop the date filter" clears the period only', () => {
    expect(last('signups by country yesterday', 'drop the date filter')).toBe(sql('signups by country'));
    expect(last('revenue by category on mobile last month', 'without the time range')).toBe(sql('revenue by category on mobile'));
  });

  it('"on the same weekday a week earlier" is that day alone; a comparison word compares both', () => {
    expect(last('DAU yesterday', 'and on the same weekday one week earlier?')).toBe(sql('DAU on 2025-06-22'));
    expect(last('revenue yesterday', 'what about the same day last year?')).toBe(sql('revenue on 2024-06-29'));
    expect(last('orders yesterday', 'compare with the same day a week earlier')).toContain('GROUP BY day');
  });

  it('a filter with the breakdown named again keeps the ranking', () => {
    expect(last('top 5 products by revenue in Q1 of this year', 'only sports products')).toMatch(/o\.category = 'sports'.*LIMIT 5$/);
    // The breakdown named alone is a new view of it: all rows.
    expect(last('top 3 countries by revenue', 'by country')).not.toContain('LIMIT');
  });
});

describe('single questions', () => {
  it('reads "both days included" and dashed ranges of dates as one period', () => {
    const expected = sql('revenue from March 10 to March 20, 2025 inclusive');
    expect(sql('Revenue from March 10 through March 20, 2025, both days included')).toBe(expected);
    expect(sql('revenue march 10 - march 20 2025')).toBe(expected);
    expect(sql('revenue 10 march – 20 march 2025, including both days')).toBe(expected);
  });

  it('ranks by the share of a part in each group when that is what is asked', () => {
    expect(sql('Which country has the highest share of its signups coming from the paid channel?')).toMatch(/AS share FROM demo\.users GROUP BY country ORDER BY share DESC LIMIT 1$/);
  });

  it('counts the people with rows "in both April and May" once, rather than showing each month', () => {
    expect(sql('How many customers bought something in both April and May?')).toBe(
      "SELECT count() AS customers FROM ( SELECT user_id, uniqExact(toStartOfMonth(order_time)) AS distinct_months FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC') GROUP BY user_id HAVING distinct_months >= 2 )");
    // Users counted through their orders, weeks as the periods (this week to date), active users through events.
    expect(sql('how many users ordered in both April and May')).toMatch(/^SELECT count\(\) AS customers FROM \( SELECT user_id, uniqExact\(toStartOfMonth\(order_time\)\)/);
    expect(sql('customers who bought both last week and this week')).toContain("uniqExact(toStartOfWeek(order_time, 1)) AS distinct_weeks FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC') GROUP BY user_id HAVING distinct_weeks >= 2");
    expect(sql('how many users were active in both March and April')).toContain('FROM demo.events WHERE');
    expect(refusal('customers in both April and May by country')).toMatch(/each of the periods: a breakdown of them is not built/);
    expect(sql('orders in April and May')).toContain('GROUP BY month');
    expect(sql('customers in April vs May')).toContain('GROUP BY month');
  });

  it('reads shorthand for days and dollars', () => {
    expect(sql('orders yday')).toBe(sql('orders yesterday'));
    expect(sql('What was the total dollar value of refunded orders last month?')).toBe(sql('total value of refunded orders last month'));
    expect(sql('revenue in dollars by country')).toBe(sql('revenue by country'));
  });

  it('reads "the revenue of the largest single order" as that order\'s revenue, and refuses another column of it', () => {
    expect(sql('What was the revenue of the largest single completed order in May?')).toBe(sql('the largest single order in May by revenue'));
    expect(refusal('what was the quantity of the largest single order')).not.toBe('answered');
  });

  it('takes the period of a context sentence when its filter is a value of the breakdown asked', () => {
    expect(sql("We ran a big paid campaign on May 16, 2025. Break down that day's signups by channel.")).toBe(sql('signups by channel on May 16, 2025'));
    expect(refusal('We ran a big paid campaign on May 16, 2025. How many signups that day?')).not.toBe('answered');
  });
});

describe('a value with its own dimension named after it', () => {
  it('is the value alone ("paid-channel users" are paid users)', () => {
    expect(sql('What was the conversion rate of paid-channel users over the last 7 days?')).toBe(sql('conversion rate of paid users over the last 7 days'));
    expect(sql('revenue from mobile-device customers')).toBe(sql('revenue from mobile customers'));
    expect(sql('orders on the mobile device by channel')).toBe(sql('orders on mobile by channel'));
    // A dimension named after a value of another dimension is a breakdown, as before.
    expect(sql('mobile orders by channel')).toContain('GROUP BY channel');
  });
});

describe('a value named with its dimension before a noun of rows', () => {
  it('keeps "growth plan" a plan where no rows follow it', () => {
    expect(sql('revenue from growth-plan customers last month')).toContain("u.plan = 'growth'");
    expect(sql('revenue growth plan in percent')).toContain("u.plan = 'growth'");
  });
});

describe('a change for every time bucket', () => {
  it('is each bucket against the one before it, the bucket before the first read only as its previous', () => {
    const q = sql('Month-over-month revenue growth in percent for each month from February to May of this year');
    expect(q).toContain('lagInFrame(toNullable(total_revenue)) OVER (ORDER BY month ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS previous');
    expect(q).toContain("order_time >= toDateTime('2025-01-01 00:00:00', 'UTC')");
    expect(q).toContain("WHERE month >= toDate('2025-02-01')");
    expect(q).toContain('100 * if(previous = 0, NULL, total_revenue / previous - 1) AS total_revenue_change_in_percent');
    expect(sql('revenue growth by month this year')).toContain("WHERE month >= toDate('2025-01-01')");
    expect(sql('month over month revenue growth this year')).toBe(sql('revenue growth by month this year'));
    expect(sql('week over week order growth for the last 8 weeks')).toContain('OVER (ORDER BY week ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)');
    expect(sql('MoM revenue growth by country this year')).toContain('OVER (PARTITION BY country ORDER BY month ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)');
  });

  it('stays one change when the period is one unit', () => {
    expect(sql('MoM revenue growth last month')).toBe(sql('revenue growth last month'));
    expect(sql('revenue growth last month')).toContain('argMax(total_revenue, month) - argMin(total_revenue, month)');
  });
});

describe('two adjacent spans of N units compared', () => {
  it('is a row per span, named by its dates', () => {
    const q = sql('Refund rate of mobile orders in the last 10 days versus the 10 days before that, one row per period');
    expect(q).toMatch(/^SELECT multiIf\(order_time >= toDateTime\('2025-06-20 00:00:00', 'UTC'\), '2025-06-20 to 2025-06-29', '2025-06-10 to 2025-06-19'\) AS period, countIf/);
    expect(q).toContain("order_time >= toDateTime('2025-06-10 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')");
    expect(q).toMatch(/GROUP BY period ORDER BY period$/);
    expect(sql('revenue by device, last 14 days compared to the prior 14 days')).toContain("'2025-06-16 to 2025-06-29', '2025-06-02 to 2025-06-15') AS period, device");
  });

  it('is kept through a refinement and dropped with a new period', () => {
    expect(last('orders in the last 10 days vs the 10 days before', 'only mobile')).toContain('AS period');
    expect(last('orders in the last 10 days vs the 10 days before', 'and last month?')).not.toContain('AS period');
  });
});
