import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

describe('"the first refund", "the last cancellation": a figure counting one status names those rows, first / last by time', () => {
  it.each([
    ['when was the very first refund?', 'min', 'refunded'], ['when was the first refund', 'min', 'refunded'],
    ['when did we get our first refund', 'min', 'refunded'], ['when was the last cancellation', 'max', 'cancelled'],
    ['when was the most recent return', 'max', 'refunded'],
  ])('"%s" is the %s of order_time over %s orders', (q, agg, status) => {
    expect(sql(q)).toMatch(new RegExp(`^SELECT ${agg}\\(order_time\\) AS \\w+ FROM demo\\.orders WHERE status = '${status}' AND`));
  });
  it('"very" before first / last is an intensifier; the table\'s own noun stays over every row', () => {
    expect(sql('when was the very first order')).toBe(sql('when was the first order'));
    expect(sql('when was the very first order')).not.toContain('status');
    expect(sql('what was the very latest signup')).toBe(sql('latest signup'));
  });
  it('"latest cancellation" lists that row over cancelled orders (agent-row-listing.test.ts)', () => {
    expect(sql('latest cancellation')).toMatch(/^SELECT order_id, order_time FROM demo\.orders WHERE status = 'cancelled' AND .* ORDER BY order_time DESC, order_id DESC LIMIT 1$/);
  });
  it('one refund\'s value is that row\'s value over refunded orders (agent-row-value.test.ts)', () => {
    expect(sql('what was the latest refund worth')).toMatch(/^SELECT argMax\(revenue, order_time\) AS last_revenue FROM demo\.orders WHERE status = 'refunded' AND /);
  });
});

describe('a rewording is offered for a "when" question only when its answer is a time', () => {
  it.each(['when was the very first sale?', 'when was the first sale'])('"%s" offers no count as its answer', (q) => {
    const msg = refusal(q);
    expect(msg).toMatch(/did not understand "first"/);
    expect(msg).not.toMatch(/Try:/);
  });
});
