/**
 * One year named for two quarters or months compared ("Q1 vs Q2 revenue this year") is each one's; a bare "may" is
 * the month where the verb cannot be (at the end, before a comparison word).
 */
import { describe, expect, it } from 'vitest';
import { sql, thread, flat } from '../../test/support/plan-kit.ts';

describe('a year for two periods compared', () => {
  it('applies to both quarters, wherever it is written', () => {
    expect(sql('Q1 vs Q2 revenue this year')).toBe(sql('revenue q1 2025 vs q2 2025'));
    expect(sql('first quarter vs second quarter orders this year')).toBe(sql('orders q1 2025 vs q2 2025'));
    expect(sql('revenue q1 vs q2 last year')).toContain("order_time >= toDateTime('2024-01-01 00:00:00', 'UTC') AND order_time < toDateTime('2024-07-01 00:00:00', 'UTC')");
  });

  it('applies to both months', () => {
    expect(sql('april vs may revenue last year')).toContain("order_time >= toDateTime('2024-04-01 00:00:00', 'UTC') AND order_time < toDateTime('2024-06-01 00:00:00', 'UTC')");
    expect(sql('signups in march and april 2025')).toContain('GROUP BY month');
  });

  it('reads "may" as the month at the end of a follow-up or before a comparison word, not as the verb', () => {
    const [, may, split] = thread('revenue in April', 'and May?', 'split that by device');
    expect(flat(may)).toContain("order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
    expect(flat(split)).toContain("order_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
    expect(flat(split)).toContain('GROUP BY device');
    expect(sql('revenue may vs april')).toBe(sql('revenue april vs may'));
    expect(sql('may I see revenue by month')).toBe(sql('revenue by month'));
  });
});
