/**
 * "regardless of <dimension>" and its kin ask over every value of the dimension, with no breakdown by it: a
 * dimension its table filters by default (an order's status) has every value included; any other is no filter.
 */
import { describe, expect, it } from 'vitest';
import { refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

describe('regardless of a dimension', () => {
  it('includes every value of a default-filtered column, with no breakdown by it', () => {
    expect(sql('total value of all orders last month, regardless of status')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status IN ('completed', 'refunded', 'cancelled') AND order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
    expect(sql('revenue by device irrespective of order status')).toBe(sql('revenue by device including everything'));
    expect(sql('average order value no matter the status')).toBe(sql('aov including everything'));
    expect(sql('revenue by month, whatever the status')).not.toMatch(/GROUP BY .*status/);
  });

  it('is no filter and no breakdown on any other dimension', () => {
    expect(sql('orders last week no matter the device')).toBe(sql('orders last week'));
    expect(sql('signups regardless of channel in May')).toBe(sql('signups in May'));
  });

  it('leaves the words alone when no dimension follows', () => {
    expect(refusal('revenue regardless of the weather')).toMatch(/weather/);
  });

  it('works in a follow-up, keeping the breakdown and period', () => {
    const [, second] = thread('revenue by country last month', 'same but regardless of status');
    expect(flat(second)).toContain("status IN ('completed', 'refunded', 'cancelled')");
    expect(flat(second)).toContain('GROUP BY country');
  });
});
