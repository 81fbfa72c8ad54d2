/**
 * Two single days compared ("signups on May 16 vs May 9", "orders on June 3 compared with June 10") are both read, a row
 * each, as "yesterday vs the same day last week" is: only those two days, never the days between them.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

const bothDays = (a: string, b: string, t: string): RegExp => new RegExp(`\\(${t} >= toDateTime\\('${a} 00:00:00', 'UTC'\\) AND ${t} < toDateTime\\('[0-9-]+ 00:00:00', 'UTC'\\) OR ${t} >= toDateTime\\('${b} 00:00:00', 'UTC'\\)`);

describe('two single days compared', () => {
  it.each([
    ['signups on May 16 vs May 9', '2025-05-09', '2025-05-16', 'signup_time'],
    ['signups on May 16 vs on May 9', '2025-05-09', '2025-05-16', 'signup_time'],
    ['orders on June 3 compared with June 10', '2025-06-03', '2025-06-10', 'order_time'],
    ['revenue on 2025-06-10 versus 2025-06-03', '2025-06-03', '2025-06-10', 'order_time'],
    ['refunds June 3 vs June 10', '2025-06-03', '2025-06-10', 'order_time'],
    ['revenue yesterday vs June 10', '2025-06-10', '2025-06-29', 'order_time'],
  ])('"%s" is a row for each of the two days', (q, a, b, t) => {
    const s = sql(q);
    expect(s).toMatch(/^SELECT toDate\((signup|order)_time\) AS day, /);
    expect(s).toMatch(bothDays(a, b, t));
    expect(s).toMatch(/GROUP BY day ORDER BY day$/);
  });

  it('keeps a breakdown, and a change between the two days is the later minus the earlier', () => {
    expect(sql('revenue on June 3 vs June 10 by device')).toMatch(/^SELECT toDate\(order_time\) AS day, device, .* GROUP BY day, device/);
    expect(sql('how much did revenue grow on June 3 vs June 10')).toMatch(/argMax\(total_revenue, day\) \/ argMin\(total_revenue, day\) - 1, .*order_time >= toDateTime\('2025-06-10 00:00:00', 'UTC'\)/);
  });

  it('two neighbouring days stay one range, and two months apart are the two months', () => {
    expect(sql('revenue on June 3 and June 4')).not.toMatch(/ OR /);
    expect(sql('revenue in February vs May')).toContain("order_time >= toDateTime('2025-02-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-03-01 00:00:00', 'UTC') OR order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
  });
});
