/**
 * Mechanisms found with blind52's misses (test/eval/blind52-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);

describe('blind52: percentiles', () => {
  it('"p90", "99th percentile", "percentile 75", "the 95th-percentile" and quantile(0.9)(x) are exact percentiles of the column', () => {
    expect(sql('p90 event duration yesterday')).toContain('quantileExactInclusive(0.9)(duration_ms) AS p90_duration_ms');
    expect(sql('99th percentile of order revenue by country')).toMatch(/SELECT country, quantileExactInclusive\(0\.99\)\(revenue\) AS p99_revenue FROM demo\.orders WHERE status = 'completed' GROUP BY country/);
    expect(sql('percentile 75 of quantity per order')).toContain('quantileExactInclusive(0.75)(quantity)');
    expect(sql('select quantile(0.9)(duration_ms) from events where page = \'/cart\'')).toContain("quantileExactInclusive(0.9)(duration_ms) AS p90_duration_ms FROM demo.events WHERE page = '/cart'");
    expect(sql('p99.9 duration on mobile')).toContain('quantileExactInclusive(0.999)(duration_ms)');
  });

  it('the 50th percentile is the median; a filter of the figure goes into it', () => {
    expect(sql('50th percentile duration of login events')).toBe(sql('median duration of login events'));
    expect(sql('p95 and average duration by page')).toMatch(/quantileExactInclusive\(0\.95\)\(duration_ms\) AS p95_duration_ms, avg\(duration_ms\)/);
  });
});

describe('blind52: half-SQL', () => {
  it('ClickHouse date parts in a GROUP BY are those parts, numbered as ClickHouse numbers them', () => {
    expect(sql('revenue group by toHour(order_time)')).toBe(sql('revenue by hour of day'));
    expect(sql('count of signups group by toDayOfWeek(signup_time)')).toBe(sql('signups by day of week'));
    expect(sql('orders grouped by toMonth(order_time)')).toContain('toMonth(order_time) AS month_of_year');
  });

  it('"order by 2 desc" without a limit sorts every group by the figure', () => {
    expect(sql('count(*) from users group by country order by 2 desc')).toMatch(/GROUP BY country ORDER BY \w+ DESC$/);
    expect(sql('avg(revenue) from orders group by device order by 2 asc')).toMatch(/ORDER BY avg_revenue ASC$/);
  });

  it('a number column by its schema name compares ("quantity_ms" is no column: refused)', () => {
    expect(sql('page views with duration_ms >= 30000 last week')).toContain('duration_ms >= 30000');
    expect(refusal('events where latency_ms > 5')).not.toBe('answered');
  });
});

describe('blind52: breakdowns and short words', () => {
  it('"by day of (the) month" groups by the day number, not by date', () => {
    expect(sql('signups by day of the month')).toContain('toDayOfMonth(signup_time) AS day_of_month');
    expect(sql('signups by day')).toContain('toDate(signup_time) AS day');
  });

  it('"<value> <noun> only" restricts the previous answer as "only <value> <noun>" does', () => {
    expect(last('conversion rate by country last week', 'desktop users only')).toBe(last('conversion rate by country last week', 'only desktop users'));
    expect(last('aov by category', 'referral only please')).toContain("channel = 'referral'");
    // A message with its own parts and "only" further in is not moved.
    expect(sql('revenue by country for mobile only')).toContain("device = 'mobile'");
  });

  it('"abt" is about', () => {
    expect(last('orders yesterday', 'what abt refunds')).toBe(last('orders yesterday', 'what about refunds'));
  });
});
