import { describe, expect, it } from 'vitest';
import { extractTime, isoDateTime } from './time-phrases.ts';

// Monday 2025-06-30 18:00 UTC (ISO week starts 2025-06-30).
const NOW = new Date('2025-06-30T18:00:00Z');
const WED = new Date('2025-07-16T09:30:00Z');

function period(text: string, now = NOW): [string, string, boolean] | undefined {
  const t = extractTime(` ${text.toLowerCase()} `, now);
  return t.period ? [isoDateTime(t.period.from), isoDateTime(t.period.to), t.period.toInclusive] : undefined;
}

describe('time phrases (demo-dataset time table)', () => {
  it.each([
    ['today', '2025-06-30 00:00:00', '2025-06-30 18:00:00', true],
    ['yesterday', '2025-06-29 00:00:00', '2025-06-30 00:00:00', false],
    ['in the last 7 days', '2025-06-23 00:00:00', '2025-06-30 00:00:00', false],
    ['past 30 days', '2025-05-31 00:00:00', '2025-06-30 00:00:00', false],
    ['last seven days', '2025-06-23 00:00:00', '2025-06-30 00:00:00', false],
    ['last week', '2025-06-23 00:00:00', '2025-06-30 00:00:00', false],
    ['last month', '2025-05-01 00:00:00', '2025-06-01 00:00:00', false],
    ['last year', '2024-01-01 00:00:00', '2025-01-01 00:00:00', false],
    ['this week', '2025-06-30 00:00:00', '2025-06-30 18:00:00', true],
    ['this month', '2025-06-01 00:00:00', '2025-06-30 18:00:00', true],
    ['this year', '2025-01-01 00:00:00', '2025-06-30 18:00:00', true],
    ['year to date', '2025-01-01 00:00:00', '2025-06-30 18:00:00', true],
    ['this quarter', '2025-04-01 00:00:00', '2025-06-30 18:00:00', true],
    ['last quarter', '2025-01-01 00:00:00', '2025-04-01 00:00:00', false],
    ['in March', '2025-03-01 00:00:00', '2025-04-01 00:00:00', false],
    ['in July', '2024-07-01 00:00:00', '2024-08-01 00:00:00', false],
    // A running month named by its name ends now.
    ['in June', '2025-06-01 00:00:00', '2025-06-30 18:00:00', true],
    ['since the start of the month', '2025-06-01 00:00:00', '2025-06-30 18:00:00', true],
    ['since the beginning of this year', '2025-01-01 00:00:00', '2025-06-30 18:00:00', true],
    ['december 2024', '2024-12-01 00:00:00', '2025-01-01 00:00:00', false],
    ['in 2024', '2024-01-01 00:00:00', '2025-01-01 00:00:00', false],
    ['last 2 weeks', '2025-06-16 00:00:00', '2025-06-30 00:00:00', false],
    ['last 3 months', '2025-03-01 00:00:00', '2025-06-01 00:00:00', false],
    ['last 24 hours', '2025-06-29 18:00:00', '2025-06-30 18:00:00', true],
    ['on 2025-06-10', '2025-06-10 00:00:00', '2025-06-11 00:00:00', false],
    ['between 2025-06-01 and 2025-06-07', '2025-06-01 00:00:00', '2025-06-08 00:00:00', false],
    ['since March', '2025-03-01 00:00:00', '2025-06-30 18:00:00', true],
    ['3 days ago', '2025-06-27 00:00:00', '2025-06-28 00:00:00', false],
    ['in Q1', '2025-01-01 00:00:00', '2025-04-01 00:00:00', false],
  ])('%s', (text, from, to, inclusive) => {
    expect(period(text)).toEqual([from, to, inclusive]);
  });

  it('uses ISO weeks (Monday start) mid-week', () => {
    expect(period('last week', WED)).toEqual(['2025-07-07 00:00:00', '2025-07-14 00:00:00', false]);
    expect(period('this week', WED)).toEqual(['2025-07-14 00:00:00', '2025-07-16 09:30:00', true]);
  });

  it('crosses year boundaries for last month in January', () => {
    expect(period('last month', new Date('2025-01-15T00:00:00Z'))).toEqual(['2024-12-01 00:00:00', '2025-01-01 00:00:00', false]);
  });

  it('finds granularities and leaves "hour of day" alone', () => {
    expect(extractTime(' revenue by month ', NOW).grain).toBe('month');
    expect(extractTime(' daily active users ', NOW).grain).toBe('day');
    expect(extractTime(' events per hour yesterday ', NOW).grain).toBe('hour');
    expect(extractTime(' weekly orders ', NOW).grain).toBe('week');
    expect(extractTime(' revenue by hour of day ', NOW).grain).toBeUndefined();
    expect(extractTime(' revenue over time ', NOW).autoGrain).toBe(true);
  });

  it('flags the future and finds no period without time words', () => {
    expect(extractTime(' weather tomorrow ', NOW).future).toBe('tomorrow');
    expect(extractTime(' revenue on july 5 ', NOW).future).toBe('2025-07-05');
    expect(period('revenue by country')).toBeUndefined();
  });
});
