import { describe, expect, it } from 'vitest';
import { flat, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);

describe('"restrict to / limit to / narrow to / filter to / keep only …" after an answer narrows it, as "only …" does', () => {
  it.each(['restrict to the last 90 days', 'filter to the last 90 days', 'limit it to the last 90 days', 'narrow it down to the last 90 days'])('"%s" keeps the series and its filters', (q) => {
    expect(last('weekly refunds', 'mobile only', q)).toBe(last('weekly refunds', 'mobile only', 'only the last 90 days'));
    expect(last('weekly refunds', 'mobile only', q)).toContain("device = 'mobile' AND order_time >= toDateTime('2025-04-01 00:00:00', 'UTC')");
  });
  it.each(['filter to germany', 'keep only germany', 'narrow it down to germany', 'restrict the results to germany'])('"%s" is a value filter', (q) => {
    expect(last('revenue by country', q)).toContain("country = 'DE'");
  });
  it('"limit to 5" stays a row limit', () => {
    expect(last('weekly refunds', 'limit to 5')).toContain('LIMIT 5');
    expect(last('weekly refunds', 'limit to 5')).not.toContain('only');
  });
});
