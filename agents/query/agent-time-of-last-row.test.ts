/**
 * "Time of / date of the last <row noun>" asks the time of that row, as "when was the last …" does (max of the
 * table's time column); a figure of that row ("revenue of the last order") stays refused.
 */
import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

describe('time / date of the last or first row', () => {
  it('is the max / min time, as "when was" is', () => {
    expect(sql('time of the last completed order from Japan in May')).toBe("SELECT max(order_time) AS max_order_time FROM demo.orders WHERE status = 'completed' AND country = 'JP' AND order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
    expect(sql('date of the last refund')).toBe(sql('when was the last refund'));
    expect(sql('what was the time of the most recent signup')).toMatch(/^SELECT max\(signup_time\) AS max_signup_time FROM demo\.users/);
    expect(sql('timestamp of the first order on mobile')).toBe(sql('when was the first order on mobile'));
  });

  it('reads a figure of one row as that row\'s value, not its time (agent-row-value.test.ts)', () => {
    expect(sql('revenue of the last order')).toMatch(/^SELECT argMax\(revenue, order_time\) AS last_revenue FROM demo\.orders/);
    expect(refusal('latest user plan')).toMatch(/the value of one user/);
  });
});
