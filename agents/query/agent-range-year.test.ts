/**
 * A range of dates and its year: "from January 1 through March 31 this year" (the end day included), "… last year",
 * "… in 2024"; a year written on one end is the other end's year too ("from january to march 2024").
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

const range = (from: string, to: string): string => `order_time >= toDateTime('${from} 00:00:00', 'UTC') AND order_time < toDateTime('${to} 00:00:00', 'UTC')`;

describe('a range of dates with a relative year after it', () => {
  it('reads "this year" / "last year" / "in <year>" as the year of both ends', () => {
    expect(sql('Total revenue from January 1 through March 31 this year')).toBe(`SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND ${range('2025-01-01', '2025-04-01')}`);
    expect(sql('revenue from jan 1 until mar 31 this year')).toContain(range('2025-01-01', '2025-04-01'));
    expect(sql('orders from March 1 through March 15 last year')).toContain(range('2024-03-01', '2024-03-16'));
    expect(sql('orders june 1-15 last year')).toContain(range('2024-06-01', '2024-06-16'));
    expect(sql('revenue from jan to mar of last year')).toContain(range('2024-01-01', '2024-04-01'));
    expect(sql('revenue from jan 1 to mar 31 in 2024')).toContain(range('2024-01-01', '2024-04-01'));
  });
});

describe('a year written on one end of a range', () => {
  it('is the year of the other end (never a range across the years between)', () => {
    expect(sql('revenue from January 1 through March 31 2024')).toContain(range('2024-01-01', '2024-04-01'));
    expect(sql('revenue between Jan 1 and Mar 31, 2024')).toContain(range('2024-01-01', '2024-04-01'));
    expect(sql('revenue from january to march 2024')).toContain(range('2024-01-01', '2024-04-01'));
    expect(sql('revenue from june 1 to 15 2024')).toContain(range('2024-06-01', '2024-06-16'));
  });

  it('puts the first end in the year before when it comes later in the calendar', () => {
    expect(sql('orders from december 1 to january 31 2025')).toContain(range('2024-12-01', '2025-02-01'));
    expect(sql('orders from november to february 2025')).toContain(range('2024-11-01', '2025-03-01'));
  });
});
