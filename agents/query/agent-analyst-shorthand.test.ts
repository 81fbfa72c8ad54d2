/**
 * Analysts' shorthand with one reading is written out before parsing (words.ts ANALYST_SHORTHAND): "lm" = last month,
 * "lw" = last week, "conv" = conversion; "ytd" / "mtd" are this year / month to date (time-phrases.ts).
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

const LAST_MONTH = "order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')";

describe('analyst shorthand', () => {
  it('reads lm / lw as last month / last week', () => {
    expect(sql('orders by device lm')).toBe(sql('orders by device last month'));
    expect(sql('aov lm')).toContain(LAST_MONTH);
    expect(sql('units sold lw')).toBe(sql('units sold last week'));
  });

  it('reads conv rate as the conversion rate', () => {
    expect(sql('conv rate by channel lw')).toBe(sql('conversion rate by channel last week'));
  });

  it('reads # buyers as the number of buyers', () => {
    expect(sql('# buyers lm')).toBe(sql('number of buyers last month'));
  });

  it('reads ytd / mtd as this year / month to date', () => {
    expect(sql('refunds ytd')).toContain("order_time >= toDateTime('2025-01-01 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('signups mtd')).toContain("signup_time >= toDateTime('2025-06-01 00:00:00', 'UTC')");
  });
});
