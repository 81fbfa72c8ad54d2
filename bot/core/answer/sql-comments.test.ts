import { describe, expect, it } from 'vitest';
import { refuseUnappliedComment } from './sql-comments.ts';

const verdict = (sql: string): string => {
  try {
    refuseUnappliedComment(sql);
    return 'runs';
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
};

describe('a comment in raw SQL that asks for a period', () => {
  it('is refused with the reason when the statement filters on no time', () => {
    expect(verdict("select device, count() from demo.orders group by device -- past 2 weeks")).toMatch(/^BAD_INPUT: The SQL runs exactly as written, and its comment "past 2 weeks" asks for a period/);
    expect(verdict('/* yesterday only */ select count() from demo.events')).toMatch(/^BAD_INPUT: .*"yesterday only"/);
    expect(verdict('select sum(revenue) from demo.orders -- MTD')).toMatch(/^BAD_INPUT/);
    expect(verdict('select count() from demo.users -- signups in March')).toMatch(/^BAD_INPUT/);
  });

  it('runs when the statement filters on time, or the comment names no period, or the dashes are inside a string', () => {
    expect(verdict("select count() from demo.orders where order_time >= '2025-06-01' -- this month")).toBe('runs');
    expect(verdict('select count() from demo.events where toDate(event_time) = yesterday() -- yesterday')).toBe('runs');
    expect(verdict('select count() from demo.orders -- every order ever')).toBe('runs');
    expect(verdict("select 'last 7 days -- today' as label")).toBe('runs');
    expect(verdict('select count() from demo.orders')).toBe('runs');
  });
});
