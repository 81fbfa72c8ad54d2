/**
 * Dates in a follow-up: a bare day of the month ("and on the 15th?") is read in the previous answer's month and year
 * when that answer is for one day or one month, and the next refinement keeps it; "same for <date> to <date>" (a
 * range with no "from" / "between") replaces the period rather than being read as two periods.
 */
import { describe, expect, it } from 'vitest';
import { thread, flat, sql } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => thread(...qs).at(-1)!;
const span = (col: string, a: string, b: string) => `${col} >= toDateTime('${a} 00:00:00', 'UTC') AND ${col} < toDateTime('${b} 00:00:00', 'UTC')`;

describe('a bare day of the month in a follow-up', () => {
  it('takes the month of a one-day answer, and the next turn keeps that day', () => {
    const [, on3, byDevice] = thread('orders by channel on April 10', 'what about the 3rd?', 'by device');
    expect(flat(on3)).toContain(span('order_time', '2025-04-03', '2025-04-04'));
    expect(flat(byDevice)).toMatch(/^SELECT device, /);
    expect(flat(byDevice)).toContain(span('order_time', '2025-04-03', '2025-04-04'));
    expect(byDevice.kept).toEqual(['2025-04-03']);
  });

  it('takes the month of a one-month answer', () => {
    expect(flat(last('revenue in March by country', 'and for the 22nd?'))).toContain(span('order_time', '2025-03-22', '2025-03-23'));
  });

  it('is read as before after another period or with no answer', () => {
    expect(flat(last('signups last week', 'and on the 3rd?'))).toContain(span('signup_time', '2025-06-03', '2025-06-04'));
    expect(sql('signups on the 3rd')).toContain(span('signup_time', '2025-06-03', '2025-06-04'));
  });
});

describe('"same for <date> to <date>"', () => {
  it('replaces the period of the previous answer', () => {
    const p = last('cancellations by country from May 20 to May 25', 'same for May 1 to May 7');
    expect(flat(p)).toMatch(/^SELECT country, count\(\) AS cancellations/);
    expect(flat(p)).toContain(span('order_time', '2025-05-01', '2025-05-08'));
    expect(flat(last('revenue between June 1 and June 5', 'and June 10 through June 12?'))).toContain(span('order_time', '2025-06-10', '2025-06-13'));
  });

  it('reads "for <date> to <date>" in one question as one range', () => {
    expect(sql('units sold for May 3 to May 9 by device')).toContain(span('order_time', '2025-05-03', '2025-05-10'));
  });
});
