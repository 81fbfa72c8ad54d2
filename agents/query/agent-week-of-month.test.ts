/** "the first week of June": seven days of a named month counted from its first day; the last week is its last seven. */
import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

const between = (from: string, to: string): string => `order_time >= toDateTime('${from} 00:00:00', 'UTC') AND order_time < toDateTime('${to} 00:00:00', 'UTC')`;

describe('the Nth week of a month', () => {
  it('counts seven days from the 1st, 8th, 15th or 22nd', () => {
    expect(sql('revenue by device for the first week of June')).toContain(between('2025-06-01', '2025-06-08'));
    expect(sql('orders 2nd week of april 2025')).toContain(between('2025-04-08', '2025-04-15'));
    expect(sql('revenue during the third week of feb')).toContain(between('2025-02-15', '2025-02-22'));
    expect(sql('orders in the fourth week of march')).toContain(between('2025-03-22', '2025-03-29'));
  });

  it('the last week of a month is its last seven days', () => {
    expect(sql('orders in the last week of May')).toContain(between('2025-05-25', '2025-06-01'));
    expect(sql('orders in the final week of february')).toContain(between('2025-02-22', '2025-03-01'));
  });

  it('reads days restated after it, and refuses days the month does not have', () => {
    expect(sql('revenue by device for the first week of June (1st to 7th)')).toBe(sql('revenue by device for the first week of June'));
    expect(sql('revenue in the first week of june (2nd to 8th)')).toContain(between('2025-06-02', '2025-06-09'));
    expect(refusal('orders first week of june (2nd to 40th)')).not.toBe('answered');
  });

  it('leaves "last week" and other weeks alone', () => {
    expect(sql('orders last week')).toContain(between('2025-06-23', '2025-06-30'));
    expect(sql('revenue from january 1 through march 31 this year')).toContain("order_time >= toDateTime('2025-01-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-04-01 00:00:00', 'UTC')");
  });
});
