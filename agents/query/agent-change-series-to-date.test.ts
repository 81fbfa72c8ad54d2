/**
 * A change for every bucket whose last bucket is still running (this month to date): that bucket is compared with the
 * same elapsed part of the one before (issue 13, point 2: like with like), every other bucket with the whole one.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

describe('a growth series ending now', () => {
  it('compares the month to date with the same days of the month before, and says so in the title', () => {
    const s = sql('month over month revenue growth this year');
    expect(s).toContain("if(month = toDate('2025-06-01'), previous_to_date, previous_whole) AS previous");
    // The to-date series: each month cut at the seconds of June that have passed (29.75 days at 2025-06-30 18:00).
    expect(s).toContain("AND dateDiff('second', toStartOfMonth(order_time), order_time) <= 2570400 GROUP BY month");
    expect(s).toContain('LEFT JOIN');
  });
  it('partitions by the breakdown, weeks too', () => {
    expect(sql('month over month revenue growth by device this year')).toContain('ON f.month = t.month AND f.device = t.device');
    expect(sql('week over week growth in orders since May 1')).toContain("if(week = toDate('2025-06-30'), previous_to_date, previous_whole)");
  });
  it('a series of whole buckets compares whole buckets', () => {
    const s = sql('monthly revenue growth from February to May');
    expect(s).not.toContain('previous_to_date');
    expect(s).toContain('lagInFrame(toNullable(total_revenue))');
  });
});
